"""Tests on DfE's real LAIT extract, when it is present (skipped, with the reason, when it is not).

They use the session's full build (conftest ``warehouse``) and check facts against the raw files read here
independently of dbt.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from scrutiny import paths
from scrutiny.sources.lait import land as lait

LAIT_DIR = paths.lait_dir()
MISSING = lait.missing_files(LAIT_DIR)
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"LAIT extract absent ({LAIT_DIR or 'SCRUTINY_LAIT_DIR unset and no ../shared/lait'}; missing {', '.join(MISSING)})",
)

SOUTHEND = 882
KS2_RWM = "KS2RWM_Expected_STD"


@pytest.fixture(scope="module")
def con(warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(warehouse), read_only=True)


def raw(sql: str) -> list[tuple]:
    """Query the raw extract file directly (no dbt)."""
    bds = str(LAIT_DIR / lait.BDS_FILE)
    return duckdb.sql(sql.replace("BDS", f"read_parquet('{bds}')")).fetchall()


def pack_neighbours() -> list[int]:
    with (paths.REPO_ROOT / "seeds" / "reference" / "neighbour_groups.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["neighbour_group_id"] == "pack_2021"]
    return [int(row["neighbour_la_code"]) for row in sorted(rows, key=lambda row: int(row["neighbour_position"]))]


def test_row_counts(con: duckdb.DuckDBPyConnection) -> None:
    assert raw("select count(*) from BDS") == [(641_070,)]
    assert con.sql("select count(*) from marts.fct_lait_values").fetchall() == [(641_070,)]
    assert con.sql("select count(*) from marts.dim_lait_measures").fetchall() == [(434,)]
    assert con.sql("select count(*) from marts.fct_lait_values where period_kind is null").fetchall() == [(170,)]


def test_southend_ks2_reading_writing_maths_2019(con: duckdb.DuckDBPyConnection) -> None:
    published = raw(
        f'select "Values" from BDS where "Short Desc" = \'{KS2_RWM}\' and "LA Number" = {SOUTHEND} and "Years" = \'2019\''
    )
    assert published == [("68",)]
    row = con.sql(
        f"""select value, england_value, period_kind, cast(period_end_date as varchar)
            from marts.fct_lait_values where measure_code = '{KS2_RWM}' and la_number = {SOUTHEND} and period_label = '2019'"""
    ).fetchall()
    assert row == [(68.0, 65.0, "academic_year", "2019-08-31")]


def test_pack_neighbours_average_recomputed_independently(con: duckdb.DuckDBPyConnection) -> None:
    neighbours = pack_neighbours()
    assert len(neighbours) == 10
    values = raw(
        f"""select "LA Number", try_cast("Values" as double) from BDS
            where "Short Desc" = '{KS2_RWM}' and "Years" = '2019' and "LA Number" in ({", ".join(map(str, neighbours))})"""
    )
    numbers = [value for _, value in values if value is not None]
    expected = sum(numbers) / len(numbers)
    mart = con.sql(
        f"""select neighbours_average_value, count_neighbours_with_value from marts.fct_lait_neighbour_benchmarks_all_groups
            where neighbour_group_id = 'pack_2021' and focus_la_number = {SOUTHEND}
              and measure_code = '{KS2_RWM}' and period_label = '2019'"""
    ).fetchall()
    assert mart == [(pytest.approx(expected), len(numbers))]
    # ... and it is the figure the pack printed for the statistical neighbours (64.2)
    assert round(expected, 1) == 64.2
    reconciled = con.sql(
        """select pack_value, computed_value, is_match from marts.fct_lait_pack_benchmark_reconciliation
           where indicator_id = 'ks2_rwm_expected_standard' and statistic = 'neighbours_average'"""
    ).fetchall()
    assert [(float(a), b, c) for a, b, c in reconciled] == [(64.2, 64.2, True)]


def test_neighbour_groups_are_versioned(con: duckdb.DuckDBPyConnection) -> None:
    def members(group: str) -> set[int]:
        rows = con.sql(
            f"select neighbour_la_number from marts.dim_lait_neighbour_group_members "
            f"where neighbour_group_id = '{group}' and focus_la_number = {SOUTHEND}"
        ).fetchall()
        return {row[0] for row in rows}

    pack, april_2021 = members("pack_2021"), members("dfe_2021_04")
    assert pack - april_2021 == {373, 880}  # Sheffield and Torbay
    assert april_2021 - pack == {935, 881}  # Suffolk and Essex
    assert len(members("dfe_2025_05")) == 10


def test_committee_figure_later_revised_is_flagged(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql(
        """select pack_value, extract_value, revision_status, is_revised_since_pack from marts.fct_lait_revisions_since_pack
           where indicator_id = 'lac_rate_per_10k' and area = 'southend' and pack_period_label = '2019'"""
    ).fetchall()
    assert [(float(a), b, c, d) for a, b, c, d in rows] == [(77.0, 79.0, "revised", True)]
