"""Export the data matrix generated for an authority (``marts.fct_lait_matrix``) as an Excel workbook and an
accessible HTML page, one folder per authority under ``paths.matrix_dir()``.

``python -m scrutiny matrix --la 879`` (``make matrix LA=879``) writes Plymouth's matrix with its default neighbour
group; ``--group dfe_2021_04`` picks another group; ``--la all`` writes every current authority; ``--measures all``
adds every other DfE measure after the pack's topics; ``--list`` prints the authorities and groups available.

The published warehouse is read read-only with one connection: one query for the rows of every authority asked
for, then one workbook and one page per authority. Nothing here computes a figure: ranks, bands, averages and
improvement ranks are the mart's; this module lays them out.
"""

from __future__ import annotations

import html
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from scrutiny import paths

#: Measures in the workbook: the pack's matrix only, or every DfE measure (the pack's topics first).
MEASURE_SETS = ("pack", "all")
#: Where the figures come from, as the notes sheet and the page say it.
SOURCE = (
    "Department for Education, Local Authority Interactive Tool (LAIT) extract "
    "(dfe-analytical-services/local-authority-interactive-tool, 01_data/02_prod), Open Government Licence v3.0."
)
METHODS = (
    (
        "Rank",
        "Among English local authorities with a value for the measure and period; 1 = best (highest where "
        "higher is better, lowest where lower is better); ties share the lowest rank; no rank where DfE gives the "
        "measure no polarity.",
    ),
    (
        "Quartile band",
        "A = best quarter to D = worst: thresholds are the 25th, 50th and 75th percentiles of the "
        "authorities' values (R's type 7), as DfE's LAIT computes them; none where DfE publishes no quartiles.",
    ),
    (
        "Neighbours' average",
        "The mean of the neighbours that have a value (missing neighbours are left out, never "
        "counted as zero): the statistic the committee pack prints. The median, lowest and highest are shown "
        "beside it.",
    ),
    (
        "Direction of travel",
        "The latest value against the previous period's: improving or worsening where the "
        "measure has a polarity, up or down where it has none.",
    ),
    (
        "Improvement rank and band",
        "The change over the span (year on year: from the period a year earlier; three "
        "years: from the period two years earlier, as the pack's '2016-18'), made polarity-aware, ranked among the "
        "authorities with a value at both ends (1 = largest improvement; ties share the lowest rank; changes rounded "
        "to 6 decimal places first), banded A-D by the quartiles of those improvements.",
    ),
    (
        "RAG status",
        "The pack's rule: green = band A, amber = band B or C, red = band D; not rated without a band "
        "or where the measure has no polarity.",
    ),
    (
        "Last five periods",
        "The five latest periods in which any authority has a value for the measure, oldest "
        "first; a missing value says why (the reason DfE's data gives).",
    ),
)
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "not_rated": "Not rated"}
#: Excel's own good / neutral / bad fills (dark text on a light fill: readable, and the word carries the meaning).
RAG_FILLS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
POLARITY_WORDS = {"high_better": "Higher", "low_better": "Lower", "neither": "Neither"}
DIRECTION_WORDS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "no_change": "No change",
    "up": "Up",
    "down": "Down",
}


class MatrixRequestError(ValueError):
    """The authority or group asked for is not in the warehouse; the message says how to find valid ones."""


@dataclass(frozen=True)
class Column:
    """One column of a topic table: its header, the mart column it shows, and how."""

    header: str
    field: str
    kind: str  # text | value | change | integer | band | rag | polarity | direction | label


@dataclass(frozen=True)
class Group:
    """A header spanning consecutive columns."""

    header: str
    columns: tuple[Column, ...]


