"""Spot checks of the context, attendance, exclusions and youth-justice part of the data matrix.

Each case names a figure as the agenda pack prints it and checks both the seed row and the pack line.
"""

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "data/source_documents/southend-people-scrutiny-2021-11-30-agenda-pack.txt"
SEED = ROOT / "seeds/education/matrix_values.csv"
CATALOGUE = ROOT / "seeds/education/indicator_catalogue.csv"


# This file checks the matrix's context sections: pack lines 5908-6693 and 9175-9769.
CONTEXT_LINES = (range(5908, 6694), range(9175, 9770))


def _rows():
    with SEED.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if any(int(r["source_line"] or 0) in span for span in CONTEXT_LINES)]


def _pack_lines():
    return PACK.read_text(encoding="utf-8").split("\n")


def _row(indicator_id, area, period_label, measure):
    hits = [
        r
        for r in _rows()
        if (r["indicator_id"], r["area"], r["period_label"], r["measure"])
        == (indicator_id, area, period_label, measure)
    ]
    assert len(hits) == 1, f"expected one row for {indicator_id}/{area}/{period_label}/{measure}"
    return hits[0]


def _printed(line_no):
    return _pack_lines()[line_no - 1].replace(",", "").replace("%", "").replace("£", "").strip()


CASES = [
    # indicator_id, area, period, measure, value
    ("social_fsm_eligible_primary_pct", "southend", "2021", "value", "23.2"),
    ("social_fsm_eligible_primary_pct", "southend", "2021", "rank", "87"),
    ("social_population_0_17_count", "england", "2019", "value", "12023568"),
    ("social_pupil_premium_allocation_gbp_thousands", "southend", "2019-20", "value", "8488"),
    ("early_years_2yo_good_outstanding_providers_pct", "southend", "2020", "value", "100"),
    ("schools_pupils_total_count", "southend", "Jan 2021", "value", "30498"),
    ("schools_teacher_vacancy_rate_pct", "southend", "2019", "value", "0.40"),
    ("health_chlamydia_diagnosis_rate_per_100k_15_24", "southend", "2017", "value", "2303.4"),
    ("health_under18_alcohol_admissions_rate_per_100k", "southend", "2017/18-19/20", "rank", "14"),
    ("attendance_persistent_absence_primary_pct", "southend", "2018/19", "value", "9.2"),
    ("attendance_overall_absence_secondary_pct", "england", "2018/19", "value", "5.5"),
    ("exclusions_fixed_term_special_pct", "southend", "2018/19", "value", "36.26"),
    ("exclusions_fixed_term_special_pct", "southend", "2018/19", "rank", "142"),
    ("youth_justice_first_time_entrants_rate_per_100k", "southend", "2019", "value", "224.0"),
    ("youth_justice_reoffending_15_17_pct", "southend", "2018", "value", "22.7"),
    ("youth_justice_cautioned_or_sentenced_rate_per_10k", "england", "2018", "value", "51.10"),
]


@pytest.mark.parametrize("indicator_id,area,period,measure,value", CASES)
def test_value_is_printed_at_its_source_line(indicator_id, area, period, measure, value):
    row = _row(indicator_id, area, period, measure)
    assert row["value"] == value
    assert _printed(int(row["source_line"])) == value


def test_bands_are_letters_printed_at_their_line():
    bands = [r for r in _rows() if r["measure"] == "quartile_band"]
    assert len(bands) == 15
    for r in bands:
        assert r["value"] == ""
        assert r["value_text"] in {"A", "B", "C", "D"}
        assert _printed(int(r["source_line"])) == r["value_text"]


def test_dashes_are_missing_not_zero():
    dashes = [r for r in _rows() if r["missing_reason"] == "dash_in_source"]
    assert dashes, "the pack prints '-' cells in this range"
    for r in dashes:
        assert r["value"] == ""
        assert _printed(int(r["source_line"])) == "-"


def test_persistent_absence_starts_in_2015_16():
    # the row prints four years, not five: 2014/15 is blank, never zero
    row = _row("attendance_persistent_absence_secondary_pct", "southend", "2014/15", "value")
    assert row["value"] == "" and row["missing_reason"] == "not_published"
    assert _row("attendance_persistent_absence_secondary_pct", "southend", "2015/16", "value")["value"] == "10.6"


def test_school_totals_add_up():
    def v(i):
        return int(_row(i, "southend", "Jan 2021", "value")["value"])

    assert v("schools_pupils_primary_count") + v("schools_pupils_secondary_count") + v(
        "schools_pupils_special_count"
    ) == v("schools_pupils_total_count")
    assert v("schools_schools_primary_count") + v("schools_schools_secondary_count") + v(
        "schools_schools_special_count"
    ) == v("schools_schools_total_count")


def test_keys_unique_and_catalogue_complete():
    rows = _rows()
    keys = [(r["indicator_id"], r["area"], r["period_label"], r["measure"]) for r in rows]
    assert len(keys) == len(set(keys))
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        catalogue = {r["indicator_id"] for r in csv.DictReader(f)}
    assert {r["indicator_id"] for r in rows} <= catalogue
