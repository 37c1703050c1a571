"""The committee briefing "since the last meeting" (``make briefing``) and the mart behind it
(``marts.fct_lait_changes_since``, table macro ``marts.fct_lait_changes_since``), on DfE's real published versions.

For a date between the last two versions, the briefing must list exactly the changes between those two extracts.
The test works them out itself from the two Parquet files and their data dictionaries (pandas and numpy, nothing
from dbt or scrutiny): Southend's new figures, real revisions (not re-spellings, re-roundings to the published
decimal places or changes of unit), withdrawals, and quartile bands recomputed from every authority's values.
Then it opens the HTML page and the Word document and finds every statement, with its numbers and DfE version.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from scrutiny import paths
from scrutiny.outputs import briefing

VINTAGES = paths.lait_vintages_dir()
MANIFEST = VINTAGES / "manifest.csv" if VINTAGES else None
pytestmark = pytest.mark.skipif(
    MANIFEST is None or not MANIFEST.is_file(),
    reason=f"DfE's published versions absent ({VINTAGES or 'no ../shared/lait/vintages'}): no briefing to test",
)

SOUTHEND = 882


def manifest() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def last_two() -> tuple[dict[str, str], dict[str, str]]:
    rows = manifest()
    return rows[-2], rows[-1]


def committed_on(row: dict[str, str]) -> dt.date:
    return dt.datetime.fromisoformat(row["committed_at"]).astimezone(dt.UTC).date()


def between_last_two() -> dt.date:
    before, latest = last_two()
    day = committed_on(before) + dt.timedelta(days=1)
    assert day < committed_on(latest), "the last two versions were published on consecutive days"
    return day


def dictionary(row: dict[str, str]) -> pd.DataFrame:
    """The data dictionary in force for a version (a version published without one uses the latest that has)."""
    name = row["dictionary_file"] or next(r["dictionary_file"] for r in reversed(manifest()) if r["dictionary_file"])
    frame = pd.read_csv(VINTAGES / name, dtype=str)
    return frame.drop_duplicates("Measure_short").set_index("Measure_short")


def extract(row: dict[str, str]) -> pd.DataFrame:
    """A version's local-authority figures: measure, period without its suffix, value as published."""
    frame = pd.read_parquet(VINTAGES / row["bds_file"], columns=["Short Desc", "Years", "LA Number", "Values"])
    frame = frame[frame["LA Number"] < 970].copy()
    frame["period"] = frame["Years"].str.replace(r"\s*\([^)]*\)\s*$", "", regex=True).str.strip()
    # the warehouse's canonical spelling (macro canonical_period_label): two consecutive years as yyyy/yy
    frame["period"] = frame["period"].str.replace(
        r"^(\d{4}) *[/-] *(\d{2})$",
        lambda m: f"{m[1]}/{m[2]}" if int(m[2]) == (int(m[1]) + 1) % 100 else m[0],
        regex=True,
    )
    frame["value"] = pd.to_numeric(frame["Values"].str.replace(",", "", regex=False), errors="coerce")
    return frame


def decimals_needed(value: float) -> int:
    """Decimal places of a number's shortest spelling (19.399999999999999 is 19.4: one)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return max(len(mantissa.split(".")[1].rstrip("0")) if "." in mantissa else 0 - int(exponent), 0)
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def same_figure(old: float, new: float, dps: int | None) -> bool:
    """DfE's rules for 'not a revision': the same number, equal at the published places, one the other rounded to
    its own places, or one the other times 1,000 or 1,000,000."""
    tolerance = 1e-12 * max(abs(old), abs(new))
    if abs(old - new) <= tolerance:
        return True
    if dps is not None and abs(round(old, dps) - round(new, dps)) <= tolerance:
        return True
    if abs(old - new) <= 0.5 * 10 ** -min(decimals_needed(old), decimals_needed(new)) + tolerance:
        return True
    if old and new:
        for factor in (1_000, 1_000_000):
            for a, b in ((old, new), (new, old)):
                slack = 0.5 * 10 ** -decimals_needed(b) + 0.5 * 10 ** -decimals_needed(a) * factor + 1e-12 * abs(b)
                if abs(b - a * factor) <= slack:
                    return True
    return False


def bands(frame: pd.DataFrame, words: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Southend's quartile band per figure: R's type-7 quartiles of every authority's values, polarity-aware."""
    out = {}
    for (measure, period), group in frame.dropna(subset=["value"]).groupby(["Short Desc", "period"]):
        if measure not in words.index or SOUTHEND not in set(group["LA Number"]):
            continue
        polarity = str(words.loc[measure, "Polarity"]).strip().lower()
        if polarity not in {"high", "low"} or str(words.loc[measure, "No_Quartile"]).strip().upper() == "TRUE":
            continue
        q1, q2, q3 = np.percentile(group["value"].to_numpy(), [25, 50, 75])
        mine = group.loc[group["LA Number"] == SOUTHEND, "value"].iloc[0]
        if polarity == "high":
            out[(measure, period)] = "A" if mine > q3 else "B" if mine > q2 else "C" if mine > q1 else "D"
        else:
            out[(measure, period)] = "A" if mine <= q1 else "B" if mine <= q2 else "C" if mine <= q3 else "D"
    return out


