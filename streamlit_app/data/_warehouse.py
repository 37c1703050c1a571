"""The one data-access module: every query the app runs is here.

- A read-only connection to the published warehouse, one per warehouse version; a build publishes a new file by
  an atomic rename at any time, and the next query opens the new file. Each version is attached to an in-memory
  DuckDB of its own: ``duckdb.connect(path)`` would hand back the database instance the process already has open
  for that path (the old, renamed-over file), so the app would keep showing the warehouse it first opened. A live
  file that cannot be read raises ``duckdb.Error`` (the page says so) instead of falling back to older data.
- Parameters are always bound (`?`), never formatted into SQL.
- Results are cached per warehouse version (the file's inode and modification time), so a newly published
  warehouse is picked up on the next rerun without restarting the app.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from scrutiny.paths import warehouse_path

#: Tables (and columns) the app needs. A warehouse without them was built by an older version of the project.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "marts.fct_benchmark_values": ("indicator_id", "period_label", "southend_value", "england_value"),
    "marts.fct_indicator_scorecard": ("indicator_id", "rag_status", "latest_quartile_band"),
    "marts.dim_indicators": ("indicator_id", "indicator_label", "topic", "unit", "polarity"),
    "marts.fct_complaint_measures": ("stream", "measure", "period_label", "value"),
    "marts.dim_source_documents": ("source_document_id", "text_sha256"),
    "marts.dim_focus_authority": ("focus_la_number",),
    "marts.dim_neighbour_groups": ("neighbour_group_id", "group_short_label"),
    "marts.dim_vocabularies": ("vocabulary", "code", "label"),
    "marts.fct_ld_annual_health_checks": ("ccg_code", "checks_completed", "checks_target"),
    "marts.fct_community_inpatient_beds": ("figure_id", "value", "missing_reason"),
    "marts.fct_southend_quick_view": ("figure_id", "is_placed", "value"),
    "marts.fct_pack_number_exclusions": ("source_line", "number_as_printed", "reason"),
}


@dataclass(frozen=True)
class WarehouseStatus:
    path: Path
    exists: bool
    missing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.exists and not self.missing


def _version(path: Path) -> str:
    """Changes whenever a build publishes a new file over the live one."""
    stat = os.stat(path)
    # the change time too: a rename sets it, while a new file can get a freed inode and keep its modification time
    return f"{stat.st_ino}-{stat.st_ctime_ns}-{stat.st_mtime_ns}-{stat.st_size}"


#: The name the published warehouse is attached under in the app's in-memory database.
_CATALOG = "warehouse"


@st.cache_resource(show_spinner=False, max_entries=1)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per warehouse version: opening one costs ~25 ms, a query on an open one a few.
    A new version (a newly published file) gets a new connection, an in-memory database with the file attached
    read-only (never ``duckdb.connect(path)``: DuckDB would reuse the instance this process already holds for the
    path, i.e. the old file). The old connection keeps reading the old file until it is dropped, so a query never
    sees a half-replaced warehouse."""
    del version  # part of the cache key only
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"attach '{path.replace(chr(39), chr(39) * 2)}' as {_CATALOG} (read_only)")
    except duckdb.Error:
        connection.close()
        raise
    return connection


#: Told of every query a page asks for, answered from the cache or not: see add_query_listener and
#: add_result_listener.
_query_listeners: list[Callable[[str, tuple], None]] = []
_result_listeners: list[Callable[[str, tuple, pd.DataFrame], None]] = []


def add_query_listener(listener: Callable[[str, tuple], None]) -> Callable[[], None]:
    """Be told (sql, params) of every query a page asks for (the benchmark records the pages' queries so, a test
    which marts a page reads). Returns a function that stops it."""
    _query_listeners.append(listener)
    return lambda: _query_listeners.remove(listener)


def add_result_listener(listener: Callable[[str, tuple, pd.DataFrame], None]) -> Callable[[], None]:
    """Be told (sql, params, rows) of every query's answer as a page receives it (a test finds every number a page
    shows in the rows it read). Returns a function that stops it."""
    _result_listeners.append(listener)
    return lambda: _result_listeners.remove(listener)


def _run(path: Path, version: str, sql: str, params: tuple) -> pd.DataFrame:
    # A cursor per query: DuckDB connections are not shared between threads, cursors are their per-thread handles.
    # A cursor starts in the in-memory catalog, so each one switches to the attached warehouse first.
    with _connection(str(path), version).cursor() as cursor:
        cursor.execute(f"use {_CATALOG}")
        return cursor.execute(sql, list(params)).df()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: str, sql: str, params: tuple) -> pd.DataFrame:
    return _run(Path(path), version, sql, params)


def query(sql: str, params: tuple = ()) -> pd.DataFrame:
    """Runs a read-only query with bound parameters against the live warehouse, cached per warehouse version."""
    params = tuple(params)
    for listener in _query_listeners:
        listener(sql, params)
    path = warehouse_path()
    rows = _cached(str(path), _version(path), sql, params).copy()
    for result_listener in _result_listeners:
        result_listener(sql, params, rows)
    return rows


def warehouse_version() -> str:
    """Changes whenever a build publishes a new warehouse (for caches of things made from it)."""
    path = warehouse_path()
    return _version(path) if path.exists() else "absent"


def warehouse_status() -> WarehouseStatus:
    path = warehouse_path()
    if not path.exists():
        return WarehouseStatus(path=path, exists=False)
    present = query(
        "select table_schema || '.' || table_name as table_name, column_name from information_schema.columns"
    )
    columns_by_table = present.groupby("table_name")["column_name"].apply(set).to_dict()
    missing = []
    for table, columns in REQUIRED_COLUMNS.items():
        have = columns_by_table.get(table)
        if have is None:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in columns if column not in have)
    return WarehouseStatus(path=path, exists=True, missing=tuple(missing))


def table_exists(table: str) -> bool:
    schema, name = table.split(".")
    found = query(
        "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?",
        (schema, name),
    )
    return bool(found["n"].iloc[0])


def column_exists(table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` (a warehouse published by an older build may lack a newer column)."""
    schema, name = table.split(".")
    found = query(
        "select count(*) as n from information_schema.columns"
        " where table_schema = ? and table_name = ? and column_name = ?",
        (schema, name, column),
    )
    return bool(found["n"].iloc[0])
