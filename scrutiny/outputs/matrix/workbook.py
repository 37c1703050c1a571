"""The data matrix as an Excel workbook: a notes sheet, then one sheet per topic in the pack's order."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pandas as pd

from scrutiny.outputs import xlsx
from scrutiny.outputs.matrix.layout import (
    RAG_FILLS,
    BuildInfo,
    column_groups,
    columns,
    display_text,
    is_missing,
    notes_rows,
)


def _named_styles(workbook: object) -> dict[int, str]:
    """Register the workbook's cell styles once (a named style per cell is much faster than fonts, fills and
    formats set cell by cell); returns the number style name for each count of decimal places."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    def add(name: str, **attributes: object) -> None:
        style = NamedStyle(name=name)
        for key, value in attributes.items():
            setattr(style, key, value)
        workbook.add_named_style(style)

    add("matrix_title", font=Font(bold=True, size=13))
    add(
        "matrix_header",
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="D9E1F2"),
        alignment=Alignment(wrap_text=True, vertical="top"),
    )
    add("matrix_measure", alignment=Alignment(wrap_text=True, vertical="top"))
    add("matrix_missing", font=Font(italic=True, color="595959"))
    add("matrix_integer", number_format=xlsx.INTEGER)
    for rag, colour in RAG_FILLS.items():
        add(f"matrix_rag_{rag}", fill=PatternFill("solid", fgColor=colour))
    names = {}
    for places in range(0, xlsx.MAX_PLACES + 1):
        add(f"matrix_value_{places}dp", number_format=xlsx.number_format(places))
        add(f"matrix_value_{places}dp_signed", number_format=xlsx.number_format(places, signed=True))
        names[places] = f"matrix_value_{places}dp"
    return names


def write_workbook(
    frame: pd.DataFrame,
    info: BuildInfo,
    members: list[str],
    measures: str,
    path: Path | BinaryIO,
    wording: dict[str, str],
) -> None:
    """One sheet per topic in the pack's order (two frozen header rows, numbers stored as numbers with number
    formats, RAG as a word on its fill) and a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    notes = workbook.active
    notes.title = "Notes"
    bold = Font(bold=True)
    notes.append(["Data matrix: notes", ""])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append(["Item", "Detail"])
    for cell in notes[2]:
        cell.font = bold
    for item, detail in notes_rows(frame, info, members, measures):
        notes.append([item, detail])
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["B"].width = 120
    for row in notes.iter_rows(min_row=3):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].alignment = Alignment(vertical="top")
        row[0].font = bold
    notes.freeze_panes = "A3"

    groups = column_groups()
    cols = columns()
    styles = _named_styles(workbook)
    used: set[str] = {"notes"}
    first = frame.iloc[0]
    group_row, header_row, merges, start = [], [], [], 1
    for group in groups:
        group_row += [group.header] + [None] * (len(group.columns) - 1)
        header_row += [c.header for c in group.columns]
        if len(group.columns) > 1:
            merges.append((start, start + len(group.columns) - 1))
        start += len(group.columns)
    for (_, label), topic in frame.groupby(["topic_order", "topic_label"], sort=True):
        sheet = workbook.create_sheet(xlsx.sheet_title(str(label), used, fallback="Topic"))
        sheet.append([f"{first['focus_la_name']} ({int(first['focus_la_number'])}): {label}"])
        sheet["A1"].style = "matrix_title"
        sheet.append(group_row)
        sheet.append(header_row)
        for first_column, last_column in merges:
            sheet.merge_cells(start_row=2, start_column=first_column, end_row=2, end_column=last_column)
        for row_number in (2, 3):
            for cell in sheet[row_number]:
                cell.style = "matrix_header"
        for row in topic.to_dict("records"):
            number_style = styles[min(max(int(row["decimal_places"]), 0), 6)]
            values: list[object] = []
            for column in cols:
                value = row.get(column.field)
                if column.kind in {"value", "change"} and not is_missing(value):
                    values.append(float(value))
                elif column.kind == "integer" and not is_missing(value):
                    values.append(int(value))
                else:
                    values.append(display_text(row, column, wording) or None)
            sheet.append(values)
            cells = sheet[sheet.max_row]
            cells[0].style = "matrix_measure"
            for cell, column in zip(cells, cols, strict=True):
                if column.kind == "value" or column.kind == "change":
                    if isinstance(cell.value, float):
                        cell.style = number_style if column.kind == "value" else number_style + "_signed"
                    elif cell.value:
                        cell.style = "matrix_missing"
                elif column.kind == "integer" and cell.value is not None:
                    cell.style = "matrix_integer"
                elif column.kind == "rag" and str(row.get("rag_status")) in RAG_FILLS:
                    cell.style = f"matrix_rag_{row.get('rag_status')}"
        sheet.freeze_panes = "B4"
        sheet.column_dimensions["A"].width = 60
        for index in range(2, len(cols) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 13
    workbook.save(path)