def column_groups() -> tuple[Group, ...]:
    """The matrix's columns, grouped as the two header rows show them."""
    periods = []
    for position in range(1, 6):
        which = " (oldest)" if position == 1 else " (latest)" if position == 5 else ""
        periods += [
            Column(f"Period {position}{which}", f"period_{position}_label", "label"),
            Column(f"Value {position}", f"value_period_{position}", "value"),
        ]
    return (
        Group(
            "Measure",
            (
                Column("Measure", "measure_label", "text"),
                Column("Unit", "unit_label", "text"),
                Column("Better is", "polarity", "polarity"),
            ),
        ),
        Group("The authority's value, last five periods", tuple(periods)),
        Group(
            "Latest period: rank and band",
            (
                Column("Rank (1 = best)", "rank_among_las", "integer"),
                Column("Authorities ranked", "count_las_ranked", "integer"),
                Column("Quartile band (A = best)", "quartile_band", "band"),
            ),
        ),
        Group(
            "Latest period: comparators",
            (
                Column("England", "england_value", "value"),
                Column("Region", "region_value", "value"),
                Column("Neighbours' average (mean, as the pack)", "neighbours_average_value", "value"),
                Column("Neighbours with a value", "count_neighbours_with_value", "integer"),
                Column("Neighbours' median", "neighbours_median_value", "value"),
                Column("Neighbours' lowest", "neighbours_min_value", "value"),
                Column("Neighbours' highest", "neighbours_max_value", "value"),
            ),
        ),
        Group(
            "Direction of travel",
            (
                Column("Direction", "direction_of_travel", "direction"),
                Column("Change on previous period", "change_from_previous", "change"),
            ),
        ),
        Group(
            "Improvement, year on year",
            (
                Column("From", "start_period_label_yoy", "label"),
                Column("Rank (1 = most improved)", "improvement_rank_yoy", "integer"),
                Column("Authorities ranked", "count_las_ranked_yoy", "integer"),
                Column("Band", "improvement_band_yoy", "band"),
            ),
        ),
        Group(
            "Improvement, three years",
            (
                Column("From", "start_period_label_3yr", "label"),
                Column("Rank (1 = most improved)", "improvement_rank_3yr", "integer"),
                Column("Authorities ranked", "count_las_ranked_3yr", "integer"),
                Column("Band", "improvement_band_3yr", "band"),
            ),
        ),
        Group("Status", (Column("RAG status", "rag_status", "rag"),)),
        Group(
            "Source",
            (
                Column("DfE measure code", "measure_code", "text"),
                Column("DfE last updated", "dfe_last_updated_date", "label"),
            ),
        ),
    )


def columns() -> list[Column]:
    return [c for g in column_groups() for c in g.columns]


# --- reading the warehouse -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildInfo:
    """What the exported files say about where their figures come from."""

    run_id: str
    git_commit: str
    published_at: str
    extract_updated: str
    warehouse: Path


