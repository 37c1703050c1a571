"""What a page shows, read from Streamlit's AppTest as a reader would read it: the text of every element (the HTML
tables and headline cards as their text), the tables as frames, the cards as dicts, and the charts' specs. Used by
the app tests; the screen test finds every number in it among the rows the page read."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest


class _Reader(HTMLParser):
    """Collects the text of an HTML fragment, its tables (rows of cell texts) and its cards (class sc-card)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.cards: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._card_part: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in {"style", "script"}:
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"}:
            self._cell = []
        if "sc-card" in classes:
            self.cards.append({"label": "", "value": "", "period": "", "lines": []})
        for part in ("sc-card-label", "sc-card-value", "sc-card-period", "sc-card-line"):
            if part in classes:
                self._card_part = part
                if part == "sc-card-line":
                    self.cards[-1]["lines"].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script"}:
            self._skip -= 1
        elif tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None
        if tag in {"div", "span"}:
            self._card_part = None
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._card_part and self.cards:
            card = self.cards[-1]
            key = self._card_part.removeprefix("sc-card-")
            if key == "line":
                card["lines"][-1] += data
            else:
                card[key] += data


def read_html(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    return reader


def walk(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


@dataclass
class Screen:
    """One rendered page: every piece of text in page order, its tables, its cards and its charts."""

    texts: list[str] = field(default_factory=list)
    tables: list[pd.DataFrame] = field(default_factory=list)
    cards: list[dict] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def table_with(self, header: str) -> pd.DataFrame:
        """The first table that has a column ``header``."""
        return next(t for t in self.tables if header in t.columns)

    def card(self, label: str) -> dict:
        return next(c for c in self.cards if c["label"].strip() == label)


def _element_texts(element) -> list[str]:
    kind = getattr(element, "type", "")
    proto = getattr(element, "proto", None)
    if kind in {"markdown", "caption", "title", "header", "subheader", "latex", "code"} or kind in ALERTS:
        return [str(element.value)]
    if kind == "html":
        return [str(proto.body)]
    if kind == "metric":
        return [element.label, element.value, getattr(element, "delta", "") or ""]
    if kind == "expandable":
        return [str(proto.label)] if proto is not None and hasattr(proto, "label") else []
    if kind in {"selectbox", "radio", "multiselect", "text_input", "toggle", "checkbox", "button", "download_button"}:
        label = [str(element.label)] if hasattr(element, "label") else []
        if kind in {"selectbox", "radio"}:
            options = list(getattr(element, "options", []))
            index = getattr(element, "index", None)
            if index is not None and options:
                label.append(str(options[index]))
        if kind == "multiselect":
            options = list(getattr(element, "options", []))
            label += [str(options[i]) for i in getattr(element, "indices", []) if i < len(options)]
        return label
    return []


ALERTS = {"info", "warning", "error", "success", "alert"}


def read(app: AppTest) -> Screen:
    """The page as rendered, in order."""
    screen = Screen()
    for element in walk(app._tree):
        kind = getattr(element, "type", "")
        if kind == "arrow_vega_lite_chart" or type(element).__name__ == "VegaLiteChart":
            continue
        for text in _element_texts(element):
            if "<" in text and ">" in text:
                reader = read_html(text)
                screen.texts.append(" ".join("".join(reader.text).split()))
                screen.cards.extend(reader.cards)
                for rows in reader.tables:
                    if rows:
                        screen.tables.append(pd.DataFrame(rows[1:], columns=rows[0]))
            else:
                screen.texts.append(html.unescape(text))
    screen.charts = chart_specs(app)
    return screen


def chart_specs(app: AppTest) -> list[dict]:
    import json

    specs = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        spec = getattr(proto, "spec", None) if proto is not None else None
        if isinstance(spec, str) and spec.startswith("{"):
            specs.append(json.loads(spec))
    return specs


NUMBER = re.compile(r"(?<![\w.])[-+±]?£?\d[\d,]*(?:\.\d+)?")


def alert_icons(app: AppTest) -> list[tuple[str, str]]:
    """(icon, the alert's first words) of every info, warning, error and success box on the page."""
    return [
        (str(getattr(element, "icon", "") or ""), str(element.value)[:60])
        for element in walk(app._tree)
        if getattr(element, "type", "") in ALERTS
    ]


def symbol_meanings(text: str, words: dict[str, str]) -> set[tuple[str, str]]:
    """(symbol, meaning) for every symbol (a Unicode symbol character: a shape, an arrow) written just before one of
    ``words`` (word -> what it means, e.g. "Red" -> "RAG status"), as "▲ Red" or "▲ improving"."""
    import unicodedata

    found = set()
    for word, meaning in words.items():
        for match in re.finditer(rf"(\S)\s+{re.escape(word)}\b", text, flags=re.IGNORECASE):
            if unicodedata.category(match.group(1)).startswith("S"):
                found.add((match.group(1), meaning))
    return found


#: A period label written in another spelling than the marts' one canonical period_label (macro
#: canonical_period_label): two consecutive years as 2020/2021 or 2020-21 (not 2020/21), a status suffix such as
#: "(prov)" or "(Rev)", a month cut short ("Jan 2021"; a date, "30 Nov 2021", is not a period).
NON_CANONICAL_PERIOD = re.compile(
    r"\b(?P<y1>(?:19|20)\d{2}) ?(?:/ ?(?P<y2>(?:19|20)\d{2})|- ?(?P<y3>\d{2}|(?:19|20)\d{2})|/ (?P<y4>\d{2}))\b(?![-/]\d)"
    r"|\b(?:19|20)\d{2}(?:/\d{2})? ?\((?:prov|provisional|p|rev|revised|r|ot|outturn|final)\)"
    r"|(?<!\d )\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) (?:19|20)\d{2}\b",
    flags=re.IGNORECASE,
)


def non_canonical_periods(text: str) -> list[str]:
    """The period labels in ``text`` not in the canonical spelling (a span of years that are not consecutive,
    "2016-18", and a date, "2021-03-31", are not period pairs and pass)."""
    found = []
    for match in NON_CANONICAL_PERIOD.finditer(text):
        if match.group("y1"):
            y1 = int(match.group("y1"))
            second = match.group("y2") or match.group("y3") or match.group("y4")
            y2 = int(second) if len(second) == 4 else (y1 // 100) * 100 + int(second)
            if y2 != y1 + 1:
                continue
        found.append(match.group(0))
    return found


def id_made_names(warehouse) -> list[str]:
    """The names a page would show if it named the pack's figures from their ids instead of the labels the marts
    carry: a safeguarding figure's category in brackets after its measure ("Increase on the previous year (%) (cse
    share of young people with ce flags)"), a community beds measure capitalised before its site or qualifier
    ("Community inpatient beds (approximate)"). Only where the id's words differ from the label."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        categories = connection.execute(
            "select distinct measure_label, category, category_label from marts.fct_safeguarding_figures"
            " where category is not null"
        ).fetchall()
        measures = connection.execute(
            "select distinct measure, measure_label, category from marts.fct_community_inpatient_beds"
        ).fetchall()
    names = [
        f"{measure} ({code.replace('_', ' ')})"
        for measure, code, label in categories
        if code.replace("_", " ") != label
    ]
    names += [
        code.replace("_", " ").capitalize() + (f" ({category})" if category else "")
        for code, label, category in measures
        if code.replace("_", " ").capitalize() != label
    ]
    assert len(names) > 50, f"only {len(names)} id-made names: are the labels in the warehouse?"
    return names


def id_made_words(text: str, names: list[str]) -> list[str]:
    """The id-made names (id_made_names) in a page's text."""
    return [name for name in names if name in text]
