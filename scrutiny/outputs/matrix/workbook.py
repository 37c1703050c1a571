"""The data matrix as a print-ready workbook: a Context sheet, one sheet per topic in the pack's order (named for
the topic), and a Notes sheet. Each topic sheet has a row per indicator: the last five periods (period, value,
England, the neighbours' mean and median), the latest rank with the count ranked, band, RAG status and the
comparison with the neighbours in words, the one- and three-year progress ranks and bands, and an empty
commentary column for the officer. Every number is stored rounded to the indicator's decimal places
(``cells.rounded``) with the number format of the one workbook writer (``scrutiny.outputs.xlsx``). Printing:
A4 landscape, fitted one page wide, the two header rows repeated on every page, panes frozen below them and
right of the measure, a page header with the authority, neighbour group and data as at, and page numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from scrutiny.outputs import xlsx
from scrutiny.outputs.matrix.cells import (
    RAG_FILLS,
    RAG_WORDS,
    Heading,
    comparison_words,
    is_missing,
    missing_text,
    rounded,
)
from scrutiny.outputs.words import Words


@dataclass(frozen=True)
class Column:
    """One column of a topic sheet: its header, what it holds (a mart column or a derived cell) and its width."""

    header: str
    kind: str  # label | text | value | integer | band | rag | comparison | commentary
    field: str = ""
    width: float = 9.0


def _period(position: int) -> tuple[Column, ...]:
    return (
        Column("Period", "label", f"period_{position}_label", 8),
        Column("Value", "value", f"value_period_{position}", 9),
        Column("England", "value", f"england_value_period_{position}", 9),
        Column("Neighbours' mean", "value", f"neighbours_average_value_period_{position}", 9.5),
        Column("Neighbours' median", "value", f"neighbours_median_value_period_{position}", 9.5),
    )


def _progress(span: str) -> tuple[Column, ...]:
    return (
        Column("From", "label", f"start_period_label_{span}", 8),
        Column("Rank (1 = most improved)", "integer", f"improvement_rank_{span}", 9),
        Column("Of", "integer", f"count_las_ranked_{span}", 6),
        Column("Band", "band", f"improvement_band_{span}", 6),
    )


#: The header groups (row 2, merged across their columns) and their columns (row 3).
GROUPS: tuple[tuple[str, tuple[Column, ...]], ...] = (
    (
        "Measure",
        (
            Column("Measure", "text", "measure_label", 42),
            Column("Unit", "unit", "unit_label", 10),
            Column("Better is", "polarity", "polarity", 9),
        ),
    ),
    *((f"Period {p}" + (" (oldest)" if p == 1 else " (latest)" if p == 5 else ""), _period(p)) for p in range(1, 6)),
    (
        "Latest period",
        (
            Column("Rank (1 = best)", "integer", "rank_among_las", 8),
            Column("Of", "integer", "count_las_ranked", 6),
            Column("Band (A = best)", "band", "quartile_band", 7),
            Column("RAG status", "rag", "rag_status", 9),
            Column("Against neighbours' mean", "comparison", "neighbours_comparison", 11),
        ),
    ),
    ("Progress, year on year", _progress("yoy")),
    ("Progress, three years", _progress("3yr")),
    ("For the officer", (Column("Commentary", "commentary", "", 40),)),
)
COLUMNS: tuple[Column, ...] = tuple(column for _, columns in GROUPS for column in columns)


def cell(row: pd.Series, column: Column, words: Words) -> object:
    """The value a cell stores: numbers rounded to the indicator's places, words for codes, None when empty."""
    value = row.get(column.field) if column.field else None
    if column.kind == "value":
        if not is_missing(value):
            return rounded(value, row["decimal_places"])
        if column.field.startswith("value_period_") and not is_missing(row.get(column.field.replace("value", "label"))):
            return missing_text(row, int(column.field[-1]), words)
        return None
    if column.kind == "comparison":
        return comparison_words(row, words)
    if is_missing(value):
        return None
    if column.kind == "integer":
        return int(value)
    if column.kind == "rag":
        return RAG_WORDS.get(str(value), str(value))
    if column.kind in {"unit", "polarity"}:
        return words.get((column.kind, str(value)), str(value))
    return str(value) if column.kind in {"label", "band"} else value


