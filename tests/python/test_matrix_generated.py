"""The data matrix generated for any authority (marts.fct_lait_matrix), its reconciliation with the pack's printed
matrix, and its export (``python -m scrutiny matrix``), on DfE's real LAIT extract (skipped, with the reason, when
it is absent).

The neighbours' averages, ranks, bands and improvement ranks are recomputed here from the raw parquet, DfE's
neighbour workbook and the data dictionary, read with pandas and openpyxl: nothing from dbt or scrutiny.sources.lait.land.
They read the session's warehouse (conftest ``built_warehouse``).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from scrutiny import paths
from scrutiny.outputs.matrix.export import export as export_matrix
from scrutiny.outputs.matrix.workbook import COLUMNS
from scrutiny.sources.lait import land as lait

LAIT_DIR = paths.lait_dir()
MISSING = lait.missing_files(LAIT_DIR)
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"LAIT extract absent ({LAIT_DIR or 'SCRUTINY_LAIT_DIR unset and no ../shared/lait'}; missing {', '.join(MISSING)})",
)

PLYMOUTH, CAMDEN, SOUTHEND = 879, 202, 882
KS2_RWM = "KS2RWM_Expected_STD"  # high is better
REREFERRALS = "ReReferral"  # low is better
GROUP = "dfe_2025_05"


@pytest.fixture(scope="module")
def con(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The raw extract: numeric values of local authorities (LA numbers below 970), text parsed here."""
    frame = pd.read_parquet(LAIT_DIR / lait.BDS_FILE, columns=["Short Desc", "Years", "LA Number", "Values"])
    frame["value"] = pd.to_numeric(frame["Values"].str.replace(",", "", regex=False), errors="coerce")
    return frame[(frame["LA Number"] < 970) & frame["value"].notna()]


def neighbours_from_workbook(focus: int) -> list[int]:
    """The ten neighbours of ``focus`` in DfE's May 2025 model, read from the workbook's SN1..SN10 columns."""
    sheet = load_workbook(LAIT_DIR / "sn_may_2025.xlsx", read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "LA num")
    header = list(rows[header_at])
    sn_columns = [header.index(f"SN{n}") for n in range(1, 11)]
    row = next(r for r in rows[header_at + 1 :] if r and r[0] is not None and str(r[0]).strip() == str(focus))
    return [int(row[c]) for c in sn_columns]


def series(raw: pd.DataFrame, measure: str, year: str) -> pd.Series:
    values = raw[(raw["Short Desc"] == measure) & (raw["Years"] == year)]
    return values.set_index("LA Number")["value"]


def rank_min(values: pd.Series, focus: int, higher_is_better: bool) -> int:
    """1 + how many authorities did strictly better (ties share the lowest rank)."""
    mine = values[focus]
    better = values > mine if higher_is_better else values < mine
    return int(better.sum()) + 1


def band(values: pd.Series, focus: int, higher_is_better: bool) -> str:
    q1, q2, q3 = np.percentile(values.to_numpy(), [25, 50, 75])  # numpy's default is R's type 7
    v = values[focus]
    if higher_is_better:
        return "A" if v > q3 else "B" if v > q2 else "C" if v > q1 else "D"
    return "A" if v <= q1 else "B" if v <= q2 else "C" if v <= q3 else "D"


