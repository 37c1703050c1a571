"""Integration tests of the LAIT dbt models on a small synthetic extract in DfE's BDS shape.

The tests write the extract (messy year labels, suppressed values, ties, a missing neighbour), land it with
scrutiny.sources.lait.land.prepare, build the LAIT models and their upstream seeds into a throwaway DuckDB file with dbt, and
check the numbers against values worked out here by hand. A second build with no extract checks that every LAIT
mart exists and is empty.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scrutiny import paths
from scrutiny.sources.lait import land as lait
from tests.python.test_lait_prepare import sn_row, write_la_codes, write_sn_workbook

#: Builds with dbt in every test (left out by `make test-fast`).
pytestmark = pytest.mark.build

SOUTHEND = 882
#: The pack's ten (seeds/reference/neighbour_groups.csv), in printed order.
PACK_NEIGHBOURS = [866, 879, 887, 839, 886, 373, 921, 894, 845, 880]
#: DfE April 2021 model for Southend: Suffolk (935) and Essex (881) instead of Sheffield (373) and Torbay (880).
DFE_NEIGHBOURS = [839, 866, 887, 886, 845, 879, 921, 894, 935, 881]
OTHER_LAS = [201, 202, 203]
ALL_LAS = [SOUTHEND, *PACK_NEIGHBOURS, 935, 881, *OTHER_LAS]
LAIT_MARTS = (
    "dim_lait_measures",
    "dim_lait_areas",
    "dim_lait_neighbour_group_members",
    "fct_lait_values",
    "fct_lait_neighbour_benchmarks_all_groups",
    "fct_lait_neighbour_values_all_groups",
    "fct_lait_revisions_since_pack",
    "fct_lait_pack_benchmark_reconciliation",
)


def high_values(year_index: int) -> dict[int, str]:
    """HIGHM: a high-better percentage. Southend 60, 65, 70 over three years; a tie at 80; markers."""
    values = {la: str(50 + i + year_index) for i, la in enumerate(ALL_LAS)}
    values[SOUTHEND] = str(60 + 5 * year_index)
    values[866] = "80"
    values[879] = "80"
    values[373] = "x"  # Sheffield suppressed: the pack group's average uses 9 neighbours
    values[201] = "c"
    values[202] = "-"
    values[203] = ":"
    return values


def extract_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []

    def add(measure: str, label: str, values: dict[int, str], england: str = "55", region: str = "54") -> None:
        for la, value in values.items():
            rows.append(
                {
                    "Short Desc": measure,
                    "Data item": None,
                    "Years": label,
                    "LA and Regions": f"LA {la}",
                    "Values": value,
                    "LA Number": float(la),
                    "Region": "East of England",
                }
            )
        rows.append(
            {
                "Short Desc": measure,
                "Data item": None,
                "Years": label,
                "LA and Regions": "England",
                "Values": england,
                "LA Number": 970.0,
                "Region": "NA",
            }
        )
        rows.append(
            {
                "Short Desc": measure,
                "Data item": None,
                "Years": label,
                "LA and Regions": "East of England",
                "Values": region,
                "LA Number": 985.0,
                "Region": "NA",
            }
        )

    for index, label in enumerate(["2018", "2019 (Rev)", "2020 (prov)"]):
        add("HIGHM", label, high_values(index))
    # LOWM: low-better spend; Southend falls each year (two improvements in a row)
    for index, label in enumerate(["2017-18 (OT)", "2018-19 (OT)", "2019-20 (OT)"]):
        add("LOWM", label, {la: str(1000 + 10 * i - 100 * index * (la == SOUTHEND)) for i, la in enumerate(ALL_LAS)})
    add("WINM", "2015-17", {la: "1.25" for la in ALL_LAS})
    add("SPANM", "2016/17-18/19", {la: "7" for la in ALL_LAS})
    add("NOPOL", "2019", {la: str(i) for i, la in enumerate(ALL_LAS)})
    add("NOQ", "2019", {la: str(i) for i, la in enumerate(ALL_LAS)})
    add("BADLBL", "0", {la: "-" for la in ALL_LAS})
    add("BLANKS", "2019", {la: "" for la in ALL_LAS})
    return rows


DICTIONARY = [
    # Measure_short, Topic, Polarity, dps, Year_Type, No_Quartile
    ("HIGHM", "Key Stage 2", "High", "0", "Academic Year", ""),
    ("LOWM", "Children's Service Finance", "Low", "", "Financial Year", ""),
    ("WINM", "Health and Wellbeing", "Low", "2", "Calendar Year", ""),
    ("SPANM", "Health and Wellbeing", "Low", "1", "Financial Year", ""),
    ("NOPOL", "Economic Factors", "-", "", "Annual - January", ""),
    ("NOQ", "Key Stage 2", "High", "", "Academic Year", "N"),
    ("BADLBL", "Children in Need", "Low", "2", "Academic Year", ""),
    ("BLANKS", "Children in Need", "Low", "2", "Annual", ""),
]


def write_extract(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(extract_rows(), schema=lait.BDS_SCHEMA), folder / lait.BDS_FILE)
    with (folder / lait.DICTIONARY_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=lait.DICTIONARY_COLUMNS)
        writer.writeheader()
        for number, (code, topic, polarity, dps, year_type, no_quartile) in enumerate(DICTIONARY, start=1):
            writer.writerow(
                {
                    "Measure_code": number,
                    "Topic": topic,
                    "Measure": f"Measure {code}",
                    "Measure_short": code,
                    "Polarity": polarity,
                    "dps": dps,
                    "Year_Type": year_type,
                    "No_Quartile": no_quartile,
                }
            )
    write_sn_workbook(
        folder / "sn_april_2021.xlsx", [sn_row(SOUTHEND, "Southend-on-Sea", "East of England", DFE_NEIGHBOURS)]
    )
    write_sn_workbook(
        folder / "sn_may_2025.xlsx", [sn_row(SOUTHEND, "Southend-on-Sea", "East of England", DFE_NEIGHBOURS[::-1])]
    )
    write_la_codes(
        folder / lait.LA_CODES_FILE,
        [(la, f"LA {la}", "East of England", "UA") for la in ALL_LAS]
        + [(970, "England", "NA", "NA"), (985, "East of England", "NA", "NA")],
    )


def dbt_build(work: Path, dbt_vars: dict[str, str]) -> Path:
    """Build the LAIT models, their upstream seeds and models, and the LAIT tests into work/wh.duckdb."""
    database = work / "wh.duckdb"
    env = dict(os.environ)
    env[paths.ENV_DBT_DATABASE] = str(database)
    env["DBT_TARGET_PATH"] = str(work / "target")
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--project-dir",
        str(paths.REPO_ROOT),
        "--profiles-dir",
        str(paths.REPO_ROOT),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--select",
        "+path:models/marts/lait",
        "path:tests/lait",
        "pack_measure_map",
        # only tests whose every parent is built here: other domains' tests are not this file's concern
        "--indirect-selection",
        "cautious",
        "--vars",
        json.dumps(dbt_vars),
    ]
    completed = subprocess.run(command, cwd=paths.REPO_ROOT, env=env, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout[-4000:]
    return database


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("lait_synthetic")
    write_extract(work / "extract")
    database = dbt_build(work, lait.prepare(work / "extract", work / "landed"))
    return duckdb.connect(str(database), read_only=True)


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    rows = con.sql(sql).fetchall()
    assert len(rows) == 1, (sql, rows)
    return rows[0]


def test_values_parse_and_markers_become_missing_with_a_reason(synthetic: duckdb.DuckDBPyConnection) -> None:
    reasons = dict(
        synthetic.sql(
            "select la_number, missing_reason from staging.stg_lait__bds_values "
            "where measure_code = 'HIGHM' and period_label = '2018'"
        ).fetchall()
    )
    assert reasons[373] == "suppressed" and reasons[201] == "suppressed"
    assert reasons[202] == "dash_in_source" and reasons[203] == "not_available"
    assert reasons[SOUTHEND] is None
    blanks = synthetic.sql(
        "select distinct missing_reason, value from staging.stg_lait__bds_values where measure_code = 'BLANKS' and la_number < 970"
    )
    assert blanks.fetchall() == [("not_published", None)]
    assert one(
        synthetic, "select value from marts.fct_lait_values where measure_code = 'WINM' and la_number = 882"
    ) == (1.25,)


@pytest.mark.parametrize(
    ("measure", "label", "kind", "start", "end", "flag"),
    [
        ("HIGHM", "2018", "academic_year", "2017-09-01", "2018-08-31", None),
        ("HIGHM", "2019 (Rev)", "academic_year", "2018-09-01", "2019-08-31", "is_labelled_revised"),
        ("HIGHM", "2020 (prov)", "academic_year", "2019-09-01", "2020-08-31", "is_labelled_provisional"),
        ("LOWM", "2018-19 (OT)", "financial_year", "2018-04-01", "2019-03-31", "is_labelled_outturn"),
        ("WINM", "2015-17", "multi_year", "2015-01-01", "2017-12-31", None),
        ("SPANM", "2016/17-18/19", "multi_year", "2016-04-01", "2019-03-31", None),
        ("NOPOL", "2019", "month", "2019-01-01", "2019-01-31", None),
        ("BLANKS", "2019", "as_at_date", "2019-03-31", "2019-03-31", None),
    ],
)
def test_year_labels_become_periods_and_flags(
    synthetic: duckdb.DuckDBPyConnection, measure: str, label: str, kind: str, start: str, end: str, flag: str | None
) -> None:
    row = one(
        synthetic,
        f"""select period_kind, cast(period_start_date as varchar), cast(period_end_date as varchar),
                   is_labelled_revised, is_labelled_provisional, is_labelled_outturn
            from marts.fct_lait_values
            where measure_code = '{measure}' and period_label_as_published = '{label}' and la_number = 882""",
    )
    assert row[:3] == (kind, start, end)
    flags = dict(zip(("is_labelled_revised", "is_labelled_provisional", "is_labelled_outturn"), row[3:], strict=False))
    assert flags == {name: name == flag for name in flags}


def test_a_label_parse_period_cannot_read_is_kept_without_a_period(synthetic: duckdb.DuckDBPyConnection) -> None:
    assert one(
        synthetic, "select count(*), count(period_kind) from marts.fct_lait_values where measure_code = 'BADLBL'"
    ) == (
        len(ALL_LAS) + 2,
        0,
    )


def test_rank_is_polarity_aware_with_ties_sharing_the_lowest_rank(synthetic: duckdb.DuckDBPyConnection) -> None:
    ranks = dict(
        synthetic.sql(
            "select la_number, rank_among_las from marts.fct_lait_values where measure_code = 'HIGHM' and period_label = '2018'"
        ).fetchall()
    )
    values = {la: float(v) for la, v in high_values(0).items() if v.replace(".", "").isdigit()}
    expected = {la: 1 + sum(other > value for other in values.values()) for la, value in values.items()}
    assert {la: ranks[la] for la in values} == expected
    assert ranks[866] == ranks[879] == 1  # the tie at 80 shares rank 1; the next value ranks 3
    assert sorted(expected.values())[2] == 3
    assert ranks[373] is None and ranks[970] is None and ranks[985] is None
    assert one(
        synthetic,
        "select max(count_las_ranked) from marts.fct_lait_values where measure_code = 'HIGHM' and period_label = '2018'",
    ) == (len(values),)
    low = dict(
        synthetic.sql(
            "select la_number, rank_among_las from marts.fct_lait_values where measure_code = 'LOWM' and period_label = '2019/20'"
        ).fetchall()
    )
    assert low[SOUTHEND] == 1  # the lowest spend is the best for a low-better measure
    assert one(
        synthetic,
        "select count(rank_among_las), count(quartile_band) from marts.fct_lait_values where measure_code = 'NOPOL'",
    ) == (0, 0)


def quantile_type7(values: list[float], p: float) -> float:
    ordered = sorted(values)
    h = (len(ordered) - 1) * p
    low = int(h)
    return ordered[low] + (h - low) * (ordered[min(low + 1, len(ordered) - 1)] - ordered[low])


def test_quartile_band_is_computed_as_lait_does(synthetic: duckdb.DuckDBPyConnection) -> None:
    values = {la: float(v) for la, v in high_values(0).items() if v.replace(".", "").isdigit()}
    q1, q2, q3 = (quantile_type7(list(values.values()), p) for p in (0.25, 0.5, 0.75))
    bands = dict(
        synthetic.sql(
            "select la_number, quartile_band from marts.fct_lait_values where measure_code = 'HIGHM' and period_label = '2018'"
        ).fetchall()
    )
    for la, value in values.items():
        expected = "A" if value > q3 else "B" if value > q2 else "C" if value > q1 else "D"
        assert bands[la] == expected, (la, value)
    assert bands[866] == "A"
    # No_Quartile = "N": ranked, but no band
    assert one(
        synthetic,
        "select count(rank_among_las) > 0, count(quartile_band) from marts.fct_lait_values where measure_code = 'NOQ'",
    ) == (True, 0)


def test_neighbours_average_uses_the_neighbours_that_have_a_value(synthetic: duckdb.DuckDBPyConnection) -> None:
    values = high_values(0)
    pack_values = [float(values[la]) for la in PACK_NEIGHBOURS if values[la].isdigit()]
    dfe_values = [float(values[la]) for la in DFE_NEIGHBOURS if values[la].isdigit()]
    rows = dict(
        (group, (average, used, size))
        for group, average, used, size in synthetic.sql(
            """select neighbour_group_id, neighbours_average_value, count_neighbours_with_value, count_neighbours_in_group
               from marts.fct_lait_neighbour_benchmarks_all_groups
               where focus_la_number = 882 and measure_code = 'HIGHM' and period_label = '2018'"""
        ).fetchall()
    )
    assert rows["pack_2021"] == (pytest.approx(sum(pack_values) / len(pack_values)), 9, 10)
    assert rows["dfe_2021_04"] == (pytest.approx(sum(dfe_values) / len(dfe_values)), 10, 10)
    side_by_side = synthetic.sql(
        """select neighbour_position, la_number, value from marts.fct_lait_neighbour_values_all_groups
           where neighbour_group_id = 'pack_2021' and focus_la_number = 882 and measure_code = 'HIGHM'
             and period_label = '2018' order by neighbour_position"""
    ).fetchall()
    assert [la for _, la, _ in side_by_side] == [SOUTHEND, *PACK_NEIGHBOURS]
    assert side_by_side[PACK_NEIGHBOURS.index(373) + 1][2] is None


def test_change_and_consecutive_improvement(synthetic: duckdb.DuckDBPyConnection) -> None:
    high = synthetic.sql(
        """select period_label, period_label_as_published, change_from_previous, count_consecutive_periods_improved,
               is_latest_period
           from marts.fct_lait_values
           where measure_code = 'HIGHM' and la_number = 882 order by period_end_date"""
    ).fetchall()
    assert high == [
        ("2018", "2018", None, 0, False),
        ("2019", "2019 (Rev)", 5.0, 1, False),
        ("2020", "2020 (prov)", 5.0, 2, True),
    ]
    low = synthetic.sql(
        """select change_from_previous, count_consecutive_periods_improved from marts.fct_lait_values
           where measure_code = 'LOWM' and la_number = 882 order by period_end_date"""
    ).fetchall()
    assert low == [(None, 0), (-100.0, 1), (-100.0, 2)]


def test_england_and_region_values_sit_beside_each_la(synthetic: duckdb.DuckDBPyConnection) -> None:
    assert one(
        synthetic,
        "select england_value, region_la_number, region_value from marts.fct_lait_values "
        "where measure_code = 'HIGHM' and period_label = '2018' and la_number = 882",
    ) == (55.0, 985, 54.0)


def test_without_the_extract_every_lait_mart_builds_empty(tmp_path: Path) -> None:
    database = dbt_build(tmp_path, lait.prepare(None, tmp_path / "landed"))
    con = duckdb.connect(str(database), read_only=True)
    for mart in LAIT_MARTS:
        count = one(con, f"select count(*) from marts.{mart}")[0]
        if mart == "dim_lait_neighbour_group_members":
            assert count == 10, "the pack's group comes from the seed and stays"
        else:
            assert count == 0, mart