def print_setup(sheet: object, heading: Heading, title_rows: str) -> None:
    """A4 landscape, one page wide (as many long as needed), narrow margins, the header rows on every page and
    a page header and footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.3
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = sheet.page_margins.footer = 0.25
    sheet.print_title_rows = title_rows
    for part, text in (("left", heading.authority), ("center", heading.group), ("right", heading.as_at)):
        getattr(sheet.oddHeader, part).text = text.replace("&", "&&")
        getattr(sheet.oddHeader, part).size = 9
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "Page &P of &N"


def _topic_sheet(workbook: object, topic: pd.DataFrame, label: str, title: str, heading: Heading, words: Words) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append([f"{heading.authority}: {label}"])
    sheet["A1"].font = Font(bold=True, size=13)
    group_row, header_row, start = [], [], 1
    for name, columns in GROUPS:
        group_row += [name] + [None] * (len(columns) - 1)
        header_row += [c.header for c in columns]
    sheet.append(group_row)
    sheet.append(header_row)
    for _, columns in GROUPS:
        if len(columns) > 1:
            sheet.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + len(columns) - 1)
        start += len(columns)
    fill = PatternFill("solid", fgColor="D9E1F2")
    for row_number in (2, 3):
        for item in sheet[row_number]:
            item.font, item.fill = Font(bold=True), fill
            item.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    for _, row in topic.iterrows():
        number_format = xlsx.number_format(row["decimal_places"])
        sheet.append([xlsx.cell_value(cell(row, column, words)) for column in COLUMNS])
        for item, column in zip(sheet[sheet.max_row], COLUMNS, strict=True):
            if column.kind == "value" and isinstance(item.value, float):
                item.number_format = number_format
            elif column.kind == "value" and item.value is not None:
                item.font = Font(italic=True, color="595959")
            elif column.kind == "integer" and item.value is not None:
                item.number_format = xlsx.INTEGER
            elif column.kind == "rag" and str(row.get("rag_status")) in RAG_FILLS:
                item.fill = PatternFill("solid", fgColor=RAG_FILLS[str(row["rag_status"])])
            if column.kind in {"text", "comparison", "commentary"}:
                item.alignment = wrap
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "B4"
    print_setup(sheet, heading, "2:3")


def _rows_sheet(workbook: object, title: str, header: list[str], rows: list[list[object]], heading: Heading) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title)
    sheet.append([f"{heading.authority}: {title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    xlsx.header_row(sheet, header)
    for row in rows:
        sheet.append([xlsx.cell_value(value) for value in row])
    for letter, width in zip("ABCDEF", (34, 16, 48, 60, 20, 20), strict=False):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        for item in row:
            item.alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(sheet, heading, "2:2")


def write_workbook(
    frame: pd.DataFrame,
    heading: Heading,
    notes: list[tuple[str, str]],
    context: pd.DataFrame,
    words: Words,
    path: Path | BinaryIO,
) -> None:
    """Context, one sheet per topic in the pack's order, then Notes."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = {"context", "notes"}
    if context.empty:
        context_rows = [["Not held", f"The warehouse holds no inspection judgements for {heading.authority}.", "", ""]]
    else:
        context_rows = [
            [r.framework_label, r.published_date_printed, r.judgement_area_printed, r.judgement_printed]
            for r in context.itertuples()
        ]
    _rows_sheet(workbook, "Context", ["Inspection", "Published", "Judgement area", "Judgement"], context_rows, heading)
    for (_, label), topic in frame.groupby(["topic_order", "topic_label"], sort=True):
        _topic_sheet(workbook, topic, str(label), xlsx.sheet_title(str(label), used), heading, words)
    _rows_sheet(workbook, "Notes", ["Item", "Detail"], [list(item) for item in notes], heading)
    workbook.save(path)
