"""What the data matrix shows: its columns (grouped as its two header rows), how each cell reads as text, the
words for its codes, and the notes that say where the figures come from and how they were computed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

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


@dataclass(frozen=True)
class BuildInfo:
    """What the exported files say about where their figures come from."""

    run_id: str
    git_commit: str
    published_at: str
    extract_updated: str
    warehouse: Path


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


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
