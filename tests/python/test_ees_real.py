"""DfE's real children's social care statistics (../shared/ees_csc, when present; skipped with the reason when not),
read from the session's warehouse (conftest ``built_warehouse``)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from scrutiny import paths
from scrutiny.sources import ees

EES_DIR = paths.ees_csc_dir()
pytestmark = pytest.mark.skipif(
    not ees.present_files(EES_DIR), reason=f"DfE's EES children's social care files absent ({EES_DIR})"
)
SOUTHEND = 882


@pytest.fixture(scope="module")
def con(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


def raw_cell(file_name: str, la: str, year: str, column: str) -> str:
    with (EES_DIR / file_name).open(encoding="utf-8-sig", newline="") as handle:
        return next(r[column] for r in csv.DictReader(handle) if r["old_la_code"] == la and r["time_period"] == year)


def test_pack_referrals_as_reported_beside_dfe_official_figures(con: duckdb.DuckDBPyConnection) -> None:
    rows = dict(
        (r[0], r[1:])
        for r in con.sql(
            "select figure_id, pack_value, dfe_value, difference from marts.fct_ees_csc_pack_reconciliation"
        ).fetchall()
    )
    official_2021 = float(raw_cell(ees.DATASETS[1].file_name, str(SOUTHEND), "2021", "referral_count"))
    assert official_2021 == 2050
    assert rows["chi_referrals_2020_21"] == (2053.0, official_2021, official_2021 - 2053)
    assert rows["chi_referrals_2019_20"] == (2727.0, 2721.0, -6.0)


def test_funnel_rates_reproduce_the_rates_dfe_publishes_in_lait(con: duckdb.DuckDBPyConnection) -> None:
    """The funnel's rates (count / DfE's child population x 10,000) equal, to LAIT's one decimal place, the rates DfE
    publishes in its LAIT extract for the same years: two DfE sources agree."""
    lait = {"referrals": "CPP_Total_Rateper10,000", "section_47_enquiries": "Section_47"}
    for stage, measure in lait.items():
        pairs = con.execute(
            """
            select f.time_period, f.rate_per_10k, l.value
            from marts.fct_ees_csc_demand_funnel as f
            inner join marts.fct_lait_values as l
                on l.la_number = f.la_number and l.measure_code = ? and l.period_label = cast(f.time_period as varchar)
            where f.la_number = ? and f.stage = ? and f.rate_per_10k is not null
            """,
            [measure, SOUTHEND, stage],
        ).fetchall()
        if not pairs:
            pytest.skip("LAIT extract absent: nothing to compare the rates with")
        assert len(pairs) >= 4
        for year, rate, published in pairs:
            assert round(rate, 1) == pytest.approx(published), (stage, year)


def test_funnel_covers_every_authority_and_suppressions_keep_their_reason(con: duckdb.DuckDBPyConnection) -> None:
    count = con.execute(
        "select count(distinct la_number) from marts.fct_ees_csc_demand_funnel where time_period = 2025"
    ).fetchall()[0][0]
    assert count >= 150
    reasons = dict(
        con.sql(
            "select missing_reason, count(*) from marts.fct_ees_csc_values where missing_reason is not null group by 1"
        ).fetchall()
    )
    assert reasons.get("suppressed", 0) > 0 and "unparseable" not in reasons
    wording = dict(
        con.sql(
            "select missing_reason, wording from marts.dim_missing_reasons where source_family = 'dfe_ees'"
        ).fetchall()
    )
    assert set(reasons) <= set(wording)
