"""Numbers with their units, missing values with their reason, and the sentences that describe a chart.

Pure functions (no Streamlit), so they are unit-tested directly.
"""

from __future__ import annotations

import math
import re

import pandas as pd

#: How the app says why a figure of the pack is missing: the pack family's wording in the one list of missing-value
#: reasons (seed missing_reasons; a test holds these to it), and the app's own lait_absent.
MISSING_REASONS = {
    "dash_in_source": "the pack prints a dash",
    "not_published": "left blank in the pack",
    "suppressed": "suppressed in the pack",
    "not_stated": "not stated in the pack",
    "chart_only": "shown only in a chart in the pack, with no figure in the text",
    "lait_absent": "the DfE extract is not loaded",
}

UNIT_SUFFIX = {
    "percent": "%",
    "percent_change": "%",
    "rate_per_10k": " per 10,000",
    "rate_per_100k": " per 100,000",
    "rate_per_1000": " per 1,000",
    "points": " points",
    "score": "",
    "days": " days",
    "months": " months",
    "fte": " FTE",
    "ratio": "",
    "rank": "",
    "count": "",
}


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT are missing; anything else (including 0) is a value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def not_available(reason: str | None = None) -> str:
    """How a missing value is shown: never as zero, always with the reason when there is one."""
    if reason and not is_missing(reason):
        return f"not available ({MISSING_REASONS.get(str(reason), str(reason).replace('_', ' '))})"
    return "not available"


def format_value(value: object, unit: str | None, decimals: int | None = None, reason: str | None = None) -> str:
    """A value with its unit: 74.0%, £1,234, 41.2 per 10,000, 367."""
    if is_missing(value):
        return not_available(reason)
    number = float(value)
    places = 0 if decimals is None or is_missing(decimals) else int(decimals)
    if unit == "gbp":
        return f"£{number:,.{places}f}"
    if unit == "gbp_thousands":
        return f"£{number:,.{places}f}k"
    text = f"{number:,.{places}f}"
    if unit and unit not in UNIT_SUFFIX and str(unit).startswith("%"):
        return text + "%"  # a source's own unit label, such as DfE's "% achieving expected level"
    return text + UNIT_SUFFIX.get(unit or "", "")


def format_gap(value: object, unit: str | None, decimals: int | None = None) -> str:
    """A signed difference: +2.2 percentage points, -3 per 10,000."""
    if is_missing(value):
        return not_available()
    number = float(value)
    places = 0 if decimals is None or is_missing(decimals) else int(decimals)
    magnitude = f"{abs(number):,.{places}f}"
    shown_as_zero = float(magnitude.replace(",", "")) == 0
    sign = "±" if shown_as_zero else ("+" if number > 0 else "-")
    if unit == "percent" or (unit and unit not in UNIT_SUFFIX and str(unit).startswith("%")):
        return f"{sign}{magnitude} percentage point{'' if magnitude == '1' else 's'}"
    if unit == "gbp":
        return f"{sign}£{magnitude}"
    return sign + magnitude + UNIT_SUFFIX.get(unit or "", "")


def comparison_phrase(comparison: str | None, other: str) -> str:
    """'better than England', 'higher than the neighbours' average', ... from a polarity-aware comparison word."""
    if comparison is None or is_missing(comparison):
        return f"no comparison with {other} (not available)"
    if comparison == "same":
        return f"the same as {other}"
    return f"{comparison} than {other}"


def benchmark_summary(
    label: str,
    unit: str | None,
    decimals: int | None,
    period: str | None,
    value: object,
    england: object,
    comparison_with_england: str | None,
    neighbours: object = None,
    comparison_with_neighbours: str | None = None,
    direction: str | None = None,
    reason: str | None = None,
) -> str:
    """The text alternative of a benchmark chart: latest value, the comparisons, the direction of travel."""
    if is_missing(value):
        return f"{label}: Southend's latest value is {not_available(reason)}."
    parts = [f"{label} in {period}: Southend {format_value(value, unit, decimals)}"]
    if not is_missing(england):
        parts.append(
            f"{comparison_phrase(comparison_with_england, 'England')} ({format_value(england, unit, decimals)})"
        )
    else:
        parts.append("England's value not available")
    if not is_missing(neighbours):
        parts.append(
            comparison_phrase(comparison_with_neighbours, "the statistical neighbours' average")
            + f" ({format_value(neighbours, unit, decimals)})"
        )
    sentence = ", ".join(parts) + "."
    travel = {
        "improving": "It improved on the previous period.",
        "worsening": "It worsened on the previous period.",
        "no_change": "It was unchanged on the previous period.",
        "up": "It rose on the previous period.",
        "down": "It fell on the previous period.",
    }
    if direction and not is_missing(direction) and direction in travel:
        sentence += " " + travel[direction]
    return sentence


#: Every symbol the app writes before words, and the one thing it means: a RAG status or a direction of travel
#: (its words from dim_vocabularies), or "then" between the steps of a sequence. Keyed by the symbol, so no symbol can
#: mean two things; RAG statuses take shapes no direction of travel uses (a red status is not an upward arrow).
SYMBOLS: dict[str, tuple[str, str]] = {
    "●": ("rag_status", "green"),
    "◆": ("rag_status", "amber"),
    "■": ("rag_status", "red"),
    "○": ("rag_status", "not_rated"),
    "▲": ("direction_of_travel", "improving"),
    "▼": ("direction_of_travel", "worsening"),
    "▶": ("direction_of_travel", "no_change"),
    "↑": ("direction_of_travel", "up"),
    "↓": ("direction_of_travel", "down"),
    "→": ("sequence", "then"),
}


