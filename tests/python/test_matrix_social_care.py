"""Spot checks of the Children's Social Care part of the data matrix (pack lines 9770-10598).

Each case names a printed cell: the seed row must hold the value, and the pack line it cites must print it.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "data" / "source_documents" / "southend-people-scrutiny-2021-11-30-agenda-pack.txt"
MATRIX = REPO / "seeds" / "education" / "matrix_values.csv"
CATALOGUE = REPO / "seeds" / "education" / "indicator_catalogue.csv"
KEY = ("indicator_id", "area", "period_label", "measure")


def _rows() -> list[dict[str, str]]:
    """The rows of the children's social care tables (pack lines 9770-10598)."""
    with MATRIX.open(newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if 9770 <= int(r["source_line"] or 0) <= 10598]


def _pack_line(n: int) -> str:
    return PACK.read_text(encoding="utf-8").splitlines()[n - 1]


def _numbers(line: str) -> set[Decimal]:
    return {Decimal(t.replace(",", "")) for t in re.findall(r"-?\d[\d,]*(?:\.\d+)?", line)}


def _row(indicator_id: str, area: str, period: str, measure: str) -> dict[str, str]:
    found = [
        r
        for r in _rows()
        if (r["indicator_id"], r["area"], r["period_label"], r["measure"]) == (indicator_id, area, period, measure)
    ]
    assert len(found) == 1, f"expected one row for {indicator_id} {area} {period} {measure}, found {len(found)}"
    return found[0]


CASES = [
    # indicator, area, period, measure, value, pack line
    ("csc_cases_held_30_sept", "england", "2020", "value", "334841", 9810),
    ("csc_cases_per_social_worker", "southend", "2020", "rank", "65", 9827),
    ("csc_social_worker_turnover_rate_pct", "southend", "2020", "value", "19.6", 9863),
    ("cin_rate_per_10k", "southend", "2020", "value", "319.8", 9940),
    ("cin_referrals_count", "southend", "2019", "value", "2772", 9957),
    ("cin_assessments_within_45_days_pct", "southend", "2016", "value", "96.4", 10031),
    ("cin_re_referrals_12_months_pct", "southend", "2020", "rank", "139", 10157),
    ("cp_cin_on_plan_2_years_plus_pct", "southend", "2019", "value", "4.1", 10192),
    ("cp_reviews_within_timescales_pct", "southend", "2020", "value", "100.0", 10252),
    ("lac_started_count", "england", "2020", "value", "30970", 10317),
    ("lac_long_term_placement_stability_pct", "southend", "2020", "value", "58.0", 10411),
    ("lac_away_without_authorisation_pct", "southend", "2019", "value", "7.0", 10509),
    ("lac_fixed_term_exclusion_pct", "southend", "2018", "value", "13.97", 10588),
]


@pytest.mark.parametrize("indicator_id,area,period,measure,value,line", CASES)
def test_value_is_in_seed_and_printed_at_line(indicator_id, area, period, measure, value, line):
    row = _row(indicator_id, area, period, measure)
    assert Decimal(row["value"]) == Decimal(value)
    assert int(row["source_line"]) == line
    assert Decimal(value) in _numbers(_pack_line(line))


def test_split_cell_1910_is_read_as_one_value():
    # The PDF dump prints the 2016 cases-held cell as "1,910." on one line and "0" on the next.
    row = _row("csc_cases_held_30_sept", "southend", "2016", "value")
    assert Decimal(row["value"]) == Decimal("1910.0")
    assert _pack_line(9795).strip() == "1,910." and _pack_line(9796).strip() == "0"


def test_quartile_bands_and_dashes():
    band = _row("csc_social_worker_absence_rate_pct", "southend", "2020", "quartile_band")
    assert band["value_text"] == "D" and band["value"] == "" and _pack_line(int(band["source_line"])).strip() == "D"
    dash = _row("cp_cin_on_plan_2_years_plus_pct", "southend", "2018", "value")
    assert dash["value"] == "" and dash["missing_reason"] == "dash_in_source"
    assert _pack_line(int(dash["source_line"])).strip() == "-"


def test_rank_attached_to_latest_printed_year_when_2020_is_dash():
    # LAC absence: 2020 prints "-" but rank 73 / band B are printed, so they belong to 2019.
    assert _row("lac_unauthorised_absence_pct", "southend", "2020", "value")["missing_reason"] == "dash_in_source"
    rank = _row("lac_unauthorised_absence_pct", "southend", "2019", "rank")
    assert rank["value"] == "73" and _pack_line(int(rank["source_line"])).strip() == "73"


def test_keys_unique_and_catalogue_complete():
    rows = _rows()
    keys = [tuple(r[k] for k in KEY) for r in rows]
    assert len(keys) == len(set(keys))
    with CATALOGUE.open(newline="", encoding="utf-8") as f:
        catalogue = {r["indicator_id"] for r in csv.DictReader(f)}
    assert {r["indicator_id"] for r in rows} <= catalogue
    # 39 indicators x (5 years + rank + band + England) printed cells
    assert len(rows) == 39 * 8


def test_never_zero_for_missing():
    for r in _rows():
        assert bool(r["value"]) or bool(r["value_text"]) or bool(r["missing_reason"])
        assert not (r["value"] and r["missing_reason"])
