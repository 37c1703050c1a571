"""Data matrix, pack lines 10599-11976: CIN and LAC attainment, care leavers, adoption, SEND and S251 finance.

Spot checks that the transcribed seed holds what the agenda pack prints, at the line it names, plus the two
arithmetic facts the finance table carries (year-on-year change columns; service lines summing to the total).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACK = REPO_ROOT / "data" / "source_documents" / "southend-people-scrutiny-2021-11-30-agenda-pack.txt"
MATRIX = REPO_ROOT / "seeds" / "education" / "matrix_values.csv"
CATALOGUE = REPO_ROOT / "seeds" / "education" / "indicator_catalogue.csv"
KEY = ("indicator_id", "area", "period_label", "measure")


@pytest.fixture(scope="module")
def pack_lines() -> list[str]:
    return PACK.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def rows() -> dict[tuple[str, str, str, str], dict[str, str]]:
    with MATRIX.open(newline="", encoding="utf-8") as f:
        return {tuple(r[k] for k in KEY): r for r in csv.DictReader(f)}


def _clean(line: str) -> str:
    return line.strip().replace(",", "").replace("%", "").replace("£", "")


# (indicator_id, area, period_label, measure, expected value as printed, without separators)
SPOT_CHECKS = [
    ("cin_school_age_matched_npd_count", "southend", "2017", "value", "661"),
    ("cin_ks4_progress8_avg", "southend", "2017", "value", "-1.65"),
    ("cin_persistent_absence_pct", "southend", "2019", "rank", "129"),
    ("lac_cafcass_care_applications_rate_per_10k", "england", "2020", "value", "10.8"),
    ("cl_eet_age_19_21_pct", "southend", "2020", "value", "58.0"),
    ("adopt_a1_entering_care_to_moving_in_days_3yr_avg", "england", "2019", "value", "376"),
    ("adopt_children_waiting_count", "england", "2019", "value", "4500"),
    ("lac_ks4_eng_maths_9_4_pct", "southend", "2018", "rank", "65"),
    ("send_all_schools_ehcp_pct", "southend", "2021", "value", "3.6"),
    ("send_new_ehcp_within_20wks_pct", "southend", "2020", "value", "86.3"),
    ("send_ks4_progress8_sen_support_avg", "southend", "2016", "value", "0"),
    ("send_age19_level3_ehcp_pct", "england", "2020", "value", "12.9"),
    ("fin_total_lac_gross", "southend", "2019-20", "value", "19151600"),
    ("fin_youth_justice_gross_pct_change_yoy", "southend", "2016/17-17/18", "value", "21.0"),
]


@pytest.mark.parametrize("key,expected", [(c[:4], c[4]) for c in SPOT_CHECKS], ids=lambda v: str(v))
def test_value_is_in_seed_and_printed_at_its_line(rows, pack_lines, key, expected):
    row = rows[key]
    assert Decimal(row["value"]) == Decimal(expected)
    assert _clean(pack_lines[int(row["source_line"]) - 1]) == expected


def test_bands_and_dashes_are_read_from_their_lines(rows, pack_lines):
    band = rows[("adopt_adopted_from_care_pct_3yr_avg", "southend", "2019", "quartile_band")]
    assert band["value_text"] == "A" and pack_lines[int(band["source_line"]) - 1].strip() == "A"
    dash = rows[("cl_not_in_touch_age_19_21_pct", "southend", "2020", "value")]
    assert dash["value"] == "" and dash["missing_reason"] == "dash_in_source"
    assert pack_lines[int(dash["source_line"]) - 1].strip() == "-"


def test_keys_unique_and_every_indicator_catalogued():
    with MATRIX.open(newline="", encoding="utf-8") as f:
        matrix = list(csv.DictReader(f))
    with CATALOGUE.open(newline="", encoding="utf-8") as f:
        catalogue = {r["indicator_id"] for r in csv.DictReader(f)}
    keys = [tuple(r[k] for k in KEY) for r in matrix]
    assert len(keys) == len(set(keys))
    assert {r["indicator_id"] for r in matrix} == catalogue
    for r in matrix:
        assert bool(r["value"] or r["value_text"]) != bool(r["missing_reason"]), r


def test_yoy_change_columns_match_printed_spend(rows):
    bases = sorted({k[0] for k in rows if k[0].startswith("fin_") and "_pct_change" not in k[0]})
    assert len(bases) == 8
    for base in bases:
        for first, second, label in (("2016-17", "2017-18", "2016/17-17/18"), ("2018-19", "2019-20", "2018/19-19/20")):
            a = Decimal(rows[(base, "southend", first, "value")]["value"])
            b = Decimal(rows[(base, "southend", second, "value")]["value"])
            printed = Decimal(rows[(base + "_pct_change_yoy", "southend", label, "value")]["value"])
            assert abs((b / a - 1) * 100 - printed) <= Decimal("0.05"), (base, label)


def test_service_lines_in_pounds_sum_to_budget_in_thousands(rows):
    parts = [
        "fin_sure_start_early_years_gross",
        "fin_total_lac_gross",
        "fin_other_childrens_family_services_gross",
        "fin_total_safeguarding_gross",
        "fin_total_family_support_gross",
        "fin_total_services_young_people_gross",
        "fin_youth_justice_gross",
    ]
    for year in ("2016-17", "2017-18", "2018-19", "2019-20"):
        total_thousands = Decimal(rows[("fin_cyp_budget_excl_cera_gross", "southend", year, "value")]["value"])
        pounds = sum(Decimal(rows[(p, "southend", year, "value")]["value"]) for p in parts)
        assert round(pounds / 1000) == total_thousands, year
