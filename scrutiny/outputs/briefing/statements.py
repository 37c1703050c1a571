"""The briefing's words: each row of ``marts.fct_lait_changes_since`` as one statement with its numbers and the DfE
version behind it, grouped by kind in order of importance. Figures are the mart's, rounded here only for display
(to the measure's decimal places); labels come from ``marts.dim_vocabularies``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

#: The kinds of change, most important first, with the heading each section of the briefing has and a short name
#: (the app's headline figures).
KINDS: tuple[tuple[str, str, str], ...] = (
    ("new_period", "New figures published", "New figures"),
    ("rag_change", "RAG status changed", "RAG changed"),
    ("band_change", "Quartile band changed (same RAG status)", "Band changed"),
    ("revision", "Figures revised", "Revised"),
    ("withdrawn", "Measures withdrawn", "Measures withdrawn"),
    ("value_withdrawn", "Figures withdrawn", "Figures withdrawn"),
    ("period_dropped", "Older years no longer in DfE's extract", "Older years dropped"),
)


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def number(value: object, places: object, *, signed: bool = False) -> str:
    """A figure as the matrix shows it: the measure's decimal places, thousands separated."""
    if is_missing(value):
        return "no figure"
    digits = 1 if is_missing(places) else max(int(places), 0)
    text = f"{float(value):,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    return f"+{text}" if signed and float(value) > 0 and text.strip("0.,") else text


def unit_words(unit: object, words: dict[tuple[str, str], str]) -> str:
    """The unit a figure is in: the vocabulary's label for a unit code, else DfE's own words."""
    if is_missing(unit):
        return ""
    return words.get(("unit", str(unit)), str(unit))


def version(row: pd.Series) -> str:
    """The DfE version a statement rests on, with its date."""
    if is_missing(row.get("changed_in_vintage_id")):
        return "DfE version not identified"
    on = row.get("changed_on")
    when = f", {day(on)}" if not is_missing(on) else ""
    return f"DfE version {row['changed_in_vintage_id']}{when}"


def day(value: object) -> str:
    """A date as a committee paper writes it: 1 June 2025."""
    return f"{value.day} {value:%B %Y}" if hasattr(value, "strftime") else str(value)


def _rank(rank: object, count: object) -> str:
    if is_missing(rank):
        return "not ranked"
    return f"rank {int(rank)} of {int(count)}" if not is_missing(count) else f"rank {int(rank)}"


def _band(band: object, rag: object, words: dict[tuple[str, str], str]) -> str:
    if is_missing(band):
        return "no band (not rated)"
    band_text = words.get(("quartile_band", str(band)), f"band {band}")
    rag_text = words.get(("rag_status", str(rag)), str(rag)) if not is_missing(rag) else "Not rated"
    return f"{band_text}, {rag_text}"


def _standing(rank: object, count: object, band: object, rag: object, words: dict[tuple[str, str], str]) -> str:
    """Rank and band together; a measure DfE neither ranks nor bands says so once."""
    if is_missing(rank) and is_missing(band):
        return "not ranked or banded"
    return f"{_rank(rank, count)}, {_band(band, rag, words)}"


def statement(row: pd.Series, words: dict[tuple[str, str], str]) -> str:
    """One change in words, with every number it rests on and the DfE version that made it."""
    places = row["decimal_places"]
    kind = row["change_kind"]
    label = f"{row['measure_label']}, {row['period_label']}"
    if kind == "new_period":
        parts = [
            f"{label}: {number(row['value_now'], places)}",
            _standing(
                row["rank_now"], row["count_las_ranked_now"], row["quartile_band_now"], row["rag_status_now"], words
            ),
            f"England {number(row['england_value_now'], places)}",
        ]
        if not is_missing(row.get("neighbours_average_value_now")):
            parts.append(
                f"neighbours' mean {number(row['neighbours_average_value_now'], places)} "
                f"({int(row['count_neighbours_with_value'])} with a value)"
            )
        text = "; ".join(parts) + "."
        if not is_missing(row.get("previous_period_label")):
            direction = words.get(("direction_of_travel", str(row["direction_of_travel"])), "")
            text += (
                f" {direction.capitalize() or 'Changed'} from {number(row['previous_value'], places)} in "
                f"{row['previous_period_label']} ({number(row['change_from_previous'], places, signed=True)}; "
                "then "
                + _standing(
                    row["previous_rank_among_las"],
                    row["previous_count_las_ranked"],
                    row["previous_quartile_band"],
                    row["previous_rag_status"],
                    words,
                )
                + ")."
            )
        return f"{text} {version(row)}."
    if kind in {"rag_change", "band_change"}:
        return (
            f"{label}: {_band(row['quartile_band_then'], row['rag_status_then'], words)} "
            f"({_rank(row['rank_then'], row['count_las_ranked_then'])}, value {number(row['value_then'], places)}) "
            f"is now {_band(row['quartile_band_now'], row['rag_status_now'], words)} "
            f"({_rank(row['rank_now'], row['count_las_ranked_now'])}, value {number(row['value_now'], places)}). "
            f"{version(row)}."
        )
    if kind == "revision":
        count = row.get("count_revisions_between")
        between = "" if is_missing(count) or int(count) <= 1 else f" ({int(count)} revisions since the date)"
        return (
            f"{label}: revised from {number(row['value_then'], places)} to {number(row['value_now'], places)} "
            f"({number(row['change_in_value'], places, signed=True)}){between}. {version(row)}."
        )
    if kind == "withdrawn":
        return (
            f"{row['measure_label']}: no longer published for this authority; the last figure was "
            f"{number(row['value_then'], places)} for {row['period_label']}. {version(row)}."
        )
    if kind == "value_withdrawn":
        reason = row.get("missing_reason_now")
        why = words.get(("missing_reason", str(reason)), str(reason)) if not is_missing(reason) else "no figure"
        return f"{label}: {number(row['value_then'], places)} withdrawn (now: {why}). {version(row)}."
    return f"{label}: {number(row['value_then'], places)} no longer in DfE's extract. {version(row)}."


@dataclass
class Section:
    """A kind of change: its heading and its statements, grouped by topic in the matrix's order."""

    kind: str
    heading: str
    short: str
    topics: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.topics)


def sections(rows: pd.DataFrame, words: dict[tuple[str, str], str]) -> list[Section]:
    """Every kind in order (an empty one too: the briefing says there was none), statements by topic."""
    out = []
    for kind, heading, short in KINDS:
        section = Section(kind, heading, short)
        of_kind = rows[rows["change_kind"] == kind]
        for topic, group in of_kind.groupby(["topic_order", "topic_label"], sort=True):
            section.topics.append((str(topic[1]), [statement(row, words) for _, row in group.iterrows()]))
        out.append(section)
    return out