def symbols_of(vocabulary: str) -> dict[str, str]:
    """A vocabulary's codes and their symbols, in SYMBOLS' order ({"green": "●", ...})."""
    return {code: symbol for symbol, (owner, code) in SYMBOLS.items() if owner == vocabulary}


#: Each RAG status's symbol, in the order a tally lists them: the shape carries the status as well as the colour does.
RAG_SYMBOLS = symbols_of("rag_status")


def rag_text(status: object, labels: dict[str, str]) -> str:
    """A RAG status as a symbol and its words ("● Green")."""
    if is_missing(status):
        return ""
    return f"{RAG_SYMBOLS.get(str(status), '')} {labels.get(str(status), str(status))}".strip()


def symbol_key(vocabulary: str, labels: dict[str, str]) -> str:
    """A page's key to one vocabulary's symbols, each beside its words: "● Green, ◆ Amber, ■ Red, ○ Not rated"."""
    return ", ".join(f"{symbol} {labels.get(code, code)}" for code, symbol in symbols_of(vocabulary).items())


#: A direction of travel's style, by whether it is better or worse (the measure's polarity), not by whether the figure
#: rose or fell: ▲ better, ▼ worse; a measure with no better direction gets ↑ or ↓.
DIRECTION_STYLES = {"improving": "sc-better", "worsening": "sc-worse"}
DIRECTION_SYMBOLS = symbols_of("direction_of_travel")


def direction_text(
    direction: object,
    labels: dict[str, str],
    change: object = None,
    unit: str | None = None,
    decimals: int | None = None,
    previous_period: object = None,
    short: bool = False,
) -> tuple[str, str] | None:
    """The direction of travel in an arrow and words, with the change that made it ("▲ improving: +2.2 percentage
    points on 2024"; ``short``: "▲ improving, +2.2"), and its style; None when there is no direction."""
    if is_missing(direction):
        return None
    arrow = DIRECTION_SYMBOLS.get(str(direction), "")
    style = DIRECTION_STYLES.get(str(direction), "sc-neutral")
    text = f"{arrow} {labels.get(str(direction), str(direction))}".strip()
    if short and not is_missing(change):
        gap = format_gap(change, unit, decimals)
        return f"{text}, {gap.replace(' percentage points', ' pp')}", style
    if not is_missing(change) and not is_missing(previous_period):
        text += f": {format_gap(change, unit, decimals)} on {previous_period}"
    return text, style


def rank_text(
    rank: object, count: object = None, unstated: str | None = None, not_ranked: str = "not ranked", word: str = "rank "
) -> str:
    """A rank with the count it was ranked among ("rank 76 of 153"), or, where the source prints no count, with its
    own words for the cohort (``unstated``: "rank 38 among the cohort of 150-plus local authorities")."""
    if is_missing(rank):
        return not_ranked
    if not is_missing(count):
        return f"{word}{int(float(rank))} of {int(float(count))}"
    return f"{word}{int(float(rank))}" + (f" {unstated}" if unstated else "")


#: How each kind of change between two of DfE's published versions is described to a reader.
CHANGE_CLASSES = {
    "first_vintage": "as first held (November 2024 or earlier)",
    "new_figure": "first published",
    "revised": "revised",
    "re_rounded": "re-rounded (same value)",
    "unit_change": "restated in another unit",
    "label_change": "period relabelled (same value)",
    "marker_change": "marker changed",
    "withdrawn": "withdrawn",
}


def change_class_label(change_class: object) -> str:
    """A change class in words ("revised", "re-rounded (same value)"); the code itself when unknown."""
    if is_missing(change_class):
        return ""
    return CHANGE_CLASSES.get(str(change_class), str(change_class).replace("_", " "))


def vintage_statement(vintage: dict, latest: dict) -> str:
    """Which published version of DfE's data a page shows, in one sentence."""
    if not vintage:
        return "DfE's data: the current extract."
    when = pd.Timestamp(vintage["committed_at"]).strftime("%d %B %Y, %H:%M UTC").lstrip("0")
    shown = f"DfE's data as published on {when} (version {vintage['vintage_id']}: “{vintage['message']}”)"
    if latest and vintage.get("vintage_id") == latest.get("vintage_id"):
        return shown + ", the latest version."
    return shown + f"; the latest is version {latest.get('vintage_id')}."


def printed_places(value: object, most: int = 2) -> int:
    """The decimal places a figure was printed with, for a source that gives no decimal places of its own (39 and
    81.82 in one column): the fewest, up to ``most``, that show it exactly."""
    if is_missing(value):
        return 0
    number = float(value)
    return next((places for places in range(most) if round(number, places) == number), most)


#: A code as the warehouse spells it (figure ids, column names): lower case words joined by underscores.
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain_words(text: object, names: dict[str, str] | None = None) -> str:
    """A transcriber's note as a reader reads it: a figure id it mentions becomes that figure's name (``names``) in
    quotes, any other code its words ("known_discrepancies" -> "known discrepancies")."""
    if is_missing(text):
        return ""
    names = names or {}
    return CODE.sub(
        lambda m: f"“{names[m.group(0)]}”" if m.group(0) in names else m.group(0).replace("_", " "), str(text)
    )
