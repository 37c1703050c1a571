"""The three labelling decisions of docs/transcription.md, each stated as a fact a reader relies on.

1. A change says which way it went: a measure naming a change names its direction (increase / decrease), its
   value is the printed positive number, the printed line uses a word of that direction, and where the
   warehouse recomputes the change from the figures before and after, they moved that way.
2. The "latest" rank, band and England average of a matrix table are attached to the year they describe (rule R1:
   a printed rank or band means Southend's last year with a value; R2: otherwise the table's latest column).
3. Every indicator has the year type its series is published in, so a single-year label is dated correctly.

Seed-level checks are pure Python over the CSV files; the warehouse checks reuse the session build.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from scrutiny import paths

SEEDS = paths.REPO_ROOT / "seeds"
PACK = paths.REPO_ROOT / "data" / "source_documents" / "southend-people-scrutiny-2021-11-30-agenda-pack.txt"
MATRIX = SEEDS / "education" / "matrix_values.csv"
CATALOGUE = SEEDS / "education" / "indicator_catalogue.csv"
MEASURE_MAP = SEEDS / "reference" / "pack_measure_map.csv"

INCREASE_WORDS = re.compile(r"increas|\brise|\brisen|\brose|\braised|\bup\b|\bmore\b|higher|grew|\bgrowth", re.I)
DECREASE_WORDS = re.compile(r"decreas|fewer|drop|\bfell|fallen|reduc|\blower|\bdown\b|\bless\b|halved", re.I)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _figure_seeds() -> dict[str, list[dict[str, str]]]:
    """Seeds of single figures: those with figure_id, measure and value columns."""
    found = {}
    for path in sorted(SEEDS.rglob("*.csv")):
        rows = _read(path)
        if rows and {"figure_id", "measure", "value"} <= set(rows[0]):
            found[str(path.relative_to(SEEDS))] = rows
    return found


# --- 1. changes name their direction ---------------------------------------------------------------------------


def change_problems(rows: list[dict[str, str]], pack_lines: list[str]) -> list[str]:
    """Rows whose measure is a change without a direction, a negative value, or a direction the text contradicts."""
    problems = []
    for row in rows:
        measure = row["measure"] or ""
        names_change = re.search(r"(^|_)(change|increase|decrease)(_|$)", measure)
        if not names_change:
            continue
        where = f"{row['figure_id']} ({measure})"
        increase, decrease = "increase" in measure, "decrease" in measure
        if increase == decrease:
            problems.append(f"{where}: a change must name one direction, increase or decrease")
            continue
        if row["value"] and Decimal(row["value"]) < 0:
            problems.append(f"{where}: the value is the printed positive number, the direction is in the name")
        if row["source_line"]:
            line_no = int(row["source_line"])
            text = " ".join(pack_lines[line_no - 2 : line_no + 1])
            wanted = INCREASE_WORDS if increase else DECREASE_WORDS
            if not wanted.search(text):
                problems.append(f"{where}: line {line_no} uses no word of that direction: {text!r}")
    return problems


@pytest.fixture(scope="module")
def pack_lines() -> list[str]:
    return PACK.read_text(encoding="utf-8").splitlines()


def test_every_change_measure_names_its_direction_and_the_text_agrees(pack_lines):
    problems = []
    checked = 0
    for seed, rows in _figure_seeds().items():
        found = change_problems(rows, pack_lines)
        problems += [f"{seed}: {p}" for p in found]
        checked += sum(1 for r in rows if re.search(r"(change|increase|decrease)", r["measure"] or ""))
    assert checked >= 25, "the safeguarding seed prints at least 25 changes"
    assert not problems, "\n".join(problems)


def test_the_conversion_rate_fall_cannot_be_read_as_a_rise(pack_lines):
    rows = {r["figure_id"]: r for r in _read(SEEDS / "safeguarding" / "safeguarding_figures.csv")}
    fall = rows["adu_sg_conversion_rate_change_pp"]
    assert "decrease" in fall["measure"] and fall["unit"] == "percentage_points" and Decimal(fall["value"]) == 11.5
    # and the check rejects the old, direction-less name
    old = dict(fall, measure="change_in_conversion_rate_pp")
    assert change_problems([old], pack_lines)
    rise = dict(fall, measure="percentage_point_increase_vs_previous_year")
    assert any("no word of that direction" in p for p in change_problems([rise], pack_lines))


def test_recomputed_changes_move_the_way_their_measure_says(built_warehouse):
    """Where the warehouse recomputes a printed change from the figures before and after, the later figure is
    higher for an increase and lower for a decrease (the conversion rate: 63.48% in 2019/20, 51.98% in 2020/21)."""
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        checks = con.execute(
            "select check_id, recompute_kind, input_figure_ids, measure from marts.fct_safeguarding_rate_checks "
            "where recompute_kind <> 'ratio_pct'"
        ).df()
        figures = con.execute("select figure_id, value, period_end_date from marts.fct_safeguarding_figures").df()
    by_id = figures.set_index("figure_id")
    assert len(checks) >= 10
    problems = []
    for check in checks.itertuples():
        ids = [i.strip() for i in check.input_figure_ids.split(",")]
        if check.recompute_kind == "ratio_pct_diff":
            a, b, c, d = (by_id.loc[i] for i in ids)
            points = [
                (a.period_end_date, float(a.value) / float(b.value)),
                (c.period_end_date, float(c.value) / float(d.value)),
            ]
        else:
            points = [(by_id.loc[i].period_end_date, float(by_id.loc[i].value)) for i in ids[:2]]
        (_, earlier), (_, later) = sorted(points)
        went_up = later > earlier
        if ("increase" in check.measure) != went_up:
            problems.append(f"{check.check_id}: {check.measure} but {earlier:.4f} -> {later:.4f}")
    assert not problems, "\n".join(problems)


# --- 2. the "latest" columns are attached to the year they describe ---------------------------------------------


def pin_problems(rows: list[dict[str, str]]) -> list[str]:
    """Rules R1 / R2 for every indicator whose latest printed Southend value is "-" (docs/transcription.md)."""
    by_indicator: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    problems = []
    for indicator, cells in by_indicator.items():
        values = [c for c in cells if c["area"] == "southend" and c["measure"] == "value"]
        ranks = [c for c in cells if c["area"] == "southend" and c["measure"] == "rank"]
        bands = [c for c in cells if c["area"] == "southend" and c["measure"] == "quartile_band"]
        england = [c for c in cells if c["area"] == "england" and c["measure"] == "value"]
        # tables with one "Latest" rank, band and England average, whose latest Southend cell is "-"
        if not values or len(ranks) != 1 or len(bands) != 1 or len(england) != 1 or values[-1]["value"]:
            continue
        latest_column = values[-1]["period_label"]
        with_value = [v["period_label"] for v in values if v["value"]]
        printed_rank_or_band = bool(ranks[0]["value"] or bands[0]["value_text"])
        if printed_rank_or_band:
            expected, rule = with_value[-1], "R1 (a rank needs a value: Southend's last year with one)"
        else:
            expected, rule = latest_column, "R2 (the table's latest column)"
        for cell in ranks + bands + england:
            if cell["period_label"] != expected:
                problems.append(
                    f"{indicator} {cell['area']} {cell['measure']}: attached to {cell['period_label']}, "
                    f"rule {rule} says {expected}"
                )
    return problems


def test_latest_columns_are_attached_to_the_year_they_describe():
    rows = _read(MATRIX)
    assert not pin_problems(rows), "\n".join(pin_problems(rows))
    # the rules decide the 19 indicators whose latest Southend cell is "-": 11 by R1, 8 by R2
    decided = [r for r in rows if "by rule R1" in (r["note"] or "") or "by rule R2" in (r["note"] or "")]
    indicators = {r["indicator_id"] for r in decided}
    assert len(indicators) == 19 and len(decided) == 57


def test_a_pin_on_the_wrong_year_is_caught():
    rows = _read(MATRIX)
    moved = [
        dict(r, period_label="2019")
        if (r["indicator_id"], r["area"], r["measure"]) == ("lac_substance_misuse_pct", "england", "value")
        else r
        for r in rows
    ]
    assert any(p.startswith("lac_substance_misuse_pct england value") for p in pin_problems(moved))


def test_the_seed_description_says_how_latest_columns_are_attached():
    text = (SEEDS / "education" / "_education__seeds.yml").read_text(encoding="utf-8")
    assert "rule R1" in text and "rule R2" in text
    assert "attached to the latest period shown for the indicator" not in text


def test_dfe_confirms_the_england_average_of_the_re_pinned_years(built_warehouse):
    """For the indicators where DfE's England figure tells the years apart, the printed latest England average is
    DfE's figure for the year it is attached to (it was "revised" while pinned to the year before)."""
    if not paths.lait_dir():
        pytest.skip("DfE's LAIT extract is absent (SCRUTINY_LAIT_DIR): nothing to compare the pack with")
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        found = con.execute(
            "select indicator_id, pack_period_label, revision_status from marts.fct_lait_revisions_since_pack "
            "where area = 'england' and indicator_id in (?, ?, ?, ?)",
            [
                "cin_ks4_ebacc_entered_pct",
                "cin_ks4_eng_maths_9_5_pct",
                "lac_convicted_or_final_warning_pct",
                "lac_substance_misuse_pct",
            ],
        ).fetchall()
    assert sorted(found) == [
        ("cin_ks4_ebacc_entered_pct", "2019", "unchanged"),
        ("cin_ks4_eng_maths_9_5_pct", "2019", "unchanged"),
        ("lac_convicted_or_final_warning_pct", "2020", "unchanged"),
        ("lac_substance_misuse_pct", "2020", "unchanged"),
    ]


