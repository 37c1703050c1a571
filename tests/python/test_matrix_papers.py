"""The data matrix as papers (``make matrix``): the print-ready workbook, the HTML page and its PDF, for Southend
and the pack's neighbours, read back with openpyxl and pypdfium2 and checked against the marts and the printed
Appendix 1 (through marts.fct_lait_matrix_pack_reconciliation, which holds the pack's figures as printed).

What a committee clerk relies on: it prints (A4 landscape, one page wide, header rows on every page, a page header
saying whose matrix, which neighbours and how recent), every number is the mart's rounded to the indicator's
places and stored so (no float noise), and what the pack printed is what the paper shows where DfE agrees."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from scrutiny import paths
from scrutiny.outputs.matrix.export import export
from scrutiny.outputs.matrix.workbook import COLUMNS
from scrutiny.sources.lait import land as lait

MISSING = lait.missing_files(paths.lait_dir())
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"DfE's LAIT extract absent (missing {', '.join(MISSING)}): no generated matrix to print"
)

SOUTHEND, GROUP = 882, "pack_2021"
FIELDS = [c.field for c in COLUMNS]
VALUE_FIELDS = [c.field for c in COLUMNS if c.kind == "value"]
#: The share of the printed matrix the generated one agrees with, per statistic, as documented in docs/data.md:
#: a change to the matrix must not lower any of them.
AGREEMENT_FLOORS = {
    "value": 66.8,
    "rank": 37.3,
    "quartile_band": 87.0,
    "england_value": 55.9,
    "neighbours_average": 72.5,
    "improvement_rank_3yr": 33.3,
    "improvement_band_3yr": 88.4,
    "improvement_rank_yoy": 24.3,
    "improvement_band_yoy": 80.0,
}


@pytest.fixture(scope="module")
def papers(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("matrix")
    written = export(str(SOUTHEND), GROUP, warehouse=built_warehouse, out_root=out)
    return {path.suffix: path for path in written}


@pytest.fixture(scope="module")
def mart(built_warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        return con.execute(
            "select * from marts.fct_lait_matrix where focus_la_number = ? and neighbour_group_id = ? "
            "and is_in_pack_matrix order by topic_order, measure_order",
            [SOUTHEND, GROUP],
        ).df()


def decimals(number: float) -> int:
    """How many decimal places a stored number has (its shortest spelling: 8.0 none, 24.909999999999997 fifteen)."""
    return max(-Decimal(repr(float(number))).normalize().as_tuple().exponent, 0)


def topic_rows(papers: dict[str, Path], mart: pd.DataFrame) -> list[tuple[pd.Series, tuple]]:
    """Each mart row beside the workbook row that shows it (sheets in topic order, rows in measure order)."""
    workbook = load_workbook(papers[".xlsx"])
    pairs = []
    for (_, label), topic in mart.groupby(["topic_order", "topic_label"], sort=True):
        sheet = next(
            s for s in workbook.worksheets if s.cell(1, 1).value == f"Data matrix: Southend-on-Sea (882): {label}"
        )
        cells = list(sheet.iter_rows(min_row=4))
        assert len(cells) == len(topic), label
        pairs += list(zip((row for _, row in topic.iterrows()), cells, strict=True))
    return pairs


def test_every_topic_sheet_prints_a4_landscape_one_page_wide_with_its_headers(papers: dict[str, Path]) -> None:
    workbook = load_workbook(papers[".xlsx"])
    assert workbook.sheetnames[0] == "Context" and workbook.sheetnames[-1] == "Notes"
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title  # one page wide, as many long
        assert "Southend-on-Sea (882)" in sheet.oddHeader.left.text
        assert "Southend's statistical neighbours" in sheet.oddHeader.center.text
        assert re.fullmatch(r"DfE data as at \d{1,2} [A-Z][a-z]+ 20\d\d", sheet.oddHeader.right.text)
        assert "&P" in sheet.oddFooter.right.text
    for sheet in workbook.worksheets[1:-1]:
        assert sheet.print_title_rows == "$2:$3", sheet.title  # both header rows on every printed page
        assert sheet.freeze_panes == "B4", sheet.title
        assert [c.value for c in sheet[3]][:2] == ["Measure", "Unit"]
        assert sheet.title == sheet.cell(1, 1).value.split(": ")[-1][:31]  # named for its topic


def test_every_number_is_stored_rounded_to_the_indicators_places(papers, mart: pd.DataFrame) -> None:
    noisy_in_mart = 0
    checked = 0
    for row, cells in topic_rows(papers, mart):
        places = int(row["decimal_places"])
        for field in VALUE_FIELDS:
            value, stored = row[field], cells[FIELDS.index(field)].value
            if pd.isna(value):
                continue
            noisy_in_mart += decimals(value) > places
            assert isinstance(stored, int | float), (row["measure_code"], field, stored)
            assert decimals(stored) <= places, (row["measure_code"], field, stored)
            assert abs(stored - value) <= 0.5 * 10**-places + 1e-9, (row["measure_code"], field, stored, value)
            checked += 1
    assert checked > 1000
    assert noisy_in_mart > 100, "the mart holds values needing rounding, or this test proves nothing"


def test_the_paper_shows_what_the_pack_printed_where_dfe_agrees(papers, mart, built_warehouse: Path) -> None:
    """Southend with the pack's neighbours against the printed Appendix 1: each agreed figure of the last five
    periods is in the workbook (values and England's: DfE's figure, within the pack's rounding of what it printed)
    and the latest rank and band as printed; no statistic agrees with the printed matrix less often than before."""
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        printed = con.execute(
            "select measure_code, statistic, lait_period_label, pack_value, pack_value_text, generated_value "
            "from marts.fct_lait_matrix_pack_reconciliation where is_agreed"
        ).df()
        shares = dict(con.execute("select statistic, pct_agrees from marts.fct_lait_matrix_pack_agreement").fetchall())
    for statistic, floor in AGREEMENT_FLOORS.items():
        assert shares[statistic] >= floor, f"{statistic}: {shares[statistic]}% of the printed matrix, was {floor}%"
    by_measure = {row["measure_code"]: (row, cells) for row, cells in topic_rows(papers, mart)}
    found = 0
    for figure in printed.itertuples():
        if figure.measure_code not in by_measure:
            continue
        row, cells = by_measure[figure.measure_code]
        shown = {c.field: cell.value for c, cell in zip(COLUMNS, cells, strict=True)}
        if figure.statistic in {"value", "england_value"}:
            prefix = "value_period_" if figure.statistic == "value" else "england_value_period_"
            for position in range(1, 6):
                if row[f"period_{position}_label"] == figure.lait_period_label:
                    stored = shown[f"{prefix}{position}"]
                    # agreed: DfE's figure unchanged, or within the pack's rounding of it
                    unit = 10 ** -int(row["decimal_places"]) + 1e-9  # one unit of the last printed digit
                    assert abs(stored - figure.pack_value) <= unit and abs(stored - figure.generated_value) <= unit

                    found += 1
        elif figure.lait_period_label == row["latest_period_label"]:
            if figure.statistic == "rank":
                assert shown["rank_among_las"] == figure.pack_value, figure
                found += 1
            elif figure.statistic == "quartile_band":
                assert shown["quartile_band"] == figure.pack_value_text, figure
                found += 1
    assert found > 100


def pdf_pages(path: Path) -> list[tuple[float, float, str, float]]:
    """Each page's width, height, text and the rightmost edge of any character on it."""
    import pypdfium2 as pdfium

    pages = []
    document = pdfium.PdfDocument(str(path))
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        count = text.count_chars()
        right = max((text.get_charbox(i)[2] for i in range(count)), default=0.0)
        pages.append((width, height, text.get_text_range(), right))
    return pages


def test_the_pdf_prints_each_topic_one_a4_landscape_page_wide(papers: dict[str, Path], mart: pd.DataFrame) -> None:
    pages = pdf_pages(papers[".pdf"])
    topics = list(mart.groupby(["topic_order", "topic_label"], sort=True).groups)
    assert len(pages) >= len(topics) + 1
    for number, (width, height, text, right) in enumerate(pages, start=1):
        assert (round(width), round(height)) == (842, 595), number  # A4 landscape, in points
        assert right <= width - 20, f"page {number}: text runs to {right:.0f} of {width:.0f} pt (cut off)"
        assert "Data matrix: Southend-on-Sea (882)" in text, f"page {number} has no page header"
        assert f"Page {number} of {len(pages)}" in text
    table_pages = [text for _, _, text, _ in pages if "1 (oldest)" in text and "5 (latest)" in text]
    assert len(table_pages) >= len(topics)
    assert all("Com" in text and "mentary" in text for text in table_pages)  # the last column on every page
    for _, label in topics:
        assert any(label in text for text in table_pages), label


def test_the_html_page_has_the_same_tables_and_print_styles(papers: dict[str, Path], mart: pd.DataFrame) -> None:
    page = papers[".html"].read_text(encoding="utf-8")
    topics = mart["topic_label"].unique()
    assert page.count('<table class="matrix"') == len(topics)
    assert "@page { size: A4 landscape" in page and "break-before: page" in page
    assert "table-header-group" in page and "table-layout: fixed" in page
    assert 'lang="en"' in page and '<th scope="row">' in page
