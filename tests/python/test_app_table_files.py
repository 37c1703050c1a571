"""streamlit_app.downloads on its own (no Streamlit, no warehouse): one description of a table gives the formatted
table on screen and files whose numbers are numbers, with each number's unit and status."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from scrutiny.outputs.xlsx import number_format
from streamlit_app.downloads import Table


def table() -> Table:
    return (
        Table(3)
        .text("Area", ["Southend", "England", "Neighbours"])
        .number("Pupils", [1234, None, 0], "count", 0, [None, "suppressed", None])
        .number("Achieving", [74.0, 71.8, None], "percent", 1)
        .number("Gap", [2.2, -0.5, None], "percent", 1, gap=True)
        .number("Spend", [1234.5, 2000, 3000], "gbp", 0)
    )


def test_on_screen_the_numbers_are_written_with_their_units_and_reasons() -> None:
    shown = table().display()
    assert shown.loc[0].tolist() == ["Southend", "1,234", "74.0%", "+2.2 percentage points", "£1,234"]
    assert shown.loc[1, "Pupils"] == "not available (suppressed in the pack)"
    assert shown.loc[2, "Pupils"] == "0"  # a zero is a value, shown as one


def test_the_csv_holds_raw_numbers_units_and_statuses_and_never_turns_missing_into_zero() -> None:
    data = table().csv()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig").splitlines()
    assert text[0] == (
        "Area,Pupils,Pupils unit,Pupils status,Achieving,Achieving unit,Achieving status,Gap,Gap unit,Gap status,"
        "Spend,Spend unit,Spend status"
    )
    assert text[1].startswith("Southend,1234,count,value,74.0,percent (0-100),value,2.2,percentage points,value,")
    assert text[2].startswith("England,,count,not available (suppressed in the pack),71.8,")
    assert text[3].startswith("Neighbours,0,count,value,,percent (0-100),not available,")
    assert "£" in data.decode("utf-8-sig")


def test_the_workbook_holds_numbers_with_the_apps_number_formats() -> None:
    book = load_workbook(io.BytesIO(table().xlsx("A table", ["Source: a test."])))
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    pupils, achieving, spend = (header.index(h) + 1 for h in ("Pupils", "Achieving", "Spend"))
    assert sheet.cell(row=2, column=pupils).value == 1234
    assert sheet.cell(row=3, column=pupils).value is None  # missing stays empty, never 0
    assert sheet.cell(row=4, column=pupils).value == 0
    assert sheet.cell(row=2, column=achieving).value == pytest.approx(74.0)
    assert sheet.cell(row=2, column=achieving).number_format == '#,##0.0"%"'
    assert sheet.cell(row=2, column=spend).number_format == '"£"#,##0'
    assert [r[0] for r in book["About"].iter_rows(values_only=True)][:2] == ["A table", "Source: a test."]


@pytest.mark.parametrize(
    ("unit", "decimals", "expected"),
    [("count", 0, "#,##0"), ("rate_per_10k", 1, "#,##0.0"), ("percent", 2, '#,##0.00"%"'), (None, None, "#,##0")],
)
def test_excel_formats_follow_the_unit_and_decimal_places(unit, decimals, expected) -> None:
    """The app's downloads take their formats from the product's one workbook writer."""
    assert number_format(decimals, unit) == expected
    book = load_workbook(io.BytesIO(Table(1).number("Figure", [1.5], unit, decimals).xlsx("A table")))
    assert book["Data"].cell(row=2, column=1).number_format == expected


def test_a_column_that_does_not_fit_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 3 values, got 2"):
        Table(3).number("Pupils", [1, 2], "count", 0)
