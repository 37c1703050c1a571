"""The live warehouse: read from a byte copy before a build, replaced atomically by a validated candidate, and a
rejected candidate (or an unreadable live file) kept in quarantine with its report.

The live warehouse is only ever replaced by ``os.replace(candidate, live)``: a rename on one filesystem, so a
reader opening the live path sees either the whole previous file or the whole new one, and a reader that already
has it open keeps reading the previous file. The build never opens the live file with DuckDB (so it never takes
or waits for DuckDB's file lock on it): it reads a byte copy (:func:`inspect_live`), which also tells a live file
that can no longer be read (truncated, overwritten) from a good one. Such a file never blocks a build: it is
kept in quarantine with a report and replaced by the next good candidate.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from scrutiny import paths


@dataclass(frozen=True)
class LiveWarehouse:
    """What the build found at the live path before building."""

    path: Path
    exists: bool
    #: Why the file cannot be read as a warehouse (None: it can, or there is none).
    unreadable: str | None = None
    #: A byte copy holding its validation history (None when there is no readable live file).
    copy: Path | None = None


def inspect_live(live: Path, copy: Path) -> LiveWarehouse:
    """Copy the live file's bytes and open the copy read-only: a readable warehouse, an unreadable one (and why),
    or none."""
    if not live.exists():
        return LiveWarehouse(live, False)
    try:
        shutil.copyfile(live, copy)
    except OSError as error:  # name the copy being written (a full disk), not the live file it is read from
        raise OSError(error.errno, f"{error.strerror} (copying the live warehouse {live})", str(copy)) from error
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            con.execute("select count(*) from duckdb_tables()").fetchone()
    except duckdb.Error as error:
        return LiveWarehouse(live, True, str(error).splitlines()[0][:300], copy)
    return LiveWarehouse(live, True, None, copy)


def quarantine_unreadable_live(state: LiveWarehouse, folder: paths.QuarantineFolder) -> Path:
    """Keep the unreadable live file's bytes and why it was unreadable in the run's quarantine folder."""
    folder.root.mkdir(parents=True, exist_ok=True)
    if state.copy is not None and state.copy.exists():
        shutil.move(str(state.copy), folder.unreadable_live)
    folder.unreadable_live_report.write_text(
        f"The live warehouse {state.path} could not be read: {state.unreadable}\n"
        f"Its bytes are kept here ({folder.unreadable_live.name}); the build replaces it with a validated "
        "candidate.\n",
        encoding="utf-8",
    )
    return folder.root


# --- publishing and quarantine ------------------------------------------------------------------------------


def settle(candidate: Path) -> str:
    """Make the candidate one self-contained file: fold any write-ahead log into it and flush it to disk; returns
    its SHA-256 (read while the flush writes, so it costs little more than the flush)."""
    wal = candidate.with_name(candidate.name + ".wal")
    if wal.exists():
        with duckdb.connect(str(candidate)) as con:
            con.execute("checkpoint")
    if wal.exists():
        raise RuntimeError(f"{candidate} still has a write-ahead log after a checkpoint; not publishing it")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(paths.file_sha256, candidate)
        with candidate.open("rb") as handle:
            os.fsync(handle.fileno())
        return digest.result()


def flush(path: Path) -> None:
    """Write a file's changed pages to disk now (early: the publish's fsync then has little left to write). A file
    moved away meanwhile (a failed build's candidate, quarantined) needs nothing."""
    with contextlib.suppress(FileNotFoundError), path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def publish(candidate: Path, live: Path) -> str:
    """Atomically replace the live warehouse with the validated candidate; returns the SHA-256 of what is now
    live. The candidate is renamed over the live file; when the two are on different filesystems it is first
    copied beside the live file (and that copy is renamed), so readers still see one whole file or the other. A
    copy that fails (a full disk) is removed: nothing half-written stays beside the live file."""
    digest = settle(candidate)
    live.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(candidate, live)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        incoming = live.with_name(f".{live.name}.{candidate.parent.name}.incoming")
        with removed_on_failure(incoming):
            shutil.copyfile(candidate, incoming)
            with incoming.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(incoming, live)
        candidate.unlink()
    _fsync_folder(live.parent)
    return digest


@contextlib.contextmanager
def removed_on_failure(path: Path) -> Iterator[None]:
    """A file being written that is removed if the writing fails (a partial file keeps a full disk full)."""
    try:
        yield
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, text: str) -> None:
    """Write ``target`` through a scratch file renamed over it; the scratch file is removed if writing fails."""
    scratch = target.with_name(target.name + ".tmp")
    with removed_on_failure(scratch):
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, target)


def quarantine(candidate: Path | None, folder: paths.QuarantineFolder, report: str, details: dict) -> Path:
    """Keep a rejected candidate and why it was rejected in the run's quarantine folder."""
    folder.root.mkdir(parents=True, exist_ok=True)
    folder.failure_text.write_text(report + "\n", encoding="utf-8")
    folder.failure_json.write_text(json.dumps(details, indent=2, default=str) + "\n", encoding="utf-8")
    if candidate is not None and candidate.exists():
        shutil.move(str(candidate), folder.candidate)
        wal = candidate.with_name(candidate.name + ".wal")
        if wal.exists():
            shutil.move(str(wal), folder.candidate.with_name(wal.name))
    return folder.root