def matrix_row(con: duckdb.DuckDBPyConnection, focus: int, measure: str, group: str = GROUP) -> dict:
    frame = con.execute(
        "select * from marts.fct_lait_matrix where focus_la_number = ? and measure_code = ? and neighbour_group_id = ?",
        [focus, measure, group],
    ).df()
    assert len(frame) == 1, f"one matrix row for {focus} {measure} {group}"
    return frame.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("focus", "measure", "higher_is_better"), [(PLYMOUTH, KS2_RWM, True), (CAMDEN, REREFERRALS, False)]
)
def test_neighbours_average_rank_and_band_recomputed_from_the_raw_files(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame, focus: int, measure: str, higher_is_better: bool
) -> None:
    row = matrix_row(con, focus, measure)
    latest_year = max(raw.loc[raw["Short Desc"] == measure, "Years"])
    assert row["latest_period_label"] == latest_year
    values = series(raw, measure, latest_year)
    assert row["latest_value"] == pytest.approx(values[focus])

    members = neighbours_from_workbook(focus)
    with_value = [values[m] for m in members if m in values.index]
    assert row["count_neighbours_with_value"] == len(with_value)
    assert row["neighbours_average_value"] == pytest.approx(sum(with_value) / len(with_value))
    assert row["neighbours_median_value"] == pytest.approx(float(np.median(with_value)))
    assert row["neighbours_min_value"] == pytest.approx(min(with_value))
    assert row["neighbours_max_value"] == pytest.approx(max(with_value))

    assert row["count_las_ranked"] == len(values)
    assert row["rank_among_las"] == rank_min(values, focus, higher_is_better)
    assert row["quartile_band"] == band(values, focus, higher_is_better)
    rag = {"A": "green", "B": "amber", "C": "amber", "D": "red"}[row["quartile_band"]]
    assert row["rag_status"] == rag


