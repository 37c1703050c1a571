"""Candidates, validation history, quarantine, the atomic publish of the live warehouse and the record of what
was published beside it.

The live warehouse is only ever replaced by ``os.replace(candidate, live)``: a rename on one filesystem, so a
reader opening the live path sees either the whole previous file or the whole new one, and a reader that already
has it open keeps reading the previous file. The build never opens the live file with DuckDB (so it never takes
or waits for DuckDB's file lock on it): it reads a byte copy (:func:`inspect_live`), which also tells a live file
that can no longer be read (truncated, overwritten) from a good one. Such a file never blocks a build: it is
kept in quarantine with a report and replaced by the next good candidate.

Beside the live file, :func:`record_published` writes what the build that published it read and wrote: the
input fingerprint, each raw source's files, the rows of every table, the run id and the live file's identity.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import paths
from scrutiny.errors import BuildFailed
from scrutiny.gate.suites import Outcome

HISTORY_SCHEMA = "data_quality"

_RUNS_DDL = f"""
create table if not exists {HISTORY_SCHEMA}.build_runs (
    run_id varchar not null primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    git_commit varchar,
    count_models integer,
    count_dbt_tests integer,
    count_dbt_tests_passed integer,
    count_expectations integer,
    count_expectations_passed integer,
    is_published boolean not null,
    outcome varchar not null,
    count_expectations_carried integer,
    build_kind varchar
)
"""

_RESULTS_DDL = f"""
create table if not exists {HISTORY_SCHEMA}.expectation_results (
    run_id varchar not null,
    validated_at timestamptz not null,
    stage varchar not null,
    suite varchar not null,
    expectation varchar not null,
    table_name varchar not null,
    column_name varchar,
    success boolean not null,
    observed_value varchar,
    unexpected_count bigint,
    element_count bigint,
    sample_unexpected varchar,
    kwargs varchar,
    source_file varchar,
    carried_from_run_id varchar
)
"""

_ROW_COUNTS_DDL = f"""
create table if not exists {HISTORY_SCHEMA}.relation_row_counts (
    run_id varchar not null,
    relation varchar not null,
    row_count bigint not null
)
"""

_RESULT_COLUMNS = [
    "run_id",
    "validated_at",
    "stage",
    "suite",
    "expectation",
    "table_name",
    "column_name",
    "success",
    "observed_value",
    "unexpected_count",
    "element_count",
    "sample_unexpected",
    "kwargs",
    "source_file",
    "carried_from_run_id",
]


@contextlib.contextmanager
def build_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock for the whole build; a second build of the same warehouse waits. The OS drops it if
    we are killed."""
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


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --- the live warehouse as it is ---------------------------------------------------------------------------


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


