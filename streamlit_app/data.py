"""The one data-access module: every query the app runs is here.

- Read-only connections to the published warehouse; a connection is opened per query and closed at once, so a
  build can publish a new file (an atomic rename) at any time.
- Parameters are always bound (`?`), never formatted into SQL.
- Results are cached per warehouse version (the file's inode and modification time), so a newly published
  warehouse is picked up on the next rerun without restarting the app.
"""

from __future__ import annotations

import os
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
    "seeds.source_documents": ("source_document_id", "sha256"),
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
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


def _run(path: Path, sql: str, params: tuple) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, list(params)).df()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: str, sql: str, params: tuple) -> pd.DataFrame:
    del version  # part of the cache key only
    return _run(Path(path), sql, params)


def query(sql: str, params: tuple = ()) -> pd.DataFrame:
    """Runs a read-only query with bound parameters against the live warehouse, cached per warehouse version."""
    path = warehouse_path()
    return _cached(str(path), _version(path), sql, tuple(params)).copy()


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


# --- benchmarks -------------------------------------------------------------------------------------------


def topics() -> list[str]:
    return query("select distinct topic from marts.dim_indicators order by topic")["topic"].tolist()


def indicators(topic: str | None = None, search: str = "") -> pd.DataFrame:
    return query(
        """
        select indicator_id, indicator_label, topic, unit, polarity, decimal_places
        from marts.dim_indicators
        where (? is null or topic = ?)
            and (? = '' or contains(lower(indicator_label), lower(?)))
        order by topic, indicator_label
        """,
        (topic, topic, search, search),
    )


def indicator(indicator_id: str) -> dict:
    found = query(
        """
        select indicator_id, indicator_label, topic, unit, polarity, decimal_places, source_collection,
            source_section, source_table, notes
        from marts.dim_indicators
        where indicator_id = ?
        """,
        (indicator_id,),
    )
    return found.iloc[0].to_dict() if len(found) else {}


def benchmark_series(indicator_id: str) -> pd.DataFrame:
    return query(
        """
        select indicator_id, period_label, period_start_date, period_end_date, unit, polarity,
            southend_value, southend_missing_reason, england_value, sn_average_value, southend_rank, quartile_band,
            gap_to_england, gap_to_neighbours, comparison_with_england, comparison_with_neighbours,
            direction_of_travel, source_section, source_table, southend_value_source_line,
            england_value_source_line, sn_average_source_line, rank_source_line, band_source_line
        from marts.fct_benchmark_values
        where indicator_id = ?
        order by period_start_date
        """,
        (indicator_id,),
    )


def scorecard(topic: str | None = None) -> pd.DataFrame:
    return query(
        """
        select indicator_id, indicator_label, topic, unit, polarity, decimal_places, latest_period_label,
            latest_southend_value, latest_england_value, latest_sn_average_value, gap_to_england,
            gap_to_neighbours, comparison_with_england, comparison_with_neighbours, latest_rank,
            latest_quartile_band, direction_of_travel, improvement_rank_3yr, improvement_band_3yr,
            improvement_rank_yoy, improvement_band_yoy, rag_status, source_section, source_table,
            southend_value_source_line
        from marts.fct_indicator_scorecard
        where (? is null or topic = ?)
        order by topic, indicator_label
        """,
        (topic, topic),
    )


def rag_counts() -> pd.DataFrame:
    return query(
        """
        select rag_status, coalesce(latest_quartile_band, 'no band') as quartile_band, count(*) as count_indicators
        from marts.fct_indicator_scorecard
        group by all
        order by rag_status, quartile_band
        """
    )


# --- sources and quality ----------------------------------------------------------------------------------


def source_documents() -> pd.DataFrame:
    return query(
        """
        select source_document_id, title, publisher, meeting_name, meeting_date, path, sha256
        from seeds.source_documents
        order by meeting_date
        """
    )