def test_three_year_improvement_rank_recomputed_from_the_raw_file(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    row = matrix_row(con, PLYMOUTH, KS2_RWM)
    end_year = row["latest_period_label"]
    start_year = str(int(end_year) - 2)
    assert row["start_period_label_3yr"] == start_year
    end, start = series(raw, KS2_RWM, end_year), series(raw, KS2_RWM, start_year)
    both = end.index.intersection(start.index)
    change = (end[both] - start[both]).round(6)
    assert row["count_las_ranked_3yr"] == len(both)
    assert row["change_3yr"] == pytest.approx(change[PLYMOUTH])
    assert row["improvement_rank_3yr"] == int((change > change[PLYMOUTH]).sum()) + 1
    assert row["improvement_band_3yr"] == band(change, PLYMOUTH, higher_is_better=True)


def test_the_pack_group_matrix_uses_the_pack_labels_and_order(con: duckdb.DuckDBPyConnection) -> None:
    frame = con.execute(
        "select topic_order, matrix_topic, measure_order, indicator_id, measure_label from marts.fct_lait_matrix "
        "where focus_la_number = ? and neighbour_group_id = 'pack_2021' and is_in_pack_matrix "
        "order by topic_order, measure_order",
        [SOUTHEND],
    ).df()
    with (paths.seeds_dir() / "education" / "indicator_catalogue.csv").open(encoding="utf-8") as handle:
        labels = {r["indicator_id"]: r["indicator_label"] for r in csv.DictReader(handle)}
    assert (frame["measure_label"] == frame["indicator_id"].map(labels)).all()
    # the pack prints social context first and finance last among the topics it maps to DfE's data
    assert frame["matrix_topic"].iloc[0] == "social_context"
    assert frame["matrix_topic"].iloc[-1] == "finance"


def test_reconciliation_has_a_row_per_printed_figure_and_a_reason_for_each_difference(
    con: duckdb.DuckDBPyConnection,
) -> None:
    in_scope = {
        ("southend", m)
        for m in (
            "value",
            "rank",
            "quartile_band",
            "improvement_rank_3yr",
            "improvement_band_3yr",
            "improvement_rank_yoy",
            "improvement_band_yoy",
        )
    } | {("england", "value"), ("statistical_neighbours", "value")}
    with (paths.seeds_dir() / "education" / "matrix_values.csv").open(encoding="utf-8") as handle:
        printed = [
            r
            for r in csv.DictReader(handle)
            if (r["area"], r["measure"]) in in_scope and (r["value"] or r["value_text"])
        ]
    rows = con.sql("select difference_category, is_agreed from marts.fct_lait_matrix_pack_reconciliation").fetchall()
    assert len(rows) == len(printed)
    assert all((category == "agrees") == agreed for category, agreed in rows)
    # the looked-after children rate the committee saw for 2019 (77 per 10,000) is 79 in DfE's data now
    lac = con.sql(
        "select pack_value, generated_value, difference_category from marts.fct_lait_matrix_pack_reconciliation "
        "where indicator_id = 'lac_rate_per_10k' and statistic = 'value' and pack_period_label = '2019'"
    ).fetchall()
    assert lac == [(77.0, 79.0, "dfe_revised")]
    shares = dict(con.sql("select statistic, pct_agrees from marts.fct_lait_matrix_pack_agreement").fetchall())
    assert set(shares) == {
        "value",
        "rank",
        "quartile_band",
        "england_value",
        "neighbours_average",
        "improvement_rank_3yr",
        "improvement_band_3yr",
        "improvement_rank_yoy",
        "improvement_band_yoy",
    }


def test_workbook_for_one_authority(built_warehouse: Path, raw: pd.DataFrame, tmp_path: Path) -> None:
    written = export_matrix(str(PLYMOUTH), warehouse=built_warehouse, out_root=tmp_path)
    workbook_path = next(p for p in written if p.suffix == ".xlsx")
    assert workbook_path.parent == tmp_path / str(PLYMOUTH)
    assert {p.suffix for p in written} == {".xlsx", ".html", ".pdf"}
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        topics = [
            r[0]
            for r in con.execute(
                "select topic_label from marts.fct_lait_matrix where focus_la_number = ? and is_default_for_focus "
                "and is_in_pack_matrix group by topic_order, topic_label order by topic_order",
                [PLYMOUTH],
            ).fetchall()
        ]
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames == ["Context", *topics, "Notes"]
    sheet = workbook["Key stage 2"]
    assert sheet.freeze_panes == "B4"
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["Measure", "Unit", "Better is"]
    assert "Rank (1 = best)" in header and "RAG status" in header and header[-1] == "Commentary"
    fields = [c.field for c in COLUMNS]
    row = next(
        r
        for r in sheet.iter_rows(min_row=4)
        if str(r[0].value).startswith("KS2: % of all pupils reaching the expected")
    )
    latest_year = max(raw.loc[raw["Short Desc"] == KS2_RWM, "Years"])
    latest = row[fields.index("value_period_5")]
    assert isinstance(latest.value, (int, float)) and not isinstance(latest.value, bool)
    assert latest.value == series(raw, KS2_RWM, latest_year)[PLYMOUTH]
    assert latest.number_format == "#,##0"
    assert row[fields.index("period_5_label")].value == latest_year
    rag = row[fields.index("rag_status")]
    assert rag.value in {"Green", "Amber", "Red", "Not rated"}
    notes = {r[0]: r[1] for r in workbook["Notes"].iter_rows(min_row=3, values_only=True)}
    assert "Plymouth" in notes["Authority"] and "dfe_2025_05" in notes["Neighbour group"]
    assert notes["Build"].startswith("Warehouse build ")
    context = [r for r in workbook["Context"].iter_rows(min_row=3, values_only=True)]
    assert context[0][0] == "Not held"  # the warehouse holds no inspection judgements for Plymouth
    page = (tmp_path / str(PLYMOUTH) / workbook_path.with_suffix(".html").name).read_text(encoding="utf-8")
    assert page.count('<table class="matrix"') == len(topics) and '<th scope="col">' in page and 'lang="en"' in page
    assert "Not held: the warehouse holds no inspection judgements" in page
    assert (tmp_path / str(PLYMOUTH) / workbook_path.with_suffix(".pdf").name).read_bytes().startswith(b"%PDF")


def test_unknown_authority_or_group_fails_saying_how_to_find_valid_ones(built_warehouse: Path) -> None:
    env = {**__import__("os").environ, paths.ENV_WAREHOUSE: str(built_warehouse)}
    for args in (["--la", "999"], ["--la", str(PLYMOUTH), "--group", "no_such_group"]):
        result = subprocess.run(
            [sys.executable, "-m", "scrutiny", "matrix", *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert result.returncode == 2, result.stderr
        assert "python -m scrutiny matrix --list" in result.stderr
    assert not (paths.matrix_dir(999)).exists()
