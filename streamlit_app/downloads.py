"""Tables as the reader sees them and as they download: one description of a table gives the formatted table on
screen ("74.0%", "£1,234", "not available (the pack prints a dash)") and the files a reader takes elsewhere, where
every number is a number: a CSV (UTF-8 with a byte-order mark, so Excel opens it as UTF-8) and an Excel workbook
with number formats. Each numeric column comes with its unit and its status (``value`` or why it is missing) in
columns of their own; a missing value is an empty cell, never zero.

Pure functions and data (no Streamlit), so they are unit-tested directly; streamlit_app.ui draws them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from streamlit_app.formatting import format_gap, format_value, is_missing, not_available

#: What the unit column says for each unit code of the marts (values in percent are 0-100, not fractions).
UNIT_LABELS = {
    "percent": "percent (0-100)",
    "percent_change": "percent change",
    "rate_per_10k": "rate per 10,000",
    "rate_per_100k": "rate per 100,000",
    "rate_per_1000": "rate per 1,000",
    "points": "points",
    "score": "score",
    "days": "days",
    "months": "months",
    "fte": "full-time equivalent",
    "ratio": "ratio",
    "rank": "rank (1 = best)",
    "count": "count",
    "gbp": "pounds (£)",
    "gbp_thousands": "thousands of pounds (£k)",
}
#: A difference between two percentages is in percentage points.
GAP_UNIT_LABELS = {"percent": "percentage points"}
#: The status of a number that is there.
PRESENT = "value"
UNIT_SUFFIX = " unit"
STATUS_SUFFIX = " status"


def unit_label(unit: str | None) -> str:
    """The unit in words for the unit column ("percent (0-100)"); a label given by the source stays as it is."""
    if unit is None or is_missing(unit):
        return ""
    return UNIT_LABELS.get(str(unit), str(unit).replace("_", " "))


def _number(value: object) -> float | None:
    if is_missing(value):
        return None
    return float(value)


def _each(value: object, rows: int) -> list:
    """A per-row list from one value or a sequence of them."""
    if isinstance(value, str) or value is None or not isinstance(value, Iterable):
        return [value] * rows
    values = list(value)
    if len(values) != rows:
        raise ValueError(f"expected {rows} values, got {len(values)}")
    return values


@dataclass
class NumberColumn:
    """A numeric column: raw values, the unit (code or the source's label) and decimals of each row, and why a
    missing value is missing."""

    values: list[float | None]
    units: list[str | None]
    decimals: list[int | None]
    reasons: list[object]
    is_gap: bool = False

    def unit_words(self) -> list[str]:
        if self.is_gap:
            return [GAP_UNIT_LABELS.get(str(u), unit_label(u)) for u in self.units]
        return [unit_label(u) for u in self.units]

    def statuses(self) -> list[str]:
        return [PRESENT if v is not None else not_available(r) for v, r in zip(self.values, self.reasons, strict=True)]

    def shown(self) -> list[str]:
        formatter = format_gap if self.is_gap else format_value
        texts = []
        for value, unit, places, reason in zip(self.values, self.units, self.decimals, self.reasons, strict=True):
            unit_code = unit if unit in UNIT_LABELS else None  # a source's own label is in the header, not the cell
            if self.is_gap:
                texts.append(formatter(value, unit_code, places))
            else:
                texts.append(formatter(value, unit_code, places, reason))
        return texts

    def is_whole(self) -> bool:
        """Whole numbers shown without decimals (counts, ranks): written as integers."""
        present = [v for v in self.values if v is not None]
        return bool(present) and all(float(v).is_integer() for v in present) and not any(self.decimals)


@dataclass
class Table:
    """A table described once: headers in order, each a text or a numeric column, some shown on screen only as
    text composed from several (``shown``), some in the downloads only (``on_screen=False``)."""

    rows: int
    order: list[str] = field(default_factory=list)
    texts: dict[str, list[object]] = field(default_factory=dict)
    numbers: dict[str, NumberColumn] = field(default_factory=dict)
    shown_as: dict[str, list[str]] = field(default_factory=dict)
    download_only: set[str] = field(default_factory=set)

    def _add(self, header: str, on_screen: bool) -> None:
        if header in self.order:
            raise ValueError(f"column {header!r} is already in the table")
        self.order.append(header)
        if not on_screen:
            self.download_only.add(header)

    def text(self, header: str, values: Iterable[object], on_screen: bool = True) -> Table:
        """A column of words (labels, periods, bands): the same on screen and in the files."""
        self._add(header, on_screen)
        self.texts[header] = ["" if is_missing(v) else v for v in _each(values, self.rows)]
        return self

    def number(
        self,
        header: str,
        values: Iterable[object],
        unit: str | Sequence[str | None] | None = None,
        decimals: int | Sequence[int | None] | None = None,
        reasons: Iterable[object] | None = None,
        *,
        gap: bool = False,
        shown: Iterable[str] | None = None,
        on_screen: bool = True,
    ) -> Table:
        """A numeric column: ``unit`` a unit code of the marts (or the source's label), one or per row; ``reasons``
        why each missing value is missing (a code or the source's wording); ``gap`` for a signed difference;
        ``shown`` the on-screen text when it says more than the number (e.g. "12 of 152")."""
        self._add(header, on_screen)
        self.numbers[header] = NumberColumn(
            values=[_number(v) for v in _each(values, self.rows)],
            units=_each(unit, self.rows),
            decimals=[None if is_missing(d) else int(d) for d in _each(decimals, self.rows)],
            reasons=_each(reasons, self.rows),
            is_gap=gap,
        )
        if shown is not None:
            self.shown_as[header] = [str(s) for s in _each(shown, self.rows)]
        return self

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Table:
        """A table from a frame as it is: numeric columns as numbers (no unit), the rest as text."""
        table = cls(len(frame))
        for column in frame.columns:
            values = frame[column]
            if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                whole = values.dropna().apply(lambda v: float(v).is_integer()).all()
                table.number(str(column), values.tolist(), None, 0 if whole else None)
                table.shown_as[str(column)] = [
                    "" if is_missing(v) else (f"{v:,.0f}" if whole else str(v)) for v in values.tolist()
                ]
            else:
                table.text(str(column), [str(v) if not is_missing(v) else "" for v in values.tolist()])
        return table

    # --- on screen ---------------------------------------------------------------------------------------------

    def display(self) -> pd.DataFrame:
        """The table as shown: numbers formatted with their units, missing values with their reason."""
        columns: dict[str, list] = {}
        for header in self.order:
            if header in self.download_only:
                continue
            if header in self.texts:
                columns[header] = self.texts[header]
            else:
                columns[header] = self.shown_as.get(header) or self.numbers[header].shown()
        return pd.DataFrame(columns, index=range(self.rows))

    # --- downloads ---------------------------------------------------------------------------------------------

    def raw(self) -> pd.DataFrame:
        """The table as downloaded: each number raw, followed by its unit and status columns."""
        columns: dict[str, object] = {}
        for header in self.order:
            if header in self.texts:
                columns[header] = pd.Series(self.texts[header], dtype="object")
                continue
            number = self.numbers[header]
            dtype = "Int64" if number.is_whole() else "Float64"
            columns[header] = pd.array(number.values, dtype=dtype)
            columns[header + UNIT_SUFFIX] = number.unit_words()
            columns[header + STATUS_SUFFIX] = number.statuses()
        return pd.DataFrame(columns, index=range(self.rows))

    def csv(self) -> bytes:
        """UTF-8 with a byte-order mark (Excel then reads "£" as "£"), numbers raw, missing values empty."""
        return self.raw().to_csv(index=False).encode("utf-8-sig")

    def xlsx(self, title: str, notes: Sequence[str] = ()) -> bytes:
        """An Excel workbook made with the product's one workbook writer (scrutiny.outputs.xlsx): the sheet "Data"
        (numbers as numbers in the number formats every workbook of the product uses, each with its unit and
        status) and the sheet "About" (what the table is, where it comes from, the data as at)."""
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        from scrutiny.outputs import xlsx

        book = Workbook()
        sheet = book.active
        sheet.title = xlsx.sheet_title("Data", set())
        raw = self.raw()
        xlsx.header_row(sheet, list(raw.columns))
        formats: dict[str, list[str]] = {
            header: [xlsx.number_format(d, u) for u, d in zip(n.units, n.decimals, strict=True)]
            for header, n in self.numbers.items()
        }
        for row in range(self.rows):
            values = []
            for header in raw.columns:
                if header in self.numbers:
                    number = self.numbers[header].values[row]
                    whole = number is not None and str(raw[header].dtype) == "Int64"
                    values.append(xlsx.cell_value(int(number) if whole else number))
                else:
                    value = raw[header].iloc[row]
                    values.append(None if is_missing(value) else str(value))
            sheet.append(values)
            for index, header in enumerate(raw.columns, start=1):
                if header in formats:
                    sheet.cell(row=row + 2, column=index).number_format = formats[header][row]
        for index, header in enumerate(raw.columns, start=1):
            longest = max([len(str(header)), *(len(str(v)) for v in raw[header].tolist()[:200])])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
        about = book.create_sheet("About")
        about.append([title])
        about["A1"].font = Font(bold=True)
        for note in notes:
            if note:
                about.append([note])
        about.append(
            [
                "Numbers are raw: each numeric column is followed by its unit and its status (“value”, or why the "
                "figure is not available; a missing figure is an empty cell, never zero)."
            ]
        )
        about.column_dimensions["A"].width = 120
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
