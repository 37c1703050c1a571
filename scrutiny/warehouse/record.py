"""What was published, recorded beside the live warehouse: the input fingerprint, each raw source's files, the
rows of every table, the run id and the live file's identity (:func:`record_published`), and the published
build's dbt manifest (the state an incremental build compares with)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from scrutiny import paths
from scrutiny.warehouse.publish import removed_on_failure, write_atomically


def keep_manifest(manifest: Path, state_dir: Path) -> str:
    """Copy the published build's dbt manifest into ``state_dir`` (beside the live warehouse), atomically;
    returns its SHA-256 (recorded with what was published, so the next build can tell it is the right one)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    target = state_dir / paths.DBT_MANIFEST
    scratch = target.with_name(target.name + ".tmp")
    with removed_on_failure(scratch):
        shutil.copyfile(manifest, scratch)
        os.replace(scratch, target)
    return paths.file_sha256(target)


def _live_identity(live: Path) -> list[int]:
    """Changes whenever the file is replaced or written (the change time cannot be set back by hand)."""
    stat = live.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def published_record(live: Path) -> dict | None:
    """What the build that published the live file recorded beside it, if the live file holds what it published
    (its SHA-256); else None. A copied or restored warehouse (its record beside it) is recognised by its content:
    the file's identity (inode, size, times) only spares reading it when nothing touched it since."""
    record = paths.published_record_file()
    if not live.is_file() or not record.is_file():
        return None
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        if not isinstance(saved, dict) or not saved.get("live_sha256"):
            return None
        if saved.get("live") == _live_identity(live):
            return saved
        if paths.file_sha256(live) != saved["live_sha256"]:
            return None
        with contextlib.suppress(OSError):  # the same bytes under a new identity: spare the next build the read
            record_published(live, saved)
        return saved
    except (ValueError, OSError):
        return None


def record_published(live: Path, record: dict) -> None:
    """Beside the live warehouse, atomically: ``record`` (with ``live_sha256``, the live file's SHA-256) and the
    live file's identity."""
    write_atomically(paths.published_record_file(), json.dumps({**record, "live": _live_identity(live)}, indent=1))
