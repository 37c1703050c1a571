"""Landing DfE's children's social care statistics (scrutiny.sources.ees.prepare) from small synthetic EES files made here:
suppression symbols kept for staging to read, national and regional rows kept beside the authorities', an authority
missing from a year simply has no row, bad input named by file, row and column, an absent folder gives an empty
typed source. (How staging reads the symbols, and how England, the region and the ranks are attached, are dbt unit
tests: models/staging/ees_csc and models/intermediate/ees_csc.)"""

from __future__ import annotations

import logging
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scrutiny.errors import InputError
from scrutiny.sources import ees

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,"
    "new_la_code,la_name"
)


def geography(level: str, year: int = 2021, la: str = "", name: str = "") -> str:
    region = ("E12000006", "East of England") if level != "National" else ("", "")
    return f"{year},Reporting year,{level},E92000001,England,{region[0]},{region[1]},{la},,{name}"


def write_files(folder: Path, referral_rows: list[str] | None = None) -> Path:
    """Every EES file the landing expects, each a few rows; the referrals file holds the cases under test."""
    folder.mkdir(parents=True, exist_ok=True)
    referrals = referral_rows or [
        f"{geography('National')},Referrals and Re-referrals,600000,22.6",
        f"{geography('Regional')},Referrals and Re-referrals,60000,c",
        f"{geography('Local authority', la='882', name='Southend-on-Sea')},Referrals and Re-referrals,2050,z",
        f"{geography('Local authority', la='883', name='Thurrock')},Referrals and Re-referrals,x,u",
        f"{geography('Local authority', la='882', name='Southend-on-Sea', year=2022)},Referrals and Re-referrals,k,low",
        f"{geography('Local authority', la='881', name='Essex', year=2022)},Referrals and Re-referrals,.,",
    ]
    for dataset in ees.DATASETS:
        if dataset.dataset_id == "cin_referrals":
            lines = [f"{HEADER},category,referral_count,rereferral_percent", *referrals]
        elif dataset.filter_column:
            lines = [f"{HEADER},{dataset.filter_column},some_count", f"{geography('National')},All,1"]
        else:
            lines = [f"{HEADER},some_rate", f"{geography('National')},1.5"]
        (folder / dataset.file_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def landed(vars_: dict[str, str]) -> list[dict]:
    return pq.read_table(vars_["ees_csc_values_path"]).to_pylist()


def test_symbols_national_and_regional_rows_and_a_missing_authority(tmp_path: Path) -> None:
    vars_ = ees.prepare(write_files(tmp_path / "ees"), tmp_path / "work")
    assert vars_["ees_csc_available"] == "true"
    rows = [r for r in landed(vars_) if r["dataset_id"] == "cin_referrals"]
    cells = {(r["time_period"], r["geographic_level"], r["old_la_code"], r["indicator"]): r["value_text"] for r in rows}
    assert cells[(2021, "National", None, "referral_count")] == "600000"
    assert cells[(2021, "Regional", None, "rereferral_percent")] == "c"
    assert cells[(2021, "Local authority", "882", "referral_count")] == "2050"
    # every symbol is kept as printed (staging reads it as a missing value with its reason), never a zero
    symbols = {cells[k] for k in cells if k[0] in (2021, 2022)} - {"600000", "60000", "2050", "22.6"}
    assert symbols == {"c", "z", "x", "u", "k", "low", ".", ""}
    # Thurrock (883) is not in the 2022 file: it has no 2022 row, nothing is invented
    assert not [k for k in cells if k[0] == 2022 and k[2] == "883"]
    assert {r["breakdown"] for r in rows} == {"Referrals and Re-referrals"}
    southend = next(r for r in rows if r["old_la_code"] == "882" and r["time_period"] == 2021)
    assert southend["source_file"] == "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    assert southend["source_row"] == 4  # the header is row 1


@pytest.mark.parametrize(
    ("bad_row", "row", "column"),
    [
        (f"{geography('Local authority', la='882')},Referrals and Re-referrals,2050,n/a", 2, "rereferral_percent"),
        (f"{geography('Local authority', la='88')},Referrals and Re-referrals,2050,20", 2, "old_la_code"),
        (f"{geography('County')},Referrals and Re-referrals,2050,20", 2, "geographic_level"),
        ("2021/22,Reporting year,National,E92000001,England,,,,,,Referrals and Re-referrals,1,1", 2, "time_period"),
    ],
)
def test_bad_input_names_file_row_and_column(tmp_path: Path, bad_row: str, row: int, column: str) -> None:
    folder = write_files(tmp_path / "ees", [bad_row])
    with pytest.raises(InputError) as caught:
        ees.prepare(folder, tmp_path / "work")
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == (
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        row,
        column,
    )
    assert not (tmp_path / "work" / ees.VALUES_OUT).exists()


def test_a_missing_file_or_column_is_named(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "ees")
    (folder / ees.DATASETS[0].file_name).unlink()
    path = folder / "csww_indicators_2017_to_2025.csv"
    path.write_text(path.read_text().replace("old_la_code,", "la_code,"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ees.prepare(folder, tmp_path / "work")
    named = {(p.file, p.column) for p in caught.value.problems}
    assert (ees.DATASETS[0].file_name, None) in named
    assert ("csww_indicators_2017_to_2025.csv", "old_la_code") in named


def test_absent_folder_lands_an_empty_typed_source_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="scrutiny.sources.ees"):
        vars_ = ees.prepare(tmp_path / "nowhere", tmp_path / "work")
    assert vars_["ees_csc_available"] == "false"
    table = pq.read_table(vars_["ees_csc_values_path"])
    assert table.num_rows == 0 and table.schema.equals(ees.VALUES_SCHEMA)
    assert len([r for r in caplog.records if "absent" in r.getMessage()]) == 1
