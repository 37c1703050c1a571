"""What the data matrix says about itself: the measure sets, the source, the methods and the notes that say where
the figures come from and how they were computed, and the heading every printed page carries. The columns are
the workbook's (``workbook.GROUPS``) and the page's (``html``); how a cell reads is ``cells``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from scrutiny.outputs.matrix.cells import Heading

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
        "Neighbours' mean and median",
        "In each period, the mean of the neighbours that have a value (missing neighbours are left out, never "
        "counted as zero): the statistic the committee pack prints; the median beside it. 'Against neighbours' "
        "mean' compares the latest value with the mean, both rounded to the indicator's decimal places: better or "
        "worse where the measure has a better direction, higher or lower where it has none.",
    ),
    (
        "Numbers",
        "Every number is stored rounded to the indicator's decimal places (the pack's, else DfE's), half away from "
        "zero; the number format shows those places.",
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


@dataclass(frozen=True)
class BuildInfo:
    """What the exported files say about where their figures come from."""

    run_id: str
    git_commit: str
    published_at: str
    extract_updated: str
    warehouse: Path


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
            f"{info.extract_updated}: the latest date DfE's data dictionary gives for an update of any measure.",
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
        ("Commentary", "The last column is left empty for the officer's commentary."),
    ]


def _day(iso: str) -> str:
    """An ISO date as a committee paper writes it (1 April 2026); anything else as it is."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def heading(frame: pd.DataFrame, info: BuildInfo) -> Heading:
    """What every printed page of one authority's matrix says at its top."""
    first = frame.iloc[0]
    return Heading(
        authority=f"Data matrix: {first['focus_la_name']} ({int(first['focus_la_number'])})",
        group=f"Neighbours: {first['neighbour_group_label']}",
        as_at=f"DfE data as at {_day(info.extract_updated)}",
    )
