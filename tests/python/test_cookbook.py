"""The analysts' cookbook (docs/cookbook/): every file runs as an analyst runs it, `python -m scrutiny sql FILE`,
against the published warehouse opened read-only, and gives the answer this test computes itself from the raw
files (DfE's Parquet extract and its published versions, the EES CSVs, the seeds), never from the marts.

A question whose raw files are absent is skipped with the reason.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from scrutiny import paths

COOKBOOK = paths.REPO_ROOT / "docs" / "cookbook"
SEEDS = paths.REPO_ROOT / "seeds"
LAIT = paths.lait_dir()
VINTAGES = paths.lait_vintages_dir()
EES = paths.ees_csc_dir()
SOUTHEND, PLYMOUTH, ENGLAND = 882, 879, 970

QUESTIONS = {
    "southend_band_d_and_worsening.sql",
    "neighbours_of_plymouth_ks2.sql",
    "southend_revisions.sql",
    "southend_referrals_vs_neighbours.sql",
    "complaints_by_stream_2020_21.sql",
    "band_a_league.sql",
}


def needs(folder: Path | None, what: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        folder is None or not folder.is_dir(), reason=f"{what} absent ({folder or 'no ../shared folder'})"
    )


def cookbook(name: str, warehouse: Path) -> list[dict[str, str]]:
    """The rows a cookbook file prints (`python -m scrutiny sql FILE --csv`). This process holds the warehouse open
    read-only meanwhile: the command could not open it for writing."""
    environment = {**os.environ, "SCRUTINY_WAREHOUSE": str(warehouse)}
    with duckdb.connect(str(warehouse), read_only=True):
        result = subprocess.run(
            [sys.executable, "-m", "scrutiny", "sql", str(COOKBOOK / name), "--csv"],
            cwd=paths.REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, f"{name}: {result.stderr[-2000:]}"
    return list(csv.DictReader(io.StringIO(result.stdout)))


def number(text: str) -> float | None:
    """A value as DfE or the pack prints it, as a number; None for a marker ("x", "-", "c", "") or blank."""
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None


def test_every_question_has_a_file_a_test_and_a_line_in_the_readme() -> None:
    assert {path.name for path in COOKBOOK.glob("*.sql")} == QUESTIONS
    readme = (COOKBOOK / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in QUESTIONS)
    assert "python -m scrutiny sql" in readme


def test_the_sql_command_names_a_missing_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrutiny", "sql", str(tmp_path / "nothing.sql")],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "nothing.sql" in result.stderr


# --- complaints: the seeds -------------------------------------------------------------------------------------


def test_complaints_by_stream_2020_21(built_warehouse: Path) -> None:
    with (SEEDS / "complaints" / "complaints_figures.csv").open(encoding="utf-8") as handle:
        printed = [
            row
            for row in csv.DictReader(handle)
            if re.fullmatch(r"2020/(20)?21", row["period_label"])
            and not row["restates_figure_id"]
            and row["service_area"] == "all"
            and not row["category"]
            and not row["outcome_as_printed"]
        ]
    expected: dict[str, dict[str, float]] = defaultdict(dict)
    for row in printed:
        expected[row["stream"]][row["measure"]] = float(row["value"]) if row["value"] else None
    with (SEEDS / "complaints" / "complaints_figures.csv").open(encoding="utf-8") as handle:
        (upheld,) = [
            float(row["value"])
            for row in csv.DictReader(handle)
            if row["stream"] == "ombudsman"
            and row["measure"] == "decisions_by_outcome"
            and row["outcome_as_printed"].lower() == "upheld"
            and row["period_label"] == "2020/21"
            and not row["restates_figure_id"]
        ]
    rows = {row["stream"]: row for row in cookbook("complaints_by_stream_2020_21.sql", built_warehouse)}
    streams = ("general", "adult_social_care", "childrens_social_care")
    assert [number(rows[s]["complaints_received"]) for s in streams] == [
        expected[s]["complaints_received"] for s in streams
    ]
    # the pack's three printed totals, summed naively by stream
    assert [number(rows[s]["complaints_received"]) for s in streams] == [367, 135, 90]
    ombudsman = rows["ombudsman"]
    assert number(ombudsman["ombudsman_decisions"]) == expected["ombudsman"]["decisions_made"] == 44
    assert number(ombudsman["ombudsman_decisions_upheld"]) == upheld


# --- DfE's current extract: the Parquet file -------------------------------------------------------------------

#: a period label's last year: '2019' 2019, '2018-19 (OT)' 2019, '2016-18' 2018, '2013/14-15/16' 2016
END_YEAR = """
    case
        when length(regexp_extract(base, '([0-9]+)$', 1)) = 4 then cast(regexp_extract(base, '([0-9]+)$', 1) as integer)
        else cast(regexp_extract(base, '^([0-9]{4})', 1) as integer) // 100 * 100
            + cast(regexp_extract(base, '([0-9]+)$', 1) as integer)
            + case when cast(regexp_extract(base, '([0-9]+)$', 1) as integer)
                < cast(regexp_extract(base, '^([0-9]{4})', 1) as integer) % 100 then 100 else 0 end
    end
