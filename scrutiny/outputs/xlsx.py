"""The one workbook writer: every workbook the product writes (the export's pack workbook, the data matrix, the
app's downloads) takes its number formats, sheet names, header rows and cell values from here, so a figure reads
the same in each of them.

Numbers are stored as numbers; what a reader sees (decimal places, thousands separators, "%", "£") is the cell's
number format, never text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

#: The format of a whole number: thousands separated.
INTEGER = "#,##0"
#: The most decimal places a format shows.
MAX_PLACES = 6
#: DuckDB's integer types, shown as whole numbers.
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER"}


def number_format(decimal_places: int | None, unit: str | None = None, *, signed: bool = False) -> str:
    """The format of a value shown with ``decimal_places`` places (none when unknown), thousands separated, with its
    unit's sign (``percent``: 74.0"%"; ``gbp``: "£"#,##0; ``gbp_thousands``: "£"#,##0"k") and, for a change
    (``signed``), a "+" before a rise."""
    places = 0 if decimal_places is None else min(max(int(decimal_places), 0), MAX_PLACES)
    number = INTEGER + ("." + "0" * places if places else "")
    if unit in {"percent", "percent_change"}:
        number += '"%"'
    elif unit == "gbp":
        number = '"£"' + number
    elif unit == "gbp_thousands":
        number = '"£"' + number + '"k"'
    return f"+{number};-{number};0" if signed else number


def column_format(data_type: str) -> str | None:
    """The format of a warehouse column by its DuckDB type (None: text, left as it is)."""
    kind = data_type.upper()
    if kind in _INTEGER_TYPES:
        return INTEGER
    if kind.startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        return "#,##0.########"
    if kind == "DATE":
        return "yyyy-mm-dd"
    if kind.startswith("TIMESTAMP"):
        return "yyyy-mm-dd hh:mm:ss"
    return None


def cell_value(value: object) -> object:
    """A value openpyxl stores as the matching Excel type: numbers stay numbers, a NaN is an empty cell."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, (list, dict)):
        return str(value)
    return value


def sheet_title(label: str, used: set[str], fallback: str = "Sheet") -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\); ``used`` holds the names taken, lower-cased."""
    base = re.sub(r"[\[\]:*?/\\]", "-", label).strip()[:31] or fallback
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def header_row(sheet: Any, headers: list[str]) -> None:
    """Append a bold header row and freeze the panes below it."""
    from openpyxl.styles import Font

    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
