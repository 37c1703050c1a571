"""How a data-matrix cell reads: a figure rounded to its indicator's decimal places (stored so in the workbook,
printed so on the page), the words for a missing value, a RAG status or a comparison with the neighbours, and
the note under a measure's label. The one place the matrix's papers round."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from scrutiny.outputs.words import Words

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "not_rated": "Not rated"}
#: Excel's own good / neutral / bad fills (dark text on a light fill: the word carries the meaning).
RAG_FILLS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}


@dataclass(frozen=True)
class Heading:
    """What every printed page of a matrix says at its top: the authority, the neighbour group, the data's date."""

    authority: str
    group: str
    as_at: str


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def places(decimal_places: object) -> int:
    """The indicator's decimal places, 0 to 6 (1 when the catalogue gives none)."""
    return 1 if is_missing(decimal_places) else min(max(int(decimal_places), 0), 6)


def rounded(value: object, decimal_places: object) -> float | None:
    """A figure as the matrix stores it: rounded half away from zero to the indicator's decimal places, so the
    workbook holds 74.1, never 74.09999999999999 behind a number format."""
    if is_missing(value):
        return None
    digits = places(decimal_places)
    text = f"{float(value):.{digits + 6}f}"  # the value as published, well below the places shown
    return float(Decimal(text).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def shown(value: object, decimal_places: object, *, empty: str = "", signed: bool = False) -> str:
    """A figure as the page prints it: rounded as stored, thousands separated."""
    number = rounded(value, decimal_places)
    if number is None:
        return empty
    text = f"{number:,.{places(decimal_places)}f}"
    if text.startswith("-") and text.strip("-0.,") == "":
        text = text[1:]
    return f"+{text}" if signed and number > 0 else text


def missing_text(row: pd.Series, position: int, words: Words) -> str:
    """What a period's empty value says: the reason DfE's data gives, else 'no figure'."""
    reason = row.get(f"missing_reason_period_{position}")
    if not is_missing(reason):
        return words.get(("missing_reason", str(reason)), str(reason).replace("_", " "))
    return "no figure"


def comparison_words(row: pd.Series, words: Words) -> str:
    """The latest value against the neighbours' mean, in words (vocabulary ``comparison``)."""
    code = row.get("neighbours_comparison")
    if is_missing(code):
        return "Not compared"
    return words.get(("comparison", str(code)), str(code)).capitalize()


def measure_note(row: pd.Series, words: Words) -> str:
    """The line under a measure's label: its unit and which way is better."""
    unit = row.get("unit_label")
    unit_text = "" if is_missing(unit) else words.get(("unit", str(unit)), str(unit))
    polarity = row.get("polarity")
    better = "" if is_missing(polarity) else words.get(("polarity", str(polarity)), str(polarity))
    return "; ".join(part for part in (unit_text, better) if part)