"""


def pack_measures() -> set[str]:
    with (SEEDS / "reference" / "pack_measure_map.csv").open(encoding="utf-8") as handle:
        return {row["measure_code"] for row in csv.DictReader(handle) if row["match_quality"] in ("exact", "close")}


def latest_banded(con: duckdb.DuckDBPyConnection) -> None:
    """Creates table `latest`: every local authority's latest period of every measure (by the period's last year),
    its value, its quartile band computed from all authorities' values then (R type 7 quartiles, polarity from the
    data dictionary) and the period before with its value."""
    bds = LAIT / "bds_long_0.parquet"
    dictionary = LAIT / "lait_data_dictionary.csv"
    con.execute(
        f"""
        create temp table raw_values as
        with raw as (
            select "Short Desc" as measure_code, trim("Years") as label, cast("LA Number" as integer) as la_number,
                "LA and Regions" as area_name, try_cast(replace("Values", ',', '') as double) as value
            from read_parquet('{bds}')
            where "Short Desc" is not null and "LA Number" is not null
        )
        select *, trim(regexp_replace(label, '\\s*\\([^)]*\\)\\s*$', '')) as base
        from raw
        """
    )
    con.execute(
        f"""
        create temp table latest as
        with dated as (
            select *, {END_YEAR} as end_year from raw_values where base <> '0'
        ),
        -- a measure listed under two topics: its first topic's polarity; no quartiles when either row says so
        polarity as (
            select "Measure_short" as measure_code,
                arg_min(case "Polarity" when 'High' then 'high_better' when 'Low' then 'low_better' end, "Topic")
                    as polarity,
                bool_or(coalesce("No_Quartile" = 'N', false)) as is_no_quartile
            from read_csv('{dictionary}', all_varchar = true)
            group by "Measure_short"
        ),
        thresholds as (
            select measure_code, label, quantile_cont(value, 0.25) as q1, quantile_cont(value, 0.5) as q2,
                quantile_cont(value, 0.75) as q3
            from dated
            where la_number < {ENGLAND} and value is not null
            group by measure_code, label
        ),
        sequenced as (
            select *, lag(value) over w as previous_value, lag(label) over w as previous_label,
                row_number() over (partition by measure_code, la_number order by end_year desc) as recency
            from dated
            where la_number < {ENGLAND}
            window w as (partition by measure_code, la_number order by end_year)
        )
        select sequenced.*, polarity.polarity,
            case
                when sequenced.value is null or polarity.polarity is null or polarity.is_no_quartile then null
                when polarity.polarity = 'high_better' then
                    case when value > q3 then 'A' when value > q2 then 'B' when value > q1 then 'C' else 'D' end
                else case when value <= q1 then 'A' when value <= q2 then 'B' when value <= q3 then 'C' else 'D' end
            end as band
        from sequenced
        left join polarity using (measure_code)
        left join thresholds using (measure_code, label)
        where recency = 1
        """
    )


@needs(LAIT, "DfE's LAIT extract")
def test_southend_band_d_and_worsening(built_warehouse: Path) -> None:
    con = duckdb.connect()
    latest_banded(con)
    expected = {
        (measure, canonical(label)): (value, previous)
        for measure, label, value, previous, polarity in con.execute(
            f"select measure_code, label, value, previous_value, polarity from latest "
            f"where la_number = {SOUTHEND} and band = 'D' and previous_value is not null"
        ).fetchall()
        if measure in pack_measures() and (value < previous if polarity == "high_better" else value > previous)
    }
    rows = cookbook("southend_band_d_and_worsening.sql", built_warehouse)
    got = {
        (row["measure_code"], row["period_label"]): (number(row["value"]), number(row["previous_value"]))
        for row in rows
    }
    assert len(rows) == len(got) and got == expected and expected


def canonical(label: str) -> str:
    """DfE's label in the warehouse's canonical spelling: status suffix dropped, consecutive years yyyy/yy."""
    base = re.sub(r"\s*\([^)]*\)\s*$", "", label.strip())
    pair = re.fullmatch(r"(\d{4}) *[/-] *(\d{2}|\d{4})", base)
    if pair and int(pair.group(2)[-2:]) == (int(pair.group(1)) + 1) % 100:
        return f"{pair.group(1)}/{pair.group(2)[-2:]}"
    return base


@needs(LAIT, "DfE's LAIT extract")
def test_band_a_league(built_warehouse: Path) -> None:
    con = duckdb.connect()
    latest_banded(con)
    legacy = legacy_authorities()
    counts = con.execute(
        f"""
        select la_number, count(*) filter (where band = 'A') as count_a, count(band) as count_banded
        from latest
        where measure_code in ({", ".join(f"'{m}'" for m in sorted(pack_measures()))})
        group by la_number
        """
    ).fetchall()
    current = sorted(
        ((la, a, banded) for la, a, banded in counts if la not in legacy), key=lambda row: row[1], reverse=True
    )
    rows = cookbook("band_a_league.sql", built_warehouse)
    assert len(rows) == 10
    got = [
        (int(row["la_number"]), int(row["count_measures_in_band_a"]), int(row["count_measures_banded"])) for row in rows
    ]
    # the league's counts are the ten largest, and each authority's counts are its own
    assert [a for _, a, _ in got] == [a for _, a, _ in current[:10]]
    mine = {la: (a, banded) for la, a, banded in current}
    assert all(mine[la] == (a, banded) for la, a, banded in got)


def legacy_authorities() -> set[int]:
    """Authorities DfE's neighbour workbooks list under "Old SNs:" (they no longer exist)."""
    from openpyxl import load_workbook

    found: set[int] = set()
    for workbook in sorted(LAIT.glob("sn_*.xlsx")):
        sheet = load_workbook(workbook, read_only=True, data_only=True)["LA SN Groups"]
        old = False
        for row in sheet.iter_rows(values_only=True):
            if row and len(row) > 1 and str(row[1] or "").strip() == "Old SNs:":
                old = True
                continue
            if old and row and isinstance(row[0], (int, float)):
                found.add(int(row[0]))
    return found