# --- 3. year types -------------------------------------------------------------------------------------------------

LAIT_YEAR_TYPES = {
    "Academic Year": "academic",
    "Financial Year": "financial",
    "Calendar Year": "calendar",
    "Annual": "as_at_31_march",
    "Annual (end of Sept)": "as_at_30_september",
    "Annual - January": "january_census",
}


def test_every_matrix_cell_has_its_indicators_year_type():
    catalogue = {r["indicator_id"]: r["year_type"] for r in _read(CATALOGUE)}
    wrong = [
        f"{r['indicator_id']} {r['period_label']} {r['measure']}: {r['year_type']} (catalogue: {catalogue[r['indicator_id']]})"
        for r in _read(MATRIX)
        if r["year_type"] != catalogue[r["indicator_id"]]
    ]
    assert not wrong, "\n".join(wrong[:20])


def test_every_year_type_has_a_basis():
    for row in _read(CATALOGUE):
        assert row["year_type_basis"].strip(), f"{row['indicator_id']}: year_type_basis is blank"


def test_year_types_follow_dfe_unless_the_pack_says_otherwise():
    """DfE's LAIT data dictionary says how each of its measures is dated; an indicator matched to one has that
    year type, unless the pack's own table header says otherwise (the basis then says why, and what DfE says)."""
    lait = paths.lait_dir()
    dictionary = lait / "lait_data_dictionary.csv" if lait else None
    if dictionary is None or not dictionary.is_file():
        pytest.skip("DfE's LAIT extract is absent (SCRUTINY_LAIT_DIR): no data dictionary to compare with")
    dfe = pd.read_csv(dictionary, dtype=str)
    dfe_year_type = dict(zip(dfe["Measure_short"].str.strip(), dfe["Year_Type"], strict=True))
    mapped = {
        r["indicator_id"]: r["measure_code"].strip()
        for r in _read(MEASURE_MAP)
        if r["match_quality"] in {"exact", "close"} and r["measure_code"]
    }
    problems = []
    for row in _read(CATALOGUE):
        code = mapped.get(row["indicator_id"])
        if code is None or code not in dfe_year_type:
            continue
        expected = LAIT_YEAR_TYPES[dfe_year_type[code]]
        basis = row["year_type_basis"]
        # a year type other than DfE's is a decision: its basis gives the reason and names what DfE says
        if row["year_type"] != expected and dfe_year_type[code] not in basis:
            problems.append(f"{row['indicator_id']}: {row['year_type']}, DfE says {dfe_year_type[code]} ({basis})")
    assert len(mapped) > 150
    assert not problems, "\n".join(problems)