def _history_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The data_quality tables, with every column this version records (added to a history written by an earlier
    version: an incremental build's candidate is the live warehouse's copy, history included)."""
    con.execute(f"create schema if not exists {HISTORY_SCHEMA}")
    for ddl in (_RUNS_DDL, _RESULTS_DDL, _ROW_COUNTS_DDL):
        con.execute(ddl)
        table = ddl.split(f"{HISTORY_SCHEMA}.")[1].split()[0]
        body = ddl[ddl.index("(") + 1 : ddl.rindex(")")]
        for line in body.strip().splitlines():
            column, kind = line.strip().rstrip(",").split()[:2]
            con.execute(f"alter table {HISTORY_SCHEMA}.{table} add column if not exists {column} {kind}")


def carry_history(previous: Path | None, candidate: Path) -> int:
    """Copy data_quality.* of the previous live warehouse (its byte copy, when readable) into the candidate;
    returns the number of expectation results the candidate then holds. A candidate that is that copy (an
    incremental build's) holds the history already: there is nothing to carry."""
    with duckdb.connect(str(candidate)) as con:
        _history_tables(con)
        if previous is None or not previous.is_file():
            return 0
        con.execute(f"attach '{previous}' as previous (read_only)")
        try:
            tables = {
                row[0]
                for row in con.execute(
                    "select table_name from duckdb_tables() where database_name = 'previous' and schema_name = ?",
                    [HISTORY_SCHEMA],
                ).fetchall()
            }
            for table in ("build_runs", "expectation_results", "relation_row_counts"):
                if table not in tables:
                    continue
                columns = [
                    row[0]
                    for row in con.execute(
                        "select column_name from duckdb_columns() where database_name = 'previous' "
                        "and schema_name = ? and table_name = ? "
                        "and column_name in (select column_name from duckdb_columns() where database_name = "
                        "current_database() and schema_name = ? and table_name = ?)",
                        [HISTORY_SCHEMA, table, HISTORY_SCHEMA, table],
                    ).fetchall()
                ]
                column_list = ", ".join(columns)
                con.execute(
                    f"insert into {HISTORY_SCHEMA}.{table} ({column_list}) "
                    f"select {column_list} from previous.{HISTORY_SCHEMA}.{table}"
                )
            return con.execute(f"select count(*) from {HISTORY_SCHEMA}.expectation_results").fetchone()[0]
        finally:
            con.execute("detach previous")


def record_run(candidate: Path, run: dict, outcomes: Sequence[Outcome], row_counts: dict[str, int]) -> int:
    """Write this run, its expectation results and (when given) the rows of every table into the candidate's
    data_quality, replacing what an earlier call wrote for the same run (a run is recorded once: a build that
    fails after recording itself as published records itself again as quarantined). Returns the number of
    expectation results the candidate holds."""
    with duckdb.connect(str(candidate)) as con:
        _history_tables(con)
        replaced = ["build_runs", "expectation_results"] + (["relation_row_counts"] if row_counts else [])
        for table in replaced:
            con.execute(f"delete from {HISTORY_SCHEMA}.{table} where run_id = ?", [run["run_id"]])
        columns = list(run)
        con.execute(
            f"insert into {HISTORY_SCHEMA}.build_runs ({', '.join(columns)}) "
            f"values ({', '.join('?' for _ in columns)})",
            [run[c] for c in columns],
        )
        rows = [[asdict(o)[c] for c in _RESULT_COLUMNS] for o in outcomes]
        if rows:
            con.executemany(
                f"insert into {HISTORY_SCHEMA}.expectation_results ({', '.join(_RESULT_COLUMNS)}) "
                f"values ({', '.join('?' for _ in _RESULT_COLUMNS)})",
                rows,
            )
        if row_counts:
            con.executemany(
                f"insert into {HISTORY_SCHEMA}.relation_row_counts (run_id, relation, row_count) values (?, ?, ?)",
                [[run["run_id"], relation, count] for relation, count in row_counts.items()],
            )
        con.execute("checkpoint")
        return con.execute(f"select count(*) from {HISTORY_SCHEMA}.expectation_results").fetchone()[0]


def record_history(
    previous: Path | None, candidate: Path, run: dict, outcomes: Sequence[Outcome], row_counts: dict[str, int]
) -> int:
    """Carry the previous live warehouse's validation history into the candidate and append this run; the number
    of expectation results the candidate now holds."""
    carry_history(previous, candidate)
    return record_run(candidate, run, outcomes, row_counts)


def published_outcomes(previous: Path | None, run_id: str | None) -> list[Outcome]:
    """The expectation results the build ``run_id`` recorded in a warehouse (the byte copy of the live one): what
    an incremental build carries for the tables it did not rebuild. Empty when there are none."""
    if previous is None or not previous.is_file() or not run_id:
        return []
    with duckdb.connect(str(previous), read_only=True) as con:
        found = con.execute(
            "select column_name from duckdb_columns() where schema_name = ? and table_name = 'expectation_results'",
            [HISTORY_SCHEMA],
        ).fetchall()
        columns = {name for (name,) in found}
        if not columns:
            return []
        listed = ", ".join(c if c in columns else f"null as {c}" for c in _RESULT_COLUMNS)
        rows = con.execute(
            f"select {listed} from {HISTORY_SCHEMA}.expectation_results where run_id = ? order by all", [run_id]
        ).fetchall()
    outcomes = []
    for row in rows:
        values = dict(zip(_RESULT_COLUMNS, row, strict=True))
        values["validated_at"] = str(values["validated_at"])
        outcomes.append(Outcome(**values))
    return outcomes


def keep_manifest(manifest: Path, state_dir: Path) -> str:
    """Copy the published build's dbt manifest into ``state_dir`` (beside the live warehouse), atomically;
    returns its SHA-256 (recorded with what was published, so the next build can tell it is the right one)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    target = state_dir / paths.DBT_MANIFEST
    scratch = target.with_name(target.name + ".tmp")
    with _removed_on_failure(scratch):
        shutil.copyfile(manifest, scratch)
        os.replace(scratch, target)
    return file_sha256(target)


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
        digest = pool.submit(file_sha256, candidate)
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
        with _removed_on_failure(incoming):
            shutil.copyfile(candidate, incoming)
            with incoming.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(incoming, live)
        candidate.unlink()
    _fsync_folder(live.parent)
    return digest


@contextlib.contextmanager
def _removed_on_failure(path: Path) -> Iterator[None]:
    """A file being written that is removed if the writing fails (a partial file keeps a full disk full)."""
    try:
        yield
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write_atomically(target: Path, text: str) -> None:
    """Write ``target`` through a scratch file renamed over it; the scratch file is removed if writing fails."""
    scratch = target.with_name(target.name + ".tmp")
    with _removed_on_failure(scratch):
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


# --- what was published --------------------------------------------------------------------------------------


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
        if file_sha256(live) != saved["live_sha256"]:
            return None
        with contextlib.suppress(OSError):  # the same bytes under a new identity: spare the next build the read
            record_published(live, saved)
        return saved
    except (ValueError, OSError):
        return None


def record_published(live: Path, record: dict) -> None:
    """Beside the live warehouse, atomically: ``record`` (with ``live_sha256``, the live file's SHA-256) and the
    live file's identity."""
    _write_atomically(paths.published_record_file(), json.dumps({**record, "live": _live_identity(live)}, indent=1))


# --- run history ---------------------------------------------------------------------------------------------


def git_commit(project: Path) -> str | None:
    """The project's commit, when it is a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def recent_runs(live: Path, limit: int) -> pd.DataFrame:
    """The latest builds recorded in a warehouse's history, newest first."""
    with duckdb.connect(str(live), read_only=True) as con:
        return con.execute(
            "select run_id, outcome, count_models, count_dbt_tests_passed || '/' || count_dbt_tests as dbt_tests, "
            "count_expectations_passed || '/' || count_expectations as expectations "
            f"from {HISTORY_SCHEMA}.build_runs order by started_at desc limit ?",
            [limit],
        ).df()