def connect(warehouse: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = warehouse or paths.warehouse_path()
    if not path.is_file():
        raise MatrixRequestError(f"No published warehouse at {path}: run `make build` first.")
    return duckdb.connect(str(path), read_only=True)


def available(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every focus authority and neighbour group the matrix has, with names and which group is the default."""
    return con.execute(
        """
        select distinct focus_la_number, focus_la_name, neighbour_group_id, neighbour_group_label,
            is_default_for_focus, is_legacy_focus
        from marts.fct_lait_matrix
        order by focus_la_number, neighbour_group_id
        """
    ).df()


HOW_TO_FIND = (
    "List the authorities and groups with `python -m scrutiny matrix --list` (or query "
    "`select distinct focus_la_number, focus_la_name, neighbour_group_id from marts.fct_lait_matrix`)."
)


def resolve(options: pd.DataFrame, la: str, group: str | None) -> list[tuple[int, str]]:
    """The (LA number, group) pairs to export: one authority, or every current authority for ``all``; the group
    asked for, or each authority's default. Raises MatrixRequestError naming what is unknown."""
    if options.empty:
        raise MatrixRequestError(
            "The warehouse has no generated matrix (marts.fct_lait_matrix is empty): build with DfE's LAIT extract "
            "present (SCRUTINY_LAIT_DIR, or `make fetch-lait`)."
        )
    groups = sorted(options["neighbour_group_id"].unique())
    if group is not None and group not in groups:
        raise MatrixRequestError(f"Unknown neighbour group {group!r}. Groups: {', '.join(groups)}. {HOW_TO_FIND}")
    if la.strip().lower() == "all":
        chosen = options[~options["is_legacy_focus"].astype(bool)]
    else:
        if not re.fullmatch(r"\d{3}", la.strip()):
            raise MatrixRequestError(
                f"LA must be a DfE LA number (three digits, e.g. 879) or 'all', not {la!r}. " + HOW_TO_FIND
            )
        chosen = options[options["focus_la_number"] == int(la)]
        if chosen.empty:
            raise MatrixRequestError(f"LA number {la} is not an authority in the generated matrix. {HOW_TO_FIND}")
    if group is None:
        chosen = chosen[chosen["is_default_for_focus"].astype(bool)]
    else:
        with_group = chosen[chosen["neighbour_group_id"] == group]
        if with_group.empty:
            raise MatrixRequestError(
                f"LA number {la} has no neighbours in group {group!r}; its groups: "
                f"{', '.join(sorted(chosen['neighbour_group_id'].unique()))}. {HOW_TO_FIND}"
            )
        chosen = with_group
    return [(int(r.focus_la_number), str(r.neighbour_group_id)) for r in chosen.itertuples()]


def load_rows(con: duckdb.DuckDBPyConnection, pairs: list[tuple[int, str]], measures: str) -> pd.DataFrame:
    """The matrix rows of every (authority, group) pair, in the pack's order."""
    con.execute("create or replace temp table wanted (focus_la_number integer, neighbour_group_id varchar)")
    con.executemany("insert into wanted values (?, ?)", pairs)
    pack_only = "and m.is_in_pack_matrix" if measures == "pack" else ""
    return con.execute(
        f"""
        select m.*
        from marts.fct_lait_matrix as m
        inner join wanted using (focus_la_number, neighbour_group_id)
        where true {pack_only}
        order by m.focus_la_number, m.topic_order, m.measure_order
        """
    ).df()


def missing_wording(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "select missing_reason, wording from marts.dim_missing_reasons where source_family = 'dfe_lait'"
    ).fetchall()
    return {reason: wording for reason, wording in rows}


def neighbours(con: duckdb.DuckDBPyConnection, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
    frame = con.execute(
        """
        select focus_la_number, neighbour_group_id, neighbour_position, neighbour_la_number, neighbour_la_name
        from marts.dim_lait_neighbour_group_members
        inner join wanted using (focus_la_number, neighbour_group_id)
        order by focus_la_number, neighbour_group_id, neighbour_position
        """
    ).df()
    out: dict[tuple[int, str], list[str]] = {}
    for row in frame.itertuples():
        name = row.neighbour_la_name if isinstance(row.neighbour_la_name, str) else "(name not in the extract)"
        out.setdefault((int(row.focus_la_number), str(row.neighbour_group_id)), []).append(
            f"{name} ({row.neighbour_la_number})"
        )
    return out


def build_info(con: duckdb.DuckDBPyConnection, warehouse: Path) -> BuildInfo:
    run = con.execute(
        "select run_id, coalesce(git_commit, 'unknown'), finished_at from data_quality.build_runs "
        "where is_published order by started_at desc limit 1"
    ).fetchone()
    updated = con.execute("select max(dfe_last_updated_date) from marts.fct_lait_matrix").fetchone()[0]
    return BuildInfo(
        run_id=run[0] if run else "unknown",
        git_commit=run[1] if run else "unknown",
        published_at=run[2].isoformat(timespec="seconds") if run and run[2] else "unknown",
        extract_updated=updated.isoformat() if updated else "unknown",
        warehouse=warehouse,
    )


# --- cells ---------------------------------------------------------------------------------------------------


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def number_format(decimal_places: int) -> str:
    """Excel number format for a value shown with this many decimal places."""
    return "#,##0" if decimal_places <= 0 else "#,##0." + "0" * decimal_places


def missing_text(row: pd.Series, field: str, wording: dict[str, str]) -> str:
    """What an empty value cell says: the reason DfE's data gives for the period's value, else 'no figure'."""
    match = re.fullmatch(r"value_period_(\d)", field)
    reason = row.get(f"missing_reason_period_{match.group(1)}") if match else None
    if match and is_missing(row.get(f"period_{match.group(1)}_label")):
        return ""
    if reason and not is_missing(reason):
        return wording.get(str(reason), str(reason).replace("_", " "))
    return "no figure"


def display_text(row: pd.Series, column: Column, wording: dict[str, str]) -> str:
    """A cell as text (the HTML page, and the text cells of the workbook)."""
    value = row.get(column.field)
    if column.kind in {"value", "change"}:
        if is_missing(value):
            return missing_text(row, column.field, wording) if column.kind == "value" else ""
        places = int(row["decimal_places"])
        text = f"{float(value):,.{max(places, 0)}f}"
        return ("+" + text if float(value) > 0 else text) if column.kind == "change" else text
    if is_missing(value):
        return ""
    if column.kind == "integer":
        return f"{int(value):,}"
    if column.kind == "rag":
        return RAG_WORDS.get(str(value), str(value))
    if column.kind == "polarity":
        return POLARITY_WORDS.get(str(value), str(value))
    if column.kind == "direction":
        return DIRECTION_WORDS.get(str(value), str(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def sheet_title(label: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", label).strip()[:31] or "Topic"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


# --- the workbook --------------------------------------------------------------------------------------------


def notes_rows(frame: pd.DataFrame, info: BuildInfo, members: list[str], measures: str) -> list[tuple[str, str]]:
    first = frame.iloc[0]
    group = f"{first['neighbour_group_id']}: {first['neighbour_group_label']}"
    return [
        ("Authority", f"{first['focus_la_name']} (DfE LA number {int(first['focus_la_number'])})"),
        ("Neighbour group", group),
        ("Neighbours", "; ".join(members) if members else "none"),
        (
            "Measures",
            "The measures of the committee pack's data matrix (Appendix 1), in its topics and order, with "
            "its labels"
            + ("; then every other DfE measure under DfE's topics, with DfE's labels." if measures == "all" else "."),
        ),
        ("Source", SOURCE),
        (
            "Extract's date",
            f"{info.extract_updated}: the latest date DfE's data dictionary gives for an update of any "
            "measure (each measure's own date is in the DfE last updated column).",
        ),
        (
            "Build",
            f"Warehouse build {info.run_id} (commit {info.git_commit}), published {info.published_at}: "
            "marts.fct_lait_matrix.",
        ),
        ("Generated", datetime.now(UTC).isoformat(timespec="seconds")),
        *METHODS,
        (
            "Missing values",
            "A value cell that holds words instead of a number says why DfE's data has no figure "
            "(suppressed, not available, ...); a blank cell means the measure has fewer than five periods.",
        ),
    ]


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
    add("matrix_integer", number_format="#,##0")
    for rag, colour in RAG_FILLS.items():
        add(f"matrix_rag_{rag}", fill=PatternFill("solid", fgColor=colour))
    names = {}
    for places in range(0, 7):
        fmt = number_format(places)
        add(f"matrix_value_{places}dp", number_format=fmt)
        add(f"matrix_value_{places}dp_signed", number_format=f"+{fmt};-{fmt};0")
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
        sheet = workbook.create_sheet(sheet_title(str(label), used))
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


# --- the HTML page -------------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, sans-serif; color: #1b1b1b; margin: 1.5rem; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 2rem; font-size: 0.85rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.25rem 0.4rem; vertical-align: top; }
thead th { background: #d9e1f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { text-align: left; min-width: 22rem; font-weight: normal; }
td.missing { font-style: italic; color: #4a4a4a; }
td.rag-green { background: #c6efce; } td.rag-amber { background: #ffeb9c; } td.rag-red { background: #ffc7ce; }
.scroll { overflow-x: auto; }
dt { font-weight: bold; margin-top: 0.5rem; }
"""


def write_html(
    frame: pd.DataFrame, info: BuildInfo, members: list[str], measures: str, path: Path, wording: dict[str, str]
) -> None:
    """The same tables as the workbook, one headed table per topic with a caption; the RAG status is a word (its
    colour only repeats it)."""
    first = frame.iloc[0]
    title = f"Data matrix: {first['focus_la_name']} ({int(first['focus_la_number'])})"
    groups = column_groups()
    cols = columns()
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>',
        "<body>",
        "<main>",
        f"<h1>{esc(title)}</h1>",
        f"<p>Neighbour group: {esc(str(first['neighbour_group_id']))}, {esc(str(first['neighbour_group_label']))}.</p>",
        '<nav aria-label="Topics"><h2>Topics</h2><ul>',
    ]
    topics = list(frame.groupby(["topic_order", "topic_label"], sort=True))
    for index, ((_, label), _) in enumerate(topics, start=1):
        parts.append(f'<li><a href="#topic-{index}">{esc(str(label))}</a></li>')
    parts.append("</ul></nav>")
    for index, ((_, label), topic) in enumerate(topics, start=1):
        parts.append(f'<section aria-labelledby="topic-{index}"><h2 id="topic-{index}">{esc(str(label))}</h2>')
        parts.append('<div class="scroll"><table>')
        parts.append(
            f"<caption>{esc(str(label))}: {esc(str(first['focus_la_name']))}'s value in the last five periods, "
            "latest rank, band, England, region, neighbours, direction of travel, improvement and RAG status"
            "</caption>"
        )
        parts.append("<thead><tr>")
        for group in groups:
            span = f' colspan="{len(group.columns)}"' if len(group.columns) > 1 else ""
            parts.append(f'<th scope="colgroup"{span}>{esc(group.header)}</th>')
        parts.append("</tr><tr>")
        for column in cols:
            parts.append(f'<th scope="col">{esc(column.header)}</th>')
        parts.append("</tr></thead><tbody>")
        for _, row in topic.iterrows():
            parts.append("<tr>")
            for position, column in enumerate(cols):
                text = display_text(row, column, wording)
                classes = []
                if column.kind in {"value", "change", "integer"}:
                    classes.append("num")
                if column.kind == "value" and is_missing(row.get(column.field)) and text:
                    classes.append("missing")
                if column.kind == "rag" and str(row.get("rag_status")) in RAG_FILLS:
                    classes.append(f"rag-{row.get('rag_status')}")
                attr = f' class="{" ".join(classes)}"' if classes else ""
                if position == 0:
                    parts.append(f'<th scope="row">{esc(text)}</th>')
                else:
                    parts.append(f"<td{attr}>{esc(text)}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table></div></section>")
    parts.append('<section aria-labelledby="notes"><h2 id="notes">Notes</h2><dl>')
    for item, detail in notes_rows(frame, info, members, measures):
        parts.append(f"<dt>{esc(item)}</dt><dd>{esc(detail)}</dd>")
    parts.append("</dl></section></main></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


# --- the command ---------------------------------------------------------------------------------------------


def file_stem(la_number: int, group: str) -> str:
    return f"data_matrix_{la_number}_{group}"


def export(
    la: str,
    group: str | None = None,
    measures: str = "pack",
    warehouse: Path | None = None,
    out_root: Path | None = None,
) -> list[Path]:
    """Write the workbook and page for each authority asked for; returns the files written."""
    if measures not in MEASURE_SETS:
        raise MatrixRequestError(f"measures must be one of {', '.join(MEASURE_SETS)}, not {measures!r}")
    path = warehouse or paths.warehouse_path()
    written: list[Path] = []
    with connect(path) as con:
        pairs = resolve(available(con), la, group)
        frame = load_rows(con, pairs, measures)
        members = neighbours(con, pairs)
        info = build_info(con, path)
        wording = missing_wording(con)
    jobs = []
    for (la_number, group_id), rows in frame.groupby(["focus_la_number", "neighbour_group_id"], sort=True):
        folder = (out_root / str(la_number)) if out_root else paths.matrix_dir(int(la_number))
        key = (int(la_number), str(group_id))
        jobs.append((rows, info, members.get(key, []), measures, folder / file_stem(*key), wording))
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for pair in pool.map(_write_both, jobs, chunksize=max(1, len(jobs) // (workers * 4))):
                written += pair
    else:
        for job in jobs:
            written += _write_both(job)
    return written


def _write_both(job: tuple) -> list[Path]:
    """One authority's workbook and page (a unit of work for the process pool)."""
    rows, info, members, measures, stem, wording = job
    stem.parent.mkdir(parents=True, exist_ok=True)
    workbook, page = stem.with_suffix(".xlsx"), stem.with_suffix(".html")
    write_workbook(rows, info, members, measures, workbook, wording)
    write_html(rows, info, members, measures, page, wording)
    return [workbook, page]