# (indicator, period as printed) -> (kind, first day, last day), from DfE's publication conventions
DATED = {
    ("cin_rate_per_10k", "2019"): ("as_at_date", "2019-03-31", "2019-03-31"),  # children in need at 31 March
    ("lac_rate_per_10k", "2020"): ("as_at_date", "2020-03-31", "2020-03-31"),  # looked after at 31 March
    ("cin_referrals_count", "2019"): (
        "financial_year",
        "2018-04-01",
        "2019-03-31",
    ),  # referrals in the year to 31 March
    ("csc_cases_per_social_worker", "2019"): ("as_at_date", "2019-09-30", "2019-09-30"),  # workforce census
    ("csc_social_worker_turnover_rate_pct", "2019"): ("twelve_months_ending", "2018-10-01", "2019-09-30"),
    ("ks2_rwm_expected_standard", "2019"): ("academic_year", "2018-09-01", "2019-08-31"),  # KS2 2019 is 2018/19
    ("social_fsm_eligible_primary_pct", "2021"): ("month", "2021-01-01", "2021-01-31"),  # January census
    ("youth_justice_reoffending_15_17_pct", "2018"): ("calendar_year", "2018-01-01", "2018-12-31"),  # 12 months to Dec
    ("post16_neet_16_17", "2019"): ("calendar_year", "2019-01-01", "2019-12-31"),  # end of December 2019
}


def test_single_year_labels_are_dated_as_their_series_is_published(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        found = {
            (r[0], r[1]): (r[2], str(r[3])[:10], str(r[4])[:10])
            for r in con.execute(
                "select indicator_id, period_label, period_kind, period_start_date, period_end_date "
                "from marts.fct_benchmark_values"
            ).fetchall()
        }
    wrong = {key: (found.get(key), want) for key, want in DATED.items() if found.get(key) != want}
    assert not wrong, "\n".join(f"{k}: got {g}, expected {w}" for k, (g, w) in wrong.items())


def test_progress_windows_cover_the_years_they_compare(built_warehouse):
    """A three-year improvement window of an academic indicator ("2017-19") runs from September 2016 to August 2019."""
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        rows = con.execute(
            "select improvement_3yr_period_label, improvement_yoy_period_label from marts.fct_indicator_scorecard "
            "where indicator_id = 'ks2_rwm_expected_standard'"
        ).fetchall()
        window = con.execute(
            "select min(period_start_date), max(period_end_date) from intermediate.int_matrix_values_periodised "
            "where indicator_id = 'ks2_rwm_expected_standard' and period_label = '2017-19'"
        ).fetchone()
    assert rows == [("2017-19", "2018-19")]
    assert (str(window[0])[:10], str(window[1])[:10]) == ("2016-09-01", "2019-08-31")
