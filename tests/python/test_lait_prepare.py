"""Unit tests for scrutiny.sources.lait.land.prepare: landing the LAIT workbooks, and the absent-extract fallback.

The extract files here are small synthetic ones written by the tests in DfE's layouts.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from scrutiny.errors import InputError
from scrutiny.sources.lait import land as lait

SN_HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [
    name for n in range(1, 11) for name in (f"SN{n}", "SNP")
]


def write_sn_workbook(path: Path, rows: list[list[object]], legacy_rows: list[list[object]] = ()) -> None:
    """A workbook laid out like DfE's sn_*.xlsx: two rows of column labels, the header, LAs, 'Old SNs:'."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "LA SN Groups"
    sheet.append(["A", "B", "C", "D", "E", *list(range(3, 23))])
    sheet.append(list(range(1, 26)))
    sheet.append(SN_HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append([None, "Old SNs:"])
    for row in legacy_rows:
        sheet.append(row)
    workbook.save(path)


def sn_row(focus: int, name: str, region: str, neighbours: list[int], closeness: str = "Very Close") -> list[object]:
    cells: list[object] = [focus, name, focus, 1, region]
    for neighbour in neighbours:
        cells += [neighbour, closeness]
    return cells


def write_la_codes(path: Path, rows: list[tuple[int, str, str, str]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["LA Number", "LA Name", "Region", "Type"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)


def write_minimal_extract(folder: Path) -> None:
    """The smallest complete extract: every required file, a few rows each."""
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {
            "Short Desc": ["M1"],
            "Data item": ["Measure one"],
            "Years": ["2019"],
            "LA and Regions": ["Alpha"],
            "Values": ["1.5"],
            "LA Number": [101.0],
            "Region": ["North"],
        },
        schema=lait.BDS_SCHEMA,
    )
    pq.write_table(table, folder / lait.BDS_FILE)
    (folder / lait.DICTIONARY_FILE).write_text(
        ",".join(lait.DICTIONARY_COLUMNS) + "\n" + "1,Topic,Measure one,,M1,High,%,,,,,,,,,1,Academic Year,\n",
        encoding="utf-8",
    )
    neighbours = list(range(102, 112))
    write_sn_workbook(
        folder / "sn_april_2021.xlsx",
        [sn_row(101, "Alpha", "North", neighbours), [999, "Gone", 999, 1, "North"] + ["-"] * 20],
        legacy_rows=[sn_row(150, "Old shire (Pre LG)", "North", neighbours)],
    )
    write_sn_workbook(folder / "sn_may_2025.xlsx", [sn_row(101, "Alpha", "North", list(reversed(neighbours)), "Close")])
    others = [(n, f"LA {n}", "North", "UA") for n in [*neighbours, 150]]
    write_la_codes(folder / lait.LA_CODES_FILE, [(101, "Alpha", "North", "UA"), *others, (970, "England", "NA", "NA")])


def test_absent_extract_gives_empty_typed_sources_and_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scrutiny.sources.lait.land"):
        dbt_vars = lait.prepare(None, tmp_path / "work")
    assert "LAIT extract absent" in caplog.text
    assert dbt_vars["lait_available"] == "false"
    con = duckdb.connect()
    bds = con.sql(f"select * from read_parquet('{dbt_vars['lait_bds_path']}')")
    assert bds.columns == [field.name for field in lait.BDS_SCHEMA]
    assert con.sql(f"select count(*) from read_parquet('{dbt_vars['lait_bds_path']}')").fetchall() == [(0,)]
    dictionary = con.sql(
        f"select * from read_csv('{dbt_vars['lait_dictionary_path']}', header = true, all_varchar = true)"
    )
    assert "Measure_short" in dictionary.columns
    assert len(dictionary.fetchall()) == 0
    for key in ("lait_neighbours_path", "lait_la_codes_path"):
        assert con.sql(f"select count(*) from read_parquet('{dbt_vars[key]}')").fetchall() == [(0,)]


def test_a_missing_required_file_counts_as_absent(tmp_path: Path) -> None:
    extract = tmp_path / "lait"
    write_minimal_extract(extract)
    (extract / lait.LA_CODES_FILE).unlink()
    assert lait.missing_files(extract) == [lait.LA_CODES_FILE]
    assert lait.prepare(extract, tmp_path / "work")["lait_available"] == "false"


def test_a_missing_neighbour_workbook_drops_its_group_only_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extract = tmp_path / "lait"
    write_minimal_extract(extract)
    (extract / "sn_may_2025.xlsx").unlink()
    assert lait.missing_files(extract) == ["sn_may_2025.xlsx"]
    with caplog.at_level(logging.WARNING, logger="scrutiny.sources.lait.land"):
        dbt_vars = lait.prepare(extract, tmp_path / "work")
    assert "neighbour group dfe_2025_05 dropped" in caplog.text and "sn_may_2025.xlsx" in caplog.text
    assert dbt_vars["lait_available"] == "true"
    assert dbt_vars["lait_bds_path"] == str((extract / lait.BDS_FILE).resolve())
    groups = duckdb.sql(
        f"select distinct neighbour_group_id from read_parquet('{dbt_vars['lait_neighbours_path']}')"
    ).fetchall()
    assert groups == [("dfe_2021_04",)]


def test_the_workbooks_read_are_the_registry_s(tmp_path: Path) -> None:
    """A DfE model is a row of seeds/reference/neighbour_group_versions.csv: nothing else names its workbook."""
    registry = tmp_path / "neighbour_group_versions.csv"
    registry.write_text(
        "neighbour_group_id,members_from,workbook_file\n"
        "printed,source_document,\n"
        "dfe_b,lait_workbook,sn_b.xlsx\n"
        "dfe_a,lait_workbook,sn_a.xlsx\n",
        encoding="utf-8",
    )
    assert lait.workbook_groups(registry) == [
        lait.WorkbookGroup("dfe_b", "sn_b.xlsx"),
        lait.WorkbookGroup("dfe_a", "sn_a.xlsx"),
    ]
    assert lait.extract_files(registry) == [*lait.REQUIRED_FILES, "sn_b.xlsx", "sn_a.xlsx"]
    assert [g.workbook_file for g in lait.workbook_groups()] == ["sn_april_2021.xlsx", "sn_may_2025.xlsx"]


def test_present_extract_lands_neighbour_models_and_la_codes(tmp_path: Path) -> None:
    extract = tmp_path / "lait"
    write_minimal_extract(extract)
    dbt_vars = lait.prepare(extract, tmp_path / "work")
    assert dbt_vars["lait_available"] == "true"
    assert dbt_vars["lait_bds_path"] == str((extract / lait.BDS_FILE).resolve())
    con = duckdb.connect()
    rows = con.sql(
        f"""
        select neighbour_group_id, focus_la_number, neighbour_position, neighbour_la_number, closeness,
               is_legacy_authority, source_row
        from read_parquet('{dbt_vars["lait_neighbours_path"]}')
        order by all
        """
    ).fetchall()
    april = [row for row in rows if row[0] == "dfe_2021_04"]
    may = [row for row in rows if row[0] == "dfe_2025_05"]
    # Alpha's ten and the legacy authority's ten; the LA whose neighbour cells are "-" has none.
    assert len(april) == 20
    assert {row[1] for row in april} == {101, 150}
    assert [row[3] for row in april if row[1] == 101] == list(range(102, 112))
    assert all(row[5] for row in april if row[1] == 150)
    assert not any(row[5] for row in april if row[1] == 101)
    assert april[0][6] == 4  # first LA row is row 4 of the sheet
    assert [row[3] for row in may] == list(range(111, 101, -1))
    assert {row[4] for row in may} == {"Close"}
    codes = con.sql(f"select la_number, la_name from read_parquet('{dbt_vars['lait_la_codes_path']}') order by 1")
    assert codes.fetchall()[0] == (101, "Alpha") and codes.fetchall()[-1] == (970, "England")


def test_a_workbook_without_the_expected_header_is_rejected_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "sn_bad.xlsx"
    workbook = Workbook()
    workbook.active.append(["something", "else"])
    workbook.save(path)
    with pytest.raises(InputError, match=r"sn_bad\.xlsx: no header row starting 'LA num'"):
        lait.read_neighbour_workbook(path, "dfe_2021_04")


def test_every_problem_of_the_extract_is_named_before_anything_lands(tmp_path: Path) -> None:
    extract = tmp_path / "lait"
    write_minimal_extract(extract)
    write_sn_workbook(extract / "sn_may_2025.xlsx", [sn_row(101, "Alpha", "North", [*range(102, 110), 404])])
    table = pq.read_table(extract / lait.BDS_FILE).to_pylist()
    table[0]["Values"] = "NaN"
    pq.write_table(pa.Table.from_pylist(table, schema=lait.BDS_SCHEMA), extract / lait.BDS_FILE)
    with pytest.raises(InputError) as raised:
        lait.prepare(extract, tmp_path / "work")
    found = {(p.file, p.row, p.column) for p in raised.value.problems}
    assert found == {
        (lait.BDS_FILE, 1, "Values"),  # NaN
        ("sn_may_2025.xlsx", 4, "SN10"),  # nine neighbours
        ("sn_may_2025.xlsx", 4, "SN9"),  # 404 is no authority
    }, raised.value.problems
    assert not (tmp_path / "work" / lait.NEIGHBOURS_OUT).exists(), "nothing is landed from a bad extract"