@pytest.fixture(scope="module")
def expected() -> dict[str, dict]:
    """The changes between the last two versions for Southend, from the two Parquet files alone."""
    before_row, latest_row = last_two()
    before, latest = extract(before_row), extract(latest_row)
    dps = pd.to_numeric(dictionary(latest_row)["dps"], errors="coerce")
    mine = {}
    for name, frame in (("before", before), ("latest", latest)):
        rows = frame[frame["LA Number"] == SOUTHEND]
        mine[name] = {(r["Short Desc"], r["period"]): r["value"] for _, r in rows.iterrows()}
    has = {name: {k for k, v in figures.items() if not np.isnan(v)} for name, figures in mine.items()}
    revised = {}
    for key in has["before"] & has["latest"]:
        places = dps.get(key[0])
        places = None if places is None or np.isnan(places) else int(places)
        old, new = mine["before"][key], mine["latest"][key]
        if not same_figure(old, new, places):
            revised[key] = (old, new)
    band_then, band_now = bands(before, dictionary(before_row)), bands(latest, dictionary(latest_row))
    both = has["before"] & has["latest"]
    return {
        "new_period": {k: mine["latest"][k] for k in has["latest"] - has["before"]},
        "revision": revised,
        "withdrawn": {k: mine["before"][k] for k in has["before"] - has["latest"]},
        "band": {
            k: (band_then.get(k), band_now.get(k))
            for k in both
            if (k in band_then or k in band_now) and band_then.get(k) != band_now.get(k)
        },
    }


@pytest.fixture(scope="module")
def produced(built_warehouse: Path) -> briefing.Briefing:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        return briefing.assemble(briefing.runner(con), SOUTHEND, between_last_two())


def keyed(rows: pd.DataFrame, *kinds: str) -> pd.DataFrame:
    return rows[rows["change_kind"].isin(kinds)].set_index(["measure_code", "period_label"])


def test_the_baseline_is_the_version_published_on_the_date(produced: briefing.Briefing) -> None:
    before, latest = last_two()
    assert produced.baseline_id == before["vintage_id"]
    assert produced.held.latest_id == latest["vintage_id"]


def test_new_figures_are_exactly_those_the_latest_extract_added(produced, expected) -> None:
    rows = keyed(produced.rows, "new_period")
    assert set(rows.index) == set(expected["new_period"])
    for key, value in expected["new_period"].items():
        assert rows.loc[key, "value_now"] == pytest.approx(value, rel=1e-12)


def test_revisions_are_exactly_the_real_ones_with_first_and_last_value(produced, expected) -> None:
    rows = keyed(produced.rows, "revision")
    assert set(rows.index) == set(expected["revision"])
    for key, (old, new) in expected["revision"].items():
        assert (rows.loc[key, "value_then"], rows.loc[key, "value_now"]) == pytest.approx((old, new), rel=1e-12)
        assert rows.loc[key, "changed_in_vintage_id"] == last_two()[1]["vintage_id"]


def test_withdrawals_are_exactly_the_figures_the_latest_extract_dropped(produced, expected) -> None:
    rows = keyed(produced.rows, "withdrawn", "value_withdrawn", "period_dropped")
    withdrawn_measures = set(keyed(produced.rows, "withdrawn").index.get_level_values(0))
    expected_keys = {k for k in expected["withdrawn"] if k[0] not in withdrawn_measures}
    assert {k for k in rows.index if k[0] not in withdrawn_measures} == expected_keys
    for measure in withdrawn_measures:
        assert not any(k[0] == measure for k in expected["new_period"]), measure


def test_band_changes_are_exactly_those_recomputed_from_both_extracts(produced, expected) -> None:
    rows = keyed(produced.rows, "band_change", "rag_change")
    assert {k: (r["quartile_band_then"], r["quartile_band_now"]) for k, r in rows.iterrows()} == expected["band"]


def statements_in_html(text: str) -> list[str]:
    import html

    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", text, flags=re.S)]


def test_every_change_is_a_statement_with_its_numbers_and_version(produced: briefing.Briefing) -> None:
    items = statements_in_html(briefing.render_html(produced))
    rows = produced.rows
    assert len(items) == len(rows) > 0
    for item, (_, row) in zip(items, rows.iterrows(), strict=True):
        assert row["changed_in_vintage_id"] in item, item
        places = int(row["decimal_places"])
        for column in ("value_now", "value_then"):
            if not pd.isna(row[column]):
                assert f"{row[column]:,.{places}f}".lstrip("-") in item, (column, item)


def test_the_word_document_says_the_same(produced: briefing.Briefing, tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "briefing.docx"
    path.write_bytes(briefing.render_docx(produced))
    document = Document(str(path))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == statements_in_html(briefing.render_html(produced))
    counts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert counts == {heading: f"{count:,}" for heading, count in produced.counts()}


def test_the_view_gives_analysts_the_same_rows_as_the_table_macro(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        first = con.execute("select min(committed_on) from marts.dim_lait_vintages").fetchone()[0]
        view = con.execute("select * from marts.fct_lait_changes_since order by all").df()
        called = con.execute(
            "select * from marts.fct_lait_changes_since(882, ?, 'pack_2021') order by all", [first]
        ).df()
    assert len(view) > 0
    pd.testing.assert_frame_equal(view, called)


def test_the_command_writes_both_files_and_refuses_a_date_before_the_first_version(
    built_warehouse: Path, tmp_path: Path
) -> None:
    env = {"SCRUTINY_WAREHOUSE": str(built_warehouse), "SCRUTINY_BUILD_DIR": str(tmp_path / "build")}
    command = [sys.executable, "-m", "scrutiny", "briefing", "--la", "882", "--since"]
    import os

    done = subprocess.run([*command, "2025-06-01"], capture_output=True, text=True, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "build" / "briefing" / "882"
    assert {p.name for p in folder.iterdir()} == {"briefing_882_2025-06-01.html", "briefing_882_2025-06-01.docx"}
    refused = subprocess.run([*command, "2020-01-01"], capture_output=True, text=True, env={**os.environ, **env})
    assert refused.returncode == 2
    assert "before the first version" in refused.stderr and "Traceback" not in refused.stderr