@needs(LAIT, "DfE's LAIT extract")
@needs(EES, "DfE's children's social care statistics (for the 2025 neighbour model)")
def test_neighbours_of_plymouth_ks2(built_warehouse: Path) -> None:
    with (EES / "sn_model_2025_wide.csv").open(encoding="utf-8-sig") as handle:
        model = next(row for row in csv.DictReader(handle) if row["old_la_code"] == str(PLYMOUTH))
    neighbours = [int(model[f"SN_{n}"]) for n in range(1, 11)]
    con = duckdb.connect()
    latest_banded(con)
    (label,) = con.execute(
        f"select label from latest where measure_code = 'KS2RWM_Expected_STD' and la_number = {PLYMOUTH}"
    ).fetchall()[0]
    values = dict(
        con.execute(
            "select la_number, value from raw_values where measure_code = 'KS2RWM_Expected_STD' and label = ? "
            "and la_number < ? and value is not null",
            [label, ENGLAND],
        ).fetchall()
    )
    around = sorted(values[la] for la in neighbours if la in values)
    median = (around[(len(around) - 1) // 2] + around[len(around) // 2]) / 2
    rank = 1 + sum(1 for value in values.values() if value > values[PLYMOUTH])
    (row,) = cookbook("neighbours_of_plymouth_ks2.sql", built_warehouse)
    assert row["period_label"] == canonical(label)
    assert number(row["focus_value"]) == values[PLYMOUTH]
    assert number(row["neighbours_average_value"]) == pytest.approx(sum(around) / len(around))
    assert number(row["neighbours_median_value"]) == pytest.approx(median)
    assert (number(row["neighbours_min_value"]), number(row["neighbours_max_value"])) == (around[0], around[-1])
    assert int(row["count_neighbours_with_value"]) == len(around)
    assert (int(row["rank_among_las"]), int(row["count_las_ranked"])) == (rank, len(values))


# --- DfE's official statistics: the EES CSVs -------------------------------------------------------------------


@needs(EES, "DfE's children's social care statistics")
def test_southend_referrals_vs_neighbours(built_warehouse: Path) -> None:
    with (SEEDS / "reference" / "neighbour_groups.csv").open(encoding="utf-8") as handle:
        neighbours = {
            row["neighbour_la_code"]
            for row in csv.DictReader(handle)
            if row["neighbour_group_id"] == "pack_2021" and row["focus_la_code"] == str(SOUTHEND)
        }
    with (EES / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv").open(encoding="utf-8-sig") as handle:
        referrals = [row for row in csv.DictReader(handle) if row["category"] == "Referrals and Re-referrals"]
    with (EES / "cla_number_and_rate_per_10k_children.csv").open(encoding="utf-8-sig") as handle:
        population = {
            (row["time_period"], row["old_la_code"]): number(row["population_estimate"])
            for row in csv.DictReader(handle)
            if row["population_type"] == "Children looked after on 31 March each year"
            and row["geographic_level"] == "Local authority"
        }
    years = sorted({row["time_period"] for row in referrals})[-4:]

    def figures(row: dict[str, str]) -> dict[str, float | None]:
        count = number(row["referral_count"])
        people = population.get((row["time_period"], row["old_la_code"]))
        return {
            "referrals": count,
            "referrals_rate_per_10k": 10000 * count / people if count is not None and people else None,
            "rereferrals_pct": number(row["rereferral_percent"]),
        }

    expected = {}
    for year in years:
        local = {
            r["old_la_code"]: figures(r)
            for r in referrals
            if r["time_period"] == year and r["geographic_level"] == "Local authority"
        }
        england = next(r for r in referrals if r["time_period"] == year and r["geographic_level"] == "National")
        for measure in ("referrals", "referrals_rate_per_10k", "rereferrals_pct"):
            around = [local[la][measure] for la in neighbours if la in local and local[la][measure] is not None]
            expected[(measure, year)] = (
                local[str(SOUTHEND)][measure],
                sum(around) / len(around),
                number(england["referral_count"]) if measure == "referrals" else None,
                number(england["rereferral_percent"]) if measure == "rereferrals_pct" else None,
            )
    rows = cookbook("southend_referrals_vs_neighbours.sql", built_warehouse)
    assert len(rows) == 12
    labels = {
        "Referrals to children's social care": "referrals",
        "Re-referrals within 12 months of a previous referral": "rereferrals_pct",
    }
    for row in rows:
        measure = labels.get(row["measure_label"], "referrals_rate_per_10k")
        year = "20" + row["period_label"][-2:]
        southend, average, england_count, england_pct = expected[(measure, year)]
        assert number(row["southend_value"]) == pytest.approx(southend, abs=0.05)
        assert number(row["neighbours_average_value"]) == pytest.approx(average, abs=0.05)
        if england_count is not None:
            assert number(row["england_value"]) == england_count
        if england_pct is not None:
            assert number(row["england_value"]) == pytest.approx(england_pct)


# --- DfE's published versions: the vintages' Parquet files ------------------------------------------------------


def needed_decimals(value: float) -> int:
    """Decimals of a number's shortest spelling ("19.399999999999999" is 19.4: one)."""
    spelt = repr(value)
    mantissa, _, exponent = spelt.partition("e")
    decimals = len(mantissa.split(".")[1].rstrip("0")) if "." in mantissa else 0
    return max(decimals - int(exponent or 0), 0)


def rounded(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def is_revision(first: float, last: float, places: int | None) -> bool:
    """The rules of docs/lait_vintages.md: the same number, the same at DfE's decimal places, or within half a unit
    of the coarser spelling, is no revision; nor is one the other times 1,000 or 1,000,000."""
    tiny = 1e-12 * max(abs(first), abs(last))
    if abs(first - last) <= tiny:
        return False
    if places is not None and abs(rounded(first, places) - rounded(last, places)) <= Decimal(repr(tiny)):
        return False
    a, b = needed_decimals(last), needed_decimals(first)
    if abs(last - first) <= 0.5 * 10 ** -min(a, b) + tiny:
        return False
    if first and last:
        for factor in (1000, 1000000):
            if abs(last - first * factor) <= 0.5 * 10**-a + 0.5 * 10**-b * factor + 1e-12 * abs(last):
                return False
            if abs(last * factor - first) <= 0.5 * 10**-a * factor + 0.5 * 10**-b + 1e-12 * abs(first):
                return False
    return True


@needs(VINTAGES, "DfE's published versions of the LAIT extract")
def test_southend_revisions(built_warehouse: Path) -> None:
    with (VINTAGES / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = sorted(csv.DictReader(handle), key=lambda row: row["committed_at"])
    # the data dictionary in force: the version's own, else the latest earlier one, else the earliest later one
    dictionaries = [row["dictionary_file"] or None for row in manifest]
    in_force = [
        next((d for d in reversed(dictionaries[: i + 1]) if d), None) or next(d for d in dictionaries if d)
        for i in range(len(manifest))
    ]
    places: dict[str, dict[str, int | None]] = {}
    for name in set(in_force):
        with (VINTAGES / name).open(encoding="utf-8-sig") as handle:
            places[name] = {
                row["Measure_short"]: int(number(row["dps"])) if number(row["dps"]) is not None else None
                for row in csv.DictReader(handle)
            }
    history: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
    con = duckdb.connect()
    for seq, version in enumerate(manifest):
        for measure, label, text in con.execute(
            f"""select "Short Desc", trim("Years"), "Values" from read_parquet('{VINTAGES / version["bds_file"]}')
                where "LA Number" = {SOUTHEND} and "Short Desc" is not null and "Years" is not null"""
        ).fetchall():
            base = re.sub(r"\s*\([^)]*\)\s*$", "", label)
            history[(measure, base)].append((seq, label, text))
    revised = []
    for (measure, base), states in history.items():
        numbers = [(seq, label, text) for seq, label, text in states if number(text) is not None]
        if not numbers:
            continue
        first, last = number(numbers[0][2]), number(numbers[-1][2])
        # the version that started the last number's run (same label and text in consecutive versions)
        start = numbers[-1][0]
        published = {seq: (label, text) for seq, label, text in states}
        while start - 1 in published and published[start - 1] == published[numbers[-1][0]]:
            start -= 1
        if is_revision(first, last, places[in_force[start]].get(measure)):
            change = 100 * (last - first) / abs(first) if first else None
            revised.append((abs(change) if change is not None else -1, measure, canonical(base)))
    rows = cookbook("southend_revisions.sql", built_warehouse)
    assert len(rows) == 5
    assert {int(row["count_figures_revised"]) for row in rows} == {len(revised)}
    largest = sorted(revised, reverse=True)[:5]
    assert [number(row["net_change_pct"]) for row in rows] == pytest.approx(
        [
            round(size, 1) * (1 if number(row["net_change_pct"]) >= 0 else -1)
            for (size, _, _), row in zip(largest, rows, strict=True)
        ]
    )
    assert {(row["measure_code"], row["period_label"]) for row in rows} <= {(m, p) for _, m, p in revised}
