"""Candidates, validation history, quarantine, the atomic publish of the live warehouse and the record of what
was published beside it.

The live warehouse is only ever replaced by ``os.replace(candidate, live)``: a rename on one filesystem, so a
reader opening the live path sees either the whole previous file or the whole new one, and a reader that already
has it open keeps reading the previous file. The build never opens the live file with DuckDB (so it never takes
or waits for DuckDB's file lock on it): to carry the validation history forward it copies the live file's bytes
and attaches the copy.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import paths
from scrutiny.gate import Outcome

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
    outcome varchar not null
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
    source_file varchar
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
]


@contextlib.contextmanager
def build_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock for the whole build; a second build waits. The OS drops it if we are killed."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clear_stale_candidates(candidates: Path) -> list[Path]:
    """Remove candidates left by builds that were killed (only called while holding the build lock)."""
    removed: list[Path] = []
    if candidates.is_dir():
        for path in candidates.iterdir():
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed


def carry_history(live: Path, candidate: Path, scratch: Path) -> int:
    """Copy data_quality.* of the live warehouse into the candidate; returns the number of result rows carried.

    Works from a byte copy of the live file, so a reader holding the live file open never blocks the build.
    """
    with duckdb.connect(str(candidate)) as con:
        con.execute(f"create schema if not exists {HISTORY_SCHEMA}")
        con.execute(_RUNS_DDL)
        con.execute(_RESULTS_DDL)
        if not live.is_file():
            return 0
        scratch.mkdir(parents=True, exist_ok=True)
        previous = scratch / "previous_live.duckdb"
        shutil.copyfile(live, previous)
        con.execute(f"attach '{previous}' as previous (read_only)")
        try:
            tables = {
                row[0]
                for row in con.execute(
                    "select table_name from duckdb_tables() where database_name = 'previous' and schema_name = ?",
                    [HISTORY_SCHEMA],
                ).fetchall()
            }
            carried = 0
            for table in ("build_runs", "expectation_results"):
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
            carried = con.execute(f"select count(*) from {HISTORY_SCHEMA}.expectation_results").fetchone()[0]
        finally:
            con.execute("detach previous")
        previous.unlink(missing_ok=True)
        return carried


def record_run(candidate: Path, run: dict, outcomes: Sequence[Outcome]) -> None:
    """Append this run and its expectation results to the candidate's data_quality schema."""
    with duckdb.connect(str(candidate)) as con:
        con.execute(f"create schema if not exists {HISTORY_SCHEMA}")
        con.execute(_RUNS_DDL)
        con.execute(_RESULTS_DDL)
        con.execute(f"delete from {HISTORY_SCHEMA}.build_runs where run_id = ?", [run["run_id"]])
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
        con.execute("checkpoint")


def settle(candidate: Path) -> None:
    """Make the candidate one self-contained file: fold any write-ahead log into it and flush it to disk."""
    wal = candidate.with_name(candidate.name + ".wal")
    if wal.exists():
        with duckdb.connect(str(candidate)) as con:
            con.execute("checkpoint")
    if wal.exists():
        raise RuntimeError(f"{candidate} still has a write-ahead log after a checkpoint; not publishing it")
    with candidate.open("rb") as handle:
        os.fsync(handle.fileno())


def publish(candidate: Path, live: Path) -> None:
    """Atomically replace the live warehouse with the validated candidate (same filesystem rename)."""
    settle(candidate)
    live.parent.mkdir(parents=True, exist_ok=True)
    os.replace(candidate, live)
    directory = os.open(live.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def quarantine(candidate: Path | None, folder: Path, report: str, details: dict) -> Path:
    """Keep a rejected candidate and why it was rejected under build/quarantine/<run_id>/."""
    folder.mkdir(parents=True, exist_ok=True)
    if candidate is not None and candidate.exists():
        shutil.move(str(candidate), folder / candidate.name)
        wal = candidate.with_name(candidate.name + ".wal")
        if wal.exists():
            shutil.move(str(wal), folder / wal.name)
    (folder / "failure.txt").write_text(report + "\n", encoding="utf-8")
    (folder / "failure.json").write_text(json.dumps(details, indent=2, default=str) + "\n", encoding="utf-8")
    return folder


# --- what was published ------------------------------------------------------------------------------------


def _live_identity(live: Path) -> list[int]:
    stat = live.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def published_run_if_current(live: Path, fingerprint: dict) -> str | None:
    """The run id that published the live warehouse, if it was built from inputs with this fingerprint and the
    file is still the one that run published; else None (build)."""
    record = paths.published_record_file()
    if not live.is_file() or not record.is_file():
        return None
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        current = saved["sha256"] == fingerprint["sha256"] and saved["live"] == _live_identity(live)
        return saved["run_id"] if current else None
    except (ValueError, KeyError, TypeError, OSError):
        return None


def record_published(live: Path, fingerprint: dict, run_id: str) -> None:
    """Beside the live warehouse, atomically: the fingerprint of the inputs it was built from and its identity."""
    record = paths.published_record_file()
    scratch = record.with_name(record.name + ".tmp")
    scratch.write_text(json.dumps({**fingerprint, "run_id": run_id, "live": _live_identity(live)}), encoding="utf-8")
    os.replace(scratch, record)


# --- run history -------------------------------------------------------------------------------------------


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


def record_history(live: Path, candidate: Path, scratch: Path, run: dict, outcomes: Sequence[Outcome]) -> int:
    """Carry the live warehouse's validation history into the candidate and append this run; the number of
    expectation results the candidate now holds."""
    carry_history(live, candidate, scratch)
    record_run(candidate, run, outcomes)
    with duckdb.connect(str(candidate), read_only=True) as con:
        return con.execute(f"select count(*) from {HISTORY_SCHEMA}.expectation_results").fetchone()[0]
