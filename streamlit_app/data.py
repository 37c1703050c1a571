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


#: Called with (sql, params) for every query that reaches the warehouse (a cached result does not); see
#: add_query_listener.
_query_listeners: list[Callable[[str, tuple], None]] = []


def add_query_listener(listener: Callable[[str, tuple], None]) -> None:
    """Be told of every query the app sends to the warehouse (the benchmark records the pages' queries so)."""
    _query_listeners.append(listener)


def _run(path: Path, version: str, sql: str, params: tuple) -> pd.DataFrame:
    for listener in _query_listeners:
        listener(sql, params)
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
    path = warehouse_path()
    return _cached(str(path), _version(path), sql, tuple(params)).copy()


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


def carried_results() -> pd.DataFrame:
    """Per suite, how many results of the latest published run were carried from an earlier run (an incremental
    build validates only the tables it rebuilt; the others' results stand from the run that validated them)."""
    if not column_exists("data_quality.expectation_results", "carried_from_run_id"):
        return pd.DataFrame(columns=["suite", "count_carried", "carried_from"])
    return query(
        """
        with latest as (
            select run_id from data_quality.build_runs where is_published order by started_at desc limit 1
        )
        select suite, count(*) as count_carried, min(carried_from_run_id) as carried_from
        from data_quality.expectation_results
        where run_id = (select run_id from latest) and carried_from_run_id is not null
        group by suite
        """
    )


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
        select source_document_id, document_title as title, publisher, meeting_name, meeting_date,
            text_path as path, text_sha256 as sha256
        from marts.dim_source_documents
        order by meeting_date
        """
    )


# --- complaints ---------------------------------------------------------------------------------------------


def vocabulary_labels(vocabulary: str) -> dict[str, str]:
    """Code -> label of one controlled vocabulary (e.g. complaint streams), from the one vocabulary seed."""
    found = query("select code, label from marts.dim_vocabularies where vocabulary = ? order by code", (vocabulary,))
    return dict(zip(found["code"], found["label"], strict=True))


def stream_names() -> dict[str, str]:
    """The complaint streams' names (general, adult social care, children's social care, the Ombudsman)."""
    return vocabulary_labels("stream")


def complaint_measure_by_year(measure: str) -> pd.DataFrame:
    """A measure for each stream and financial year, as printed (no restated copies, no breakdowns)."""
    return query(
        """
        select stream, measure, period_label, period_start_date, value, unit, missing_reason,
            source_section, source_table, source_line
        from marts.fct_complaint_measures
        where measure = ?
            and period_kind = 'financial_year'
        order by stream, period_start_date
        """,
        (measure,),
    )


def complaints_by_period(period_kind: str) -> pd.DataFrame:
    """Complaints received by quarter or by month (children's social care prints both)."""
    return query(
        """
        select stream, period_label, period_start_date, value, missing_reason, source_section, source_table,
            source_line
        from marts.fct_complaint_measures
        where measure = 'complaints_received'
            and period_kind = ?
        order by stream, period_start_date
        """,
        (period_kind,),
    )


def complaint_issues() -> pd.DataFrame:
    return query(
        """
        select stream, service_area, period_label, issue_category, is_top_issue_only, count_issues,
            pct_of_issues, count_issues_not_upheld, count_issues_in_area, source_section, source_table,
            source_line
        from marts.fct_complaint_issues
        order by stream, service_area, count_issues desc
        """
    )


def complaint_outcomes() -> pd.DataFrame:
    return query(
        """
        select stream, service_area, period_label, outcome_subject, outcome_as_printed, outcome_group,
            count_outcome, count_missing_reason, pct_of_subject, source_section, source_table, source_line
        from marts.fct_complaint_outcomes
        order by stream, service_area, outcome_subject, count_outcome desc
        """
    )


def complaint_timeliness() -> pd.DataFrame:
    return query(
        """
        select stream, service_area, period_label, count_complaints_in_base, count_within_timescale,
            pct_within_timescale, timescale_basis, source_section, source_table, source_line
        from marts.fct_complaint_timeliness
        order by stream, period_start_date
        """
    )


def ombudsman_decisions() -> pd.DataFrame:
    return query(
        """
        select period_label, category, outcome_as_printed, value, missing_reason, source_section, source_table,
            source_line
        from marts.fct_complaint_breakdowns
        where stream = 'ombudsman' and measure = 'decisions_by_outcome'
        order by value desc
        """
    )


def ombudsman_investigations() -> pd.DataFrame:
    return query(
        """
        select period_label, period_start_date, count_detailed_investigations, count_upheld, pct_upheld_rate,
            source_section, source_table, source_line
        from marts.fct_ombudsman_investigations
        order by period_start_date
        """
    )


def ombudsman_upheld_cases() -> pd.DataFrame:
    return query(
        """
        select case_id, council_function, summary_of_complaint, service_improvement_recommendations,
            agreed_remedy, period_label, source_section, source_line
        from marts.fct_ombudsman_upheld_cases
        order by case_order
        """
    )


# --- safeguarding -------------------------------------------------------------------------------------------


def children_demand_funnel() -> pd.DataFrame:
    return query(
        """
        select financial_year, period_start_date, stage_order, stage, count_at_stage, pct_of_previous_stage,
            count_previous_year, pct_change_vs_previous_year, source_line
        from marts.fct_children_demand_funnel
        order by period_start_date, stage_order
        """
    )


def adult_safeguarding_by_year() -> pd.DataFrame:
    return query(
        """
        select financial_year, period_start_date, count_concerns_raised, count_s42_enquiries_started,
            count_s42_enquiries_concluded, pct_conversion_recomputed, pct_conversion_printed,
            count_dols_applications_table, count_dols_applications_decided, source_line_concerns_raised,
            source_line_s42_enquiries_started, source_line_s42_enquiries_concluded
        from marts.fct_adult_safeguarding_by_year
        order by period_start_date
        """
    )


def partnership_budgets() -> pd.DataFrame:
    return query(
        """
        select authority_name, is_group_average, budget_area, period_label, gbp_local_authority, gbp_police,
            gbp_health, gbp_total, gbp_combined_total, gbp_average_total, source_section, source_line_total
        from marts.fct_partnership_budget_comparison
        order by budget_area, is_group_average, authority_name
        """
    )


# --- data quality -------------------------------------------------------------------------------------------


def build_runs(limit: int = 20) -> pd.DataFrame:
    return query(
        """
        select run_id, started_at, finished_at, git_commit, count_models, count_dbt_tests, count_dbt_tests_passed,
            count_expectations, count_expectations_passed, is_published, outcome
        from data_quality.build_runs
        order by started_at desc
        limit ?
        """,
        (limit,),
    )


def latest_suite_results() -> pd.DataFrame:
    """Per suite, expectations passed and failed in the latest published run."""
    return query(
        """
        with latest as (
            select run_id from data_quality.build_runs where is_published order by started_at desc limit 1
        )
        select suite, table_name, count(*) as count_expectations,
            count(*) filter (where success) as count_passed,
            count(*) filter (where not success) as count_failed
        from data_quality.expectation_results
        where run_id = (select run_id from latest)
        group by suite, table_name
        order by suite
        """
    )


def expectation_results(suite: str) -> pd.DataFrame:
    return query(
        """
        with latest as (
            select run_id from data_quality.build_runs where is_published order by started_at desc limit 1
        )
        select expectation, table_name, column_name, success, observed_value, unexpected_count, element_count
        from data_quality.expectation_results
        where run_id = (select run_id from latest) and suite = ?
        order by success, expectation, column_name
        """,
        (suite,),
    )


def focus_authority() -> dict:
    """The authority the warehouse was built for (dbt var focus_la_number) and its default neighbour group."""
    found = query(
        """
        select focus_la_number, focus_la_name, england_la_number, default_neighbour_group_id,
            focus_default_neighbour_group_id
        from marts.dim_focus_authority
        """
    )
    return found.iloc[0].to_dict() if len(found) else {}


def neighbour_groups() -> pd.DataFrame:
    """The registry of neighbour groups: labels, publication, where the members come from, whether loaded."""
    return query(
        """
        select neighbour_group_id, group_label, group_short_label, publisher, published_year_month, members_from,
            source_document_id, count_focus_las, is_loaded, is_latest_published_group as is_latest_published,
            is_configured_default_group as is_default_group
        from marts.dim_neighbour_groups
        order by published_month_start_date desc, neighbour_group_id
        """
    )


def neighbour_group_members(group_id: str) -> pd.DataFrame:
    """A group's members in order, named from the project's authority list (there with or without DfE's data)."""
    return query(
        """
        select members.neighbour_position, authorities.la_name, members.closeness
        from marts.dim_lait_neighbour_group_members as members
        left join marts.dim_local_authorities as authorities
            on members.neighbour_la_number = authorities.la_number
        where members.neighbour_group_id = ?
        order by members.focus_la_number, members.neighbour_position
        """,
        (group_id,),
    )


# --- DfE LAIT extract: any authority and its neighbours -----------------------------------------------------


def lait_loaded() -> bool:
    return bool(query("select count(*) as n from marts.fct_lait_values")["n"].iloc[0])


def lait_authorities() -> pd.DataFrame:
    return query(
        """
        select la_number, area_name, region_name
        from marts.dim_lait_areas
        where area_type = 'local_authority' and is_in_extract
        order by area_name
        """
    )


def lait_neighbour_groups(focus_la_number: int) -> pd.DataFrame:
    """The groups that have this focus authority: its default first, then the latest published first."""
    return query(
        """
        select members.neighbour_group_id, groups.group_short_label, bool_or(members.is_default_for_focus) as is_default
        from marts.dim_lait_neighbour_group_members as members
        inner join marts.dim_neighbour_groups as groups
            on members.neighbour_group_id = groups.neighbour_group_id
        where members.focus_la_number = ?
        group by members.neighbour_group_id, groups.group_short_label, groups.published_month_start_date
        order by is_default desc, groups.published_month_start_date desc, members.neighbour_group_id
        """,
        (focus_la_number,),
    )


def lait_measures(search: str = "") -> pd.DataFrame:
    return query(
        """
        select measure_code, measure_label, topic, unit_label, polarity, decimal_places
        from marts.dim_lait_measures
        where count_periods > 0
            and (? = '' or contains(lower(measure_label), lower(?)) or contains(lower(topic), lower(?)))
        order by topic, measure_label
        """,
        (search, search, search),
    )


def lait_series(neighbour_group_id: str, focus_la_number: int, measure_code: str) -> pd.DataFrame:
    """The focus authority's value, its neighbours' average, England and the region over time."""
    return query(
        """
        select period_label, period_end_date, is_labelled_revised as is_revised,
            is_labelled_provisional as is_provisional, focus_value, focus_missing_reason,
            neighbours_average_value, count_neighbours_with_value, count_neighbours_in_group, england_value,
            region_value, rank_among_las, count_las_ranked, quartile_band, change_from_previous,
            count_consecutive_periods_improved, polarity
        from marts.fct_lait_neighbour_benchmarks_all_groups
        where neighbour_group_id = ? and focus_la_number = ? and measure_code = ?
        order by period_end_date
        """,
        (neighbour_group_id, focus_la_number, measure_code),
    )


def lait_neighbour_values(
    neighbour_group_id: str, focus_la_number: int, measure_code: str, period: str
) -> pd.DataFrame:
    """The focus authority and each of its neighbours for one measure and period."""
    return query(
        """
        select neighbour_position, is_focus, la_number, la_name, closeness, value, missing_reason, rank_among_las,
            quartile_band
        from marts.fct_lait_neighbour_values_all_groups
        where neighbour_group_id = ? and focus_la_number = ? and measure_code = ? and period_label = ?
        order by is_focus desc, neighbour_position
        """,
        (neighbour_group_id, focus_la_number, measure_code, period),
    )


def lait_revisions(measure_code: str, la_number: int) -> pd.DataFrame:
    """Where the pack printed this measure for this authority: the value the committee saw and today's."""
    return query(
        """
        select indicator_id, pack_period_label, lait_period_label, pack_value, extract_value, revision_difference,
            revision_status, is_revised_since_pack as is_revised, pack_source_line
        from marts.fct_lait_revisions_since_pack
        where measure_code = ? and la_number = ?
        order by period_end_year
        """,
        (measure_code, la_number),
    )


# --- any authority: the shared focus, the generated data matrix, DfE's children's social care statistics ----


def document_authority() -> int | None:
    """The authority the committee pack is about: its transcribed figures are the "as reported to the committee"
    layer, shown beside DfE's data when it is the focus."""
    found = query("select max(la_number) as la_number from marts.fct_lait_revisions_since_pack where area <> 'england'")
    value = found["la_number"].iloc[0] if len(found) else None
    return None if value is None or pd.isna(value) else int(value)


def focus_options() -> pd.DataFrame:
    """Every authority and neighbour group the generated matrix has, with names and the default group of each."""
    return query(
        """
        select distinct focus_la_number, focus_la_name, neighbour_group_id, neighbour_group_label,
            is_default_for_focus, is_legacy_focus
        from marts.fct_lait_matrix
        where not is_legacy_focus
        order by focus_la_name, neighbour_group_id
        """
    )


def matrix_topics(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """The topics of the generated matrix in the pack's order (its own topics first, then DfE's)."""
    return query(
        """
        select topic_order, matrix_topic, topic_label, bool_or(is_in_pack_matrix) as is_pack_topic,
            count(*) as count_measures
        from marts.fct_lait_matrix
        where focus_la_number = ? and neighbour_group_id = ?
        group by topic_order, matrix_topic, topic_label
        order by topic_order
        """,
        (focus_la_number, neighbour_group_id),
    )


def matrix_rows(focus_la_number: int, neighbour_group_id: str, matrix_topic: str | None = None) -> pd.DataFrame:
    """The generated data matrix (marts.fct_lait_matrix) of one authority and group: one topic, or all of it."""
    return query(
        """
        select *
        from marts.fct_lait_matrix
        where focus_la_number = ? and neighbour_group_id = ? and (? is null or matrix_topic = ?)
        order by topic_order, measure_order
        """,
        (focus_la_number, neighbour_group_id, matrix_topic, matrix_topic),
    )


def matrix_neighbours(focus_la_number: int, neighbour_group_id: str) -> list[str]:
    found = query(
        """
        select neighbour_la_number, coalesce(neighbour_la_name, 'LA ' || cast(neighbour_la_number as varchar)) as name
        from marts.dim_lait_neighbour_group_members
        where focus_la_number = ? and neighbour_group_id = ?
        order by neighbour_position
        """,
        (focus_la_number, neighbour_group_id),
    )
    return [f"{r.name} ({r.neighbour_la_number})" for r in found.itertuples()]


def missing_words(source_family: str) -> dict[str, str]:
    """What each missing-value reason means for one family of sources (pack, dfe_lait, dfe_ees)."""
    found = query(
        "select missing_reason, wording from marts.dim_missing_reasons where source_family = ?", (source_family,)
    )
    return dict(zip(found["missing_reason"], found["wording"], strict=True))


def published_build() -> dict:
    """The build that published this warehouse and the latest update date DfE gives in its extract."""
    run = query(
        """
        select run_id, coalesce(git_commit, 'unknown') as git_commit, finished_at
        from data_quality.build_runs
        where is_published
        order by started_at desc
        limit 1
        """
    )
    updated = query("select max(dfe_last_updated_date) as updated from marts.fct_lait_matrix")
    row = run.iloc[0].to_dict() if len(run) else {"run_id": "unknown", "git_commit": "unknown", "finished_at": None}
    row["extract_updated"] = updated["updated"].iloc[0] if len(updated) else None
    return row


def data_as_at() -> dict:
    """What the pages' figures stand on: the committee pack (its meeting and date), the version of DfE's extract
    (the latest published version held, and the latest update date DfE gives in it) and the published build's time.
    A part the warehouse does not hold is None."""
    pack = query(
        """
        select meeting_name, meeting_date
        from marts.dim_source_documents
        where meeting_date is not null
        order by meeting_date desc
        limit 1
        """
    )
    found: dict = {"meeting_name": None, "meeting_date": None, "vintage_id": None, "vintage_committed_at": None}
    if len(pack):
        found.update(pack.iloc[0].to_dict())
    vintages = lait_vintages()
    if not vintages.empty:
        latest = vintages.iloc[-1]
        found.update(vintage_id=latest["vintage_id"], vintage_committed_at=latest["committed_at"])
    updated = query("select max(dfe_last_updated_date) as updated from marts.fct_lait_matrix")
    found["extract_updated"] = updated["updated"].iloc[0] if len(updated) else None
    found["build_finished_at"] = found["build_run_id"] = None
    if table_exists("data_quality.build_runs"):
        run = query(
            """
            select run_id, finished_at
            from data_quality.build_runs
            where is_published
            order by started_at desc
            limit 1
            """
        )
        if len(run):
            found.update(build_run_id=run["run_id"].iloc[0], build_finished_at=run["finished_at"].iloc[0])
    return found


def ees_loaded() -> bool:
    return bool(query("select count(*) as n from marts.fct_ees_csc_values")["n"].iloc[0])


def ees_benchmarks(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """The focus authority against its neighbours on DfE's children's social care statistics, every year."""
    return query(
        """
        select measure_id, measure_label, unit, polarity, decimal_places, is_headline, time_period, period_label,
            focus_value, focus_missing_reason, neighbours_average_value, count_neighbours_with_value,
            count_neighbours_in_group, neighbours_median_value, neighbours_min_value, neighbours_max_value,
            england_value, region_value, rank_among_las, count_las_ranked, rank_order
        from marts.fct_ees_csc_neighbour_benchmarks_all_groups
        where focus_la_number = ? and neighbour_group_id = ?
        order by measure_id, time_period
        """,
        (focus_la_number, neighbour_group_id),
    )


def ees_funnel(la_number: int) -> pd.DataFrame:
    """The children's demand funnel from DfE's official statistics for one authority, every year."""
    return query(
        """
        select time_period, period_label, stage_order, stage, stage_label, count_at_stage, count_missing_reason,
            rate_per_10k, rate_missing_reason, pct_of_previous_stage, england_rate_per_10k, region_rate_per_10k,
            rate_rank_among_las, count_las_ranked, source_file, source_row
        from marts.fct_ees_csc_demand_funnel
        where la_number = ?
        order by time_period, stage_order
        """,
        (la_number,),
    )


def ees_pack_reconciliation() -> pd.DataFrame:
    """The pack's locally reported children's social care figures against DfE's official ones."""
    return query(
        """
        select figure_id, pack_measure, pack_period_label, pack_value, measure_label, dfe_period_label, dfe_value,
            dfe_missing_reason, difference, difference_pct, explanation, pack_source_line, dfe_source_file,
            dfe_source_row
        from marts.fct_ees_csc_pack_reconciliation
        order by time_period, figure_id
        """
    )


def headlines() -> pd.DataFrame:
    """The headline measures, in order: what the pages open on."""
    return query(
        """
        select headline_order, measure_code, dfe_measure_label, indicator_id, indicator_label, topic, ees_measure_id
        from marts.dim_headline_measures
        order by headline_order
        """
    )


def headline_measure_codes() -> list[str]:
    return [m for m in headlines()["measure_code"].tolist() if isinstance(m, str)]


# --- context: the pack beyond the benchmarks ---------------------------------------------------------------

#: Sections of the safeguarding report written by the strategic partners and the partnership's subgroups.
PARTNER_SECTIONS = (
    "Updates on Safeguarding Activity from Strategic Partners – Essex Police",
    "Mid and South Essex Foundation Hospital Trust",
    "NHS Southend CCG",
    "Essex Partnership University Trust (EPUT) Safeguarding Adults and Children Team",
    "North East London NHS Foundation Trust (NELFT)",
    "Southend Borough Council - Education",
    "Child Exploitation and Missing",
    "SSPC Audit & Quality Assurance (AQA)",
    "SSPC Performance Subgroup",
    "Joint Learning & Development",
    "Safeguarding Adults Case Review (SACRP)",
)


def partner_figures(section: str) -> pd.DataFrame:
    """The figures a strategic partner's or subgroup's section of the safeguarding report prints."""
    return query(
        """
        select figure_id, measure, category, period_label, value, unit, missing_reason, source_table,
            source_line, note
        from marts.fct_safeguarding_figures
        where source_section = ?
        order by coalesce(source_line, 999999), figure_id
        """,
        (section,),
    )


def ld_annual_health_checks() -> pd.DataFrame:
    return query(
        """
        select ccg_code, ccg_name, ccg_name_as_printed, is_total_row, checks_q1, checks_q2, checks_q3, checks_q4,
            checks_completed, checks_quarters_sum, checks_target, checks_same_point_last_year, pct_of_target,
            checks_more_than_same_point_last_year, has_known_discrepancy, source_section, first_source_line,
            last_source_line
        from marts.fct_ld_annual_health_checks
        order by is_total_row, ccg_name
        """
    )


def community_beds() -> pd.DataFrame:
    return query(
        """
        select figure_id, measure, category, period_label, value, unit, missing_reason, note, source_table,
            source_line
        from marts.fct_community_inpatient_beds
        order by coalesce(source_line, 999999), figure_id
        """
    )


def quick_view() -> pd.DataFrame:
    return query(
        """
        select figure_id, is_placed, panel, label_as_printed, candidate_labels, value, unit, note, source_line
        from marts.fct_southend_quick_view
        order by not is_placed, source_line, figure_id
        """
    )


def pack_number_exclusion_counts() -> pd.DataFrame:
    return query(
        """
        select reason, reason_description, count(*) as numbers
        from marts.fct_pack_number_exclusions
        group by reason, reason_description
        order by numbers desc, reason
        """
    )


def search_pack(term: str) -> pd.DataFrame:
    """Every transcribed figure, and every number that is not a figure, matching a word or a number.

    A number ("294", "1,839") matches figures with that value and listed numbers printed so; words match the
    figure's measure, category, section, table and note (or an indicator's label).
    """
    text = term.strip().lower()
    cleaned = text.replace(",", "").replace("£", "").replace("%", "")
    try:
        number = float(cleaned) if cleaned else None
    except ValueError:
        number = None
    return query(
        """
        with figures as (
            select 'Safeguarding report' as found_in, figure_id,
                replace(measure, '_', ' ') || coalesce(' – ' || replace(category, '_', ' '), '') as description,
                value, unit, period_label, missing_reason, source_section, source_table, source_line,
                coalesce(note, '') as note
            from marts.fct_safeguarding_figures
            union all
            select 'Learning-disability health checks (NHS Southend CCG)', 'ld_ahc_' || ccg_code,
                'annual health checks completed – ' || ccg_name, checks_completed, 'count', '2020/21', null,
                source_section, source_table, source_line_completed,
                'Q1 ' || checks_q1 || ', Q2 ' || checks_q2 || ', Q3 ' || checks_q3 || ', Q4 ' || checks_q4
                    || '; target ' || checks_target || '; same point last year ' || checks_same_point_last_year
            from marts.fct_ld_annual_health_checks
            union all
            select 'Complaints report', figure_id, replace(measure, '_', ' ') || ' – ' || stream,
                value, unit, period_label, missing_reason, source_section, source_table, source_line,
                coalesce(note, '')
            from marts.fct_complaint_measures
            union all
            select 'Complaints report', figure_id,
                replace(measure, '_', ' ') || ' – ' || stream || coalesce(' – ' || replace(category, '_', ' '), ''),
                value, unit, period_label, missing_reason, source_section, source_table, source_line,
                coalesce(note, '')
            from marts.fct_complaint_breakdowns
            union all
            select 'Data matrix (Appendix 1)', values_.indicator_id, indicators.indicator_label,
                values_.southend_value, values_.unit, values_.period_label, values_.southend_missing_reason,
                values_.source_section, values_.source_table, values_.southend_value_source_line, ''
            from marts.fct_benchmark_values as values_
            inner join marts.dim_indicators as indicators on values_.indicator_id = indicators.indicator_id
            union all
            select 'Community inpatient beds paper', figure_id,
                replace(measure, '_', ' ') || coalesce(' – ' || category, ''), value, unit, period_label,
                missing_reason, source_section, source_table, source_line, coalesce(note, '')
            from marts.fct_community_inpatient_beds
            union all
            select 'Southend – A Quick View', figure_id,
                coalesce(label_as_printed, 'unplaced: ' || candidate_labels), value, unit, 'not printed', null,
                source_section, source_table, source_line, coalesce(note, '')
            from marts.fct_southend_quick_view
        ),

        matches as (
            select found_in, true as is_figure, description, value, unit, period_label, missing_reason,
                null as reason, source_section, source_table, source_line, note
            from figures
            where (? is not null and abs(value) = ?)
                or (? is null and ? <> '' and contains(
                    lower(description || ' ' || figure_id || ' ' || coalesce(source_section, '') || ' '
                        || coalesce(source_table, '') || ' ' || note), ?
                ))
            union all
            select 'Not a figure', false, number_as_printed || ': ' || replace(reason, '_', ' '),
                null, null, null, null, reason, null, null, source_line, coalesce(note, reason_description)
            from marts.fct_pack_number_exclusions
            where ? is not null and try_cast(replace(number_as_printed, ',', '') as double) = ?
        )

        select * from matches
        order by not is_figure, found_in, source_line
        limit 200
        """,
        (number, number, number, text, text, number, number),
    )


# --- DfE LAIT: every published version ("vintage") ---------------------------------------------------------


def lait_vintages() -> pd.DataFrame:
    """The published versions of DfE's extract held, oldest first (empty when they were not loaded)."""
    if not table_exists("marts.dim_lait_vintages"):
        return pd.DataFrame(columns=["vintage_seq", "vintage_id", "committed_at", "committed_on", "message"])
    return query(
        """
        select vintage_seq, vintage_id, committed_at, committed_on, message, is_latest_vintage as is_latest,
            count_figures, count_revised
        from marts.dim_lait_vintages
        order by vintage_seq
        """
    )


def lait_period_label_base(measure_code: str, period_label: str) -> str:
    """The period label without its suffix, as the current extract reads it ("2024 (prov)" -> "2024")."""
    found = query(
        "select distinct period_label as period_label_base from marts.fct_lait_values"
        " where measure_code = ? and period_label = ?",
        (measure_code, period_label),
    )
    return str(found["period_label_base"].iloc[0]) if len(found) else period_label


def lait_figure_history(measure_code: str, la_number: int, period_label_base: str) -> pd.DataFrame:
    """One figure's published values, each with the dates it stood and the kind of change that started it."""
    return query(
        """
        select history.period_label_as_published as period_label, history.value, history.value_text,
            history.missing_reason,
            history.opened_by_change_class, history.valid_from, history.valid_from_date,
            history.valid_from_vintage_id, history.valid_to, history.valid_to_date,
            history.is_in_latest_vintage as is_current,
            history.is_from_first_vintage, vintage.message as valid_from_message
        from marts.fct_lait_vintage_value_history as history
        left join marts.dim_lait_vintages as vintage
            on history.valid_from_vintage_seq = vintage.vintage_seq
        where history.measure_code = ? and history.la_number = ? and history.period_label = ?
        order by history.valid_from
        """,
        (measure_code, la_number, period_label_base),
    )


def lait_series_as_published(
    neighbour_group_id: str, focus_la_number: int, measure_code: str, published_at: object
) -> pd.DataFrame:
    """lait_series as DfE had published it at `published_at` (a version's commit time): the focus authority's
    value, its neighbours' average, England, rank and band for every period, from the series version then."""
    return query(
        """
        select period_label_as_published as period_label, period_label as period_label_base, period_end_date,
            focus_value, focus_missing_reason,
            neighbours_average_value, count_neighbours_with_value, count_neighbours_in_group, england_value,
            rank_among_las, count_las_ranked, quartile_band, version_vintage_id
        from marts.fct_lait_vintage_neighbour_benchmarks_all_groups
        where neighbour_group_id = ? and focus_la_number = ? and measure_code = ?
            and valid_from <= ? and (valid_to > ? or valid_to is null)
        order by period_end_date, period_label
        """,
        (neighbour_group_id, focus_la_number, measure_code, published_at, published_at),
    )


def lait_neighbour_values_as_published(
    neighbour_group_id: str, focus_la_number: int, measure_code: str, period_label_base: str, published_at: object
) -> pd.DataFrame:
    """lait_neighbour_values as published at `published_at` (a version's commit time): the focus authority and
    each neighbour."""
    return query(
        """
        with members as (
            select 0 as neighbour_position, ? as la_number, cast(null as varchar) as closeness
            union all
            select neighbour_position, neighbour_la_number, closeness
            from marts.dim_lait_neighbour_group_members
            where neighbour_group_id = ? and focus_la_number = ?
        )
        select members.neighbour_position, members.neighbour_position = 0 as is_focus, members.la_number,
            coalesce(benchmarks.area_name, areas.area_name) as la_name, members.closeness, benchmarks.value,
            benchmarks.missing_reason, benchmarks.rank_among_las, benchmarks.quartile_band
        from members
        left join marts.fct_lait_vintage_benchmarks as benchmarks
            on members.la_number = benchmarks.la_number
            and benchmarks.measure_code = ? and benchmarks.period_label = ?
            and benchmarks.valid_from <= ? and (benchmarks.valid_to > ? or benchmarks.valid_to is null)
        left join marts.dim_lait_areas as areas
            on members.la_number = areas.la_number
        order by is_focus desc, members.neighbour_position
        """,
        (
            focus_la_number,
            neighbour_group_id,
            focus_la_number,
            measure_code,
            period_label_base,
            published_at,
            published_at,
        ),
    )


def pack_figures_across_vintages(indicator_id: str, la_number: int) -> pd.DataFrame:
    """Each year the pack printed for this indicator and authority: the value the committee saw, DfE's earliest
    and latest published values and the revision path between."""
    if not table_exists("marts.fct_lait_vintage_pack_figures"):
        return pd.DataFrame()
    return query(
        """
        select pack_period_label, lait_period_label, period_label as period_label_base, measure_code, match_quality,
            pack_value,
            pack_decimal_places,
            revision_status, earliest_vintage_id, earliest_vintage_date, earliest_value, earliest_value_text,
            latest_vintage_id, latest_vintage_date, latest_value, latest_value_text,
            is_withdrawn_in_latest_vintage as is_latest_withdrawn,
            count_published_states, count_revisions, revision_path, pack_source_line
        from marts.fct_lait_vintage_pack_figures
        where indicator_id = ? and la_number = ? and earliest_vintage_id is not null
        order by pack_period_label
        """,
        (indicator_id, la_number),
    )


def pack_figures_as_published(indicator_id: str, la_number: int, published_at: object) -> pd.DataFrame:
    """For each year the pack printed: the value DfE published for it as it stood at `published_at` (a version's
    commit time)."""
    return query(
        """
        select figures.pack_period_label, history.value, history.value_text, history.missing_reason,
            history.valid_from_vintage_id
        from marts.fct_lait_vintage_pack_figures as figures
        inner join marts.fct_lait_vintage_value_history as history
            on figures.measure_code = history.measure_code
            and figures.la_number = history.la_number
            and figures.period_label = history.period_label
        where figures.indicator_id = ? and figures.la_number = ?
            and history.valid_from <= ? and (history.valid_to > ? or history.valid_to is null)
        """,
        (indicator_id, la_number, published_at, published_at),
    )
