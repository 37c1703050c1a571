"""Spot checks for the data matrix's attainment part (pack lines 6694-9174).

Each case states a figure a reader of the pack can see, checks the seed row holds it, and checks the pack's
text prints it at the row's source_line. Values from the attainment tables and from the Progress Rankings
pages share one indicator_id.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "education" / "matrix_values.csv"
CATALOGUE = ROOT / "seeds" / "education" / "indicator_catalogue.csv"
PACK = ROOT / "data" / "source_documents" / "southend-people-scrutiny-2021-11-30-agenda-pack.txt"
KEY = ("indicator_id", "area", "period_label", "measure")


def _rows() -> list[dict[str, str]]:
    with SEED.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _row(indicator_id: str, area: str, period_label: str, measure: str) -> dict[str, str]:
    found = [r for r in _rows() if tuple(r[k] for k in KEY) == (indicator_id, area, period_label, measure)]
    assert len(found) == 1, f"expected one row for {indicator_id}/{area}/{period_label}/{measure}, got {len(found)}"
    return found[0]


def _pack_line(line_no: int) -> str:
    return PACK.read_text(encoding="utf-8").splitlines()[line_no - 1].strip()


# (indicator_id, area, period_label, measure, printed figure)
NUMBERS = [
    ("eyfs_good_level_of_development", "southend", "2019", "value", "74.0"),
    ("eyfs_good_level_of_development", "southend", "2019", "rank", "38"),
    ("eyfs_good_level_of_development", "england", "2019", "value", "71.8"),
    ("eyfs_inequality_gap", "southend", "2017", "value", "32.0"),
    ("ks1_phonics_decoding_required_standard", "southend", "2019", "rank", "45"),
    ("ks1_science_expected_standard", "southend", "2018", "value", "84"),
    ("ks2_rwm_expected_standard", "southend", "2019", "value", "68"),
    ("ks2_maths_average_scaled_score", "england", "2019", "value", "105"),
    ("ks4_progress_8", "southend", "2019", "value", "0.11"),
    ("ks4_attainment_8", "southend", "2020", "value", "54.50"),
    ("ks5_best_three_a_levels_aps_per_entry", "southend", "2020", "value", "39.8"),
    ("post16_level3_fsm_gap_by_age19", "southend", "2020", "rank", "125"),
    ("post16_neet_16_17", "england", "2019", "value", "2.7"),
    ("post16_september_guarantee_offer", "southend", "2019", "value", "96.0"),
    # Progress Rankings pages
    ("eyfs_good_level_of_development", "statistical_neighbours", "2019", "value", "72.1"),
    ("ks1_maths_expected_standard", "southend", "2018-19", "improvement_rank_yoy", "2"),
    ("ks2_rwm_expected_standard", "statistical_neighbours", "2019", "value", "64.2"),
    ("ks4_attainment_8", "southend", "2017-19", "improvement_rank_3yr", "4"),
    ("ks4_ebacc_average_point_score", "statistical_neighbours", "2020", "value", "4.29"),
    ("post16_level2_fsm_gap_by_age19", "southend", "2019-20", "improvement_rank_yoy", "140"),
]


@pytest.mark.parametrize("indicator_id,area,period_label,measure,printed", NUMBERS)
def test_value_is_in_seed_and_printed_at_its_line(indicator_id, area, period_label, measure, printed):
    row = _row(indicator_id, area, period_label, measure)
    assert Decimal(row["value"]) == Decimal(printed)
    assert _pack_line(int(row["source_line"])) == printed


def test_gld_2019_fact():
    """Southend's EYFS good level of development in 2019: 74.0, rank 38, band B, England 71.8."""
    assert Decimal(_row("eyfs_good_level_of_development", "southend", "2019", "value")["value"]) == Decimal("74.0")
    assert int(_row("eyfs_good_level_of_development", "southend", "2019", "rank")["value"]) == 38
    band = _row("eyfs_good_level_of_development", "southend", "2019", "quartile_band")
    assert band["value_text"] == "B" and _pack_line(int(band["source_line"])) == "B"
    assert Decimal(_row("eyfs_good_level_of_development", "england", "2019", "value")["value"]) == Decimal("71.8")


def test_gld_progress_cell_that_is_not_a_rank_is_kept_as_text():
    row = _row("eyfs_good_level_of_development", "southend", "2016-18", "improvement_rank_3yr")
    assert row["value"] == "" and row["value_text"] == "2.8"
    assert _pack_line(int(row["source_line"])) == "2.8"
    assert "not a rank" in row["note"]


def test_dash_cells_are_missing_not_zero():
    row = _row("ks4_progress_8", "southend", "2020", "value")
    assert row["value"] == "" and row["missing_reason"] == "dash_in_source"
    assert _pack_line(int(row["source_line"])) == "-"


def test_bands_are_letters_and_keys_unique():
    rows = _rows()
    keys = [tuple(r[k] for k in KEY) for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        if "band" in r["measure"] and r["value_text"]:
            assert r["value_text"] in {"A", "B", "C", "D"}, r


def test_every_indicator_is_catalogued():
    with CATALOGUE.open(newline="", encoding="utf-8") as f:
        catalogued = {r["indicator_id"] for r in csv.DictReader(f)}
    assert {r["indicator_id"] for r in _rows()} == catalogued
