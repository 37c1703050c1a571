"""The validation history every warehouse carries in its ``data_quality`` schema: each build run, every
expectation's result and the rows of every table, carried from the previous live warehouse into each candidate
and appended to."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny.gate.outcome import Outcome

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
