"""The lock that makes builds of one warehouse (and landings of one source) queue, and the check that the
warehouse folder can take a new file."""

from __future__ import annotations

import contextlib
import fcntl
import tempfile
from collections.abc import Iterator
from pathlib import Path

from scrutiny import paths
from scrutiny.errors import BuildFailed


@contextlib.contextmanager
def held(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` while the block runs; another process asking for it waits (a second
    build of the same warehouse, or of the same landing folder). The OS drops it if the process is killed."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_writable(folder: Path) -> None:
    """BuildFailed unless files can be created in ``folder`` (made when missing): checked before any work."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        raise BuildFailed(
            "warehouse folder",
            f"{error.filename or folder}: cannot write in the warehouse folder ({error.strerror or error}). The build "
            "publishes by writing a new file beside the live one: make the folder writable, or set "
            f"{paths.ENV_WAREHOUSE} to a file in a writable folder.",
        ) from error
