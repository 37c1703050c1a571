"""Every number a page shows is a number the warehouse gave it: for every page and for Southend (the pack's
authority), Plymouth and Camden, each number in the rendered page (its sentences, cards, tables, headings and
choices) is found, formatted as shown, among the rows the page's data functions returned (recorded through
streamlit_app.data's result listener). A page that adds, averages, counts or ranks figures itself, or prints a
number the rows do not hold (a denominator of its own), fails here.

What counts as "found": a shown number equals one of the rows' numbers rounded to the places it is shown with
(sign and thousands separators aside), a number written in one of the rows' texts that the page shows (a period
label, a version), or a part of one of the rows' dates. The few numbers that are words of the page itself, not figures, are listed in
STATIC with the reason."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT
from streamlit_app import data
from streamlit_app.formatting import CODE
from streamlit_app.pages import PAGES, AppPage

from .screen import (
    NUMBER,
    alert_icons,
    id_made_names,
    id_made_words,
    non_canonical_periods,
    read,
    symbol_meanings,
    walk,
)

#: Southend-on-Sea (the pack's authority), Plymouth, Camden.
AUTHORITIES = (882, 879, 202)
#: Phrases of the pages' own words that hold digits but no figure, each with why.
STATIC = (
    "(1 = best)",  # a rank's direction
    "A = best quarter",  # a band's meaning
    "per 10,000",  # units (the vocabulary's unit labels)
    "per 100,000",
    "per 1,000",
    "Section 42",  # the Care Act 2014's section, in a heading
    "S42",
    "section 47 of the Children Act 1989",
    "Section 47",
    "sections 3 to 6",  # where the complaints report sits in the pack
    "sections 3–6",
    "(WCAG) 2.2",  # the accessibility standard and its criteria
    "WCAG 2.0, 2.1 and 2.2",
    "3:1",
    "4.5:1",
    "12.6:1",
    "#333333",
    "0-100",
    "0–17",
    "0-17",
    "SHA-256",  # the checksum's name
    "such as *4.7*",  # how a section of the pack is cited, as an example
    "for example *294* or *1,839*",  # what to type into the pack's search, as an example
)
#: Where the count of numbers checked per page and authority is written (for the closing note of a change).
COUNTS = REPO_ROOT / "build" / "screen_numbers.json"


def allowed_from(frames: list[pd.DataFrame], shown_text: str | None = None) -> set[str]:
    """Every way a number the rows hold can be shown: each numeric cell rounded to 0-4 places, every number
    written in a text cell the page shows (all text cells when ``shown_text`` is None), and the parts of every
    date."""
    allowed: set[str] = set()
    for frame in frames:
        for column in frame.columns:
            for value in frame[column].tolist():
                if isinstance(value, str) and shown_text is not None and not is_shown(value, shown_text):
                    continue
                allowed |= forms(value)
    return allowed


def is_shown(text: str, shown_text: str) -> bool:
    """Whether a text cell is on the page: as it is, or with the codes it mentions put in words (the pages write
    a transcriber's note in plain words, streamlit_app.formatting.plain_words)."""
    return text in shown_text or all(piece.strip() in shown_text for piece in CODE.split(text))


def forms(value: object) -> set[str]:
    if value is None or isinstance(value, bool):
        return set()
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return set()
        return {str(stamp.year), str(stamp.day), f"{stamp.day:02d}", f"{stamp.month:02d}", str(stamp.month)} | {
            f"{stamp.hour:02d}",
            f"{stamp.minute:02d}",
            str(stamp.hour),
        }
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        number = float(value)
        if number != number:
            return set()
        return {normal(f"{number:.{places}f}") for places in range(5)}
    if isinstance(value, str):
        return {normal(token) for token in NUMBER.findall(value)}
    if isinstance(value, (list, tuple)):
        return set().union(*(forms(v) for v in value)) if value else set()
    return set()


def normal(token: str) -> str:
    """A number as text without its sign, pound sign or thousands separators."""
    return token.lstrip("-+±").replace("£", "").replace(",", "")


def shown_numbers(texts: list[str]) -> list[tuple[str, str]]:
    """(number, where it is shown) for every number in the page's texts, its own static words left out."""
    found = []
    for text in texts:
        cleaned = text
        for phrase in STATIC:
            cleaned = cleaned.replace(phrase, " ")
        for match in NUMBER.finditer(cleaned):
            start = max(0, match.start() - 50)
            found.append((match.group(0), cleaned[start : match.end() + 30].replace("\n", " ")))
    return found


def render(page: AppPage, la: int, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, list]:
    frames: list[pd.DataFrame] = []
    stop = data.add_result_listener(lambda sql, params, rows: frames.append(rows))
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    try:
        app = AppTest.from_file(str(REPO_ROOT / "streamlit_app" / page.view), default_timeout=90)
        app.query_params["la"] = str(la)
        app.run()
    finally:
        stop()
    return app, frames


@pytest.fixture(scope="module")
def rendered(warehouse: Path) -> dict:
    """Each page for each authority, rendered once for the tests of this module: (app, screen, rows read)."""
    return {}


def page_for(rendered: dict, page: AppPage, la: int, warehouse: Path, monkeypatch: pytest.MonkeyPatch):
    if (page.slug, la) not in rendered:
        app, frames = render(page, la, warehouse, monkeypatch)
        assert not app.exception, [e.value for e in app.exception]
        rendered[(page.slug, la)] = (app, read(app), frames)
    return rendered[(page.slug, la)]


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_number_on_the_page_is_in_the_rows_it_read(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, screen, frames = page_for(rendered, page, la, warehouse, monkeypatch)
    allowed = allowed_from(frames, screen.text)
    shown = shown_numbers(screen.texts)
    unfounded = [f"{number!r} in …{where}…" for number, where in shown if normal(number) not in allowed]
    assert not unfounded, f"{page.slug} for {la} shows numbers its rows do not hold:\n" + "\n".join(unfounded[:20])
    record_count(page.slug, la, len(shown))


#: What a reader must never see: a developer's missing value (a word on its own: DfE's own label "% KS4 None SEN
#: Pupils" is a source's words), an id, a float's noise.
DEVELOPER_WORDS = re.compile(r"\b(None|nan|NaN|NaT|<NA>|null)\b(?! [A-Za-z])")
FLOAT_NOISE = re.compile(r"\d\.\d{5,}")


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_the_page_speaks_words_not_codes(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No None/nan/NaT, no snake_case id, no float noise in what the page says; every chart's channels titled in
    words or not at all; a stacked bar's segments unlabelled (a label drawn at a segment's own value sits on another
    segment); money axes in pounds."""
    _, screen, _ = page_for(rendered, page, la, warehouse, monkeypatch)
    problems = []
    for text in screen.texts:
        for pattern, what in ((DEVELOPER_WORDS, "a developer's word"), (CODE, "an id"), (FLOAT_NOISE, "float noise")):
            problems += [
                f"{what}: {m.group(0)!r} in {text[max(0, m.start() - 60) : m.end() + 20]!r}"
                for m in pattern.finditer(text)
                if not in_code(text, m.start())
            ]
    for spec in screen.charts:
        problems += chart_problems(spec)
    assert not problems, f"{page.slug} for {la}:\n" + "\n".join(problems[:20])


@pytest.fixture(scope="module")
def id_names(warehouse: Path) -> list[str]:
    return id_made_names(warehouse)


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_the_packs_figures_are_named_by_their_labels_not_their_ids(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch, id_names: list[str]
) -> None:
    """A safeguarding category or a community beds measure is written in the pack's words (the marts' labels), never
    as its id put into words ("(cse share of young people with ce flags)", "Community inpatient beds")."""
    _, screen, _ = page_for(rendered, page, la, warehouse, monkeypatch)
    found = sorted({name for text in screen.texts for name in id_made_words(text, id_names)})
    assert not found, f"{page.slug} for {la} names figures from their ids: {found[:10]}"


def in_code(text: str, position: int) -> bool:
    """Inside `backticks`: a command or setting the page tells an operator to use (e.g. `SCRUTINY_LAIT_DIR`)."""
    return text[:position].count("`") % 2 == 1


def layers(spec: dict) -> list[dict]:
    return [layer for layer in spec.get("layer", [spec]) if isinstance(layer, dict) and "mark" in layer]


def chart_problems(spec: dict) -> list[str]:
    found = []
    marks = [
        (layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"], layer) for layer in layers(spec)
    ]
    for mark, layer in marks:
        for channel, encoding in (layer.get("encoding") or {}).items():
            if not isinstance(encoding, dict) or "field" not in encoding or channel in {"tooltip", "detail"}:
                continue
            money = str(encoding["field"]).startswith("gbp")
            if money and channel == "text":
                found.append(f"money written without £ and separators: {encoding['field']}")
            if channel == "text":
                continue
            title = encoding.get("title", encoding["field"])
            if title is not None and (title == encoding["field"] or CODE.fullmatch(str(title))):
                found.append(f"chart channel {channel} titled by its column {title!r}")
            axis = json.dumps(encoding.get("axis") or {}, ensure_ascii=False)
            if money and mark == "bar" and channel in {"x", "y"} and "'£'" not in axis:
                found.append(f"money on the {channel} axis without £ and separators: {encoding['field']}")
    stacked = any(
        mark == "bar" and "color" in (layer.get("encoding") or {}) and not (layer["encoding"].get("yOffset"))
        for mark, layer in marks
    )
    if stacked and any(mark == "text" for mark, _ in marks):
        found.append("a stacked bar has numbers on its segments")
    return found


def record_count(slug: str, la: int, count: int) -> None:
    counts = json.loads(COUNTS.read_text()) if COUNTS.exists() else {}
    counts.setdefault(slug, {})[str(la)] = count
    COUNTS.parent.mkdir(parents=True, exist_ok=True)
    COUNTS.write_text(json.dumps(counts, indent=1, sort_keys=True))


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_period_is_written_the_one_canonical_way(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A period reads the same on every page and in every chart: the marts' canonical period_label ("2020/21", not
    "2020/2021" beside it; "2019", not "2019 (Rev)"), shown as the mart holds it."""
    _, screen, _ = page_for(rendered, page, la, warehouse, monkeypatch)
    chart_words = [str(v) for spec in screen.charts for v in chart_values(spec)]
    odd = sorted({label for text in screen.texts + chart_words for label in non_canonical_periods(text)})
    assert not odd, f"{page.slug} for {la} writes periods in another spelling than the marts' period_label: {odd}"


def chart_values(spec: dict) -> list[object]:
    """Every value of a chart's inline data (its axes' and legends' categories come from them)."""
    datasets = [*(spec.get("datasets") or {}).values(), (spec.get("data") or {}).get("values") or []]
    return [value for rows in datasets for row in rows if isinstance(row, dict) for value in row.values()]


@pytest.fixture(scope="module")
def symbol_words(warehouse: Path) -> dict[str, str]:
    """Each RAG status's and direction of travel's words (dim_vocabularies), with which of the two it is."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select label, vocabulary from marts.dim_vocabularies "
            "where vocabulary in ('rag_status', 'direction_of_travel')"
        ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_a_rag_status_and_a_direction_of_travel_never_share_a_symbol(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch, symbol_words: dict
) -> None:
    """The mark beside a RAG status ("■ Red") is never the mark of a direction of travel ("▲ improving"): a reader
    who learns the symbols from one part of a page reads them the same everywhere."""
    _, screen, _ = page_for(rendered, page, la, warehouse, monkeypatch)
    meanings: dict[str, set[str]] = {}
    for symbol, meaning in symbol_meanings(screen.text, symbol_words):
        meanings.setdefault(symbol, set()).add(meaning)
    shared = {symbol: sorted(kinds) for symbol, kinds in meanings.items() if len(kinds) > 1}
    assert not shared, f"{page.slug} for {la}: a symbol means both a RAG status and a direction: {shared}"


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_notice_has_an_icon_the_app_carries(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An info or warning box's icon is one of Streamlit's Material icons (its font comes with the app), never an
    emoji, which draws as an empty box on a machine without an emoji font."""
    app, _, _ = page_for(rendered, page, la, warehouse, monkeypatch)
    emoji = [(icon, words) for icon, words in alert_icons(app) if icon and not icon.startswith(":material/")]
    assert not emoji, f"{page.slug} for {la}: notices with an emoji for an icon: {emoji}"


@pytest.mark.parametrize("la", AUTHORITIES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_widget_has_a_key_of_its_own(
    page: AppPage, la: int, rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every widget (the sidebar's authority and group included) has a key given by the app, so it keeps its identity
    and the reader's choice whatever else changes on the page (an unkeyed widget is identified by its label, options
    and default, and starts again when one of them changes), and no two share one."""
    app, _, _ = page_for(rendered, page, la, warehouse, monkeypatch)
    widgets = [el for el in walk(app._tree) if hasattr(el, "label") and hasattr(el, "key") and hasattr(el, "id")]
    unkeyed = [el.label for el in widgets if not el.key]
    assert not unkeyed, f"{page.slug} for {la}: widgets without a key: {unkeyed}"
    keys = [el.key for el in widgets]
    assert len(keys) == len(set(keys)), (
        f"{page.slug} for {la}: keys used twice: {sorted(k for k in keys if keys.count(k) > 1)}"
    )


def test_the_numbers_a_screen_adds_up_itself_are_caught() -> None:
    """The check itself: a total the page computed (88, the sum of two areas' top four issues) is not in rows that
    hold only the parts and each area's own total; the parts and totals are."""
    rows = [pd.DataFrame({"count_issues": [15, 10, 9, 8, 26, 9, 8, 3], "count_issues_in_area": [98] * 4 + [61] * 4})]
    allowed = allowed_from(rows)
    sentence = ["Adult social care: 88 issues across 8 categories; most raised: Timing of planned homecare calls (15)"]
    assert [n for n, _ in shown_numbers(sentence) if normal(n) not in allowed] == ["88"]
    assert all(normal(n) in allowed for n, _ in shown_numbers(["Domiciliary care: 98 issues; 15, 10, 9 and 8"]))


def test_the_packs_ranks_show_no_count_the_pack_does_not_print(
    rendered: dict, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack prints each rank without the number of authorities ranked (DfE ranked a different number for most
    of them), so the pack's ranks on screen carry no "of N": the rank alone, with the pack's own words."""
    page = next(p for p in PAGES if p.slug == "benchmarks")
    _, screen, _ = page_for(rendered, page, AUTHORITIES[0], warehouse, monkeypatch)
    as_reported = screen.text.split("As reported to the committee", 1)
    assert len(as_reported) == 2, "the pack's authority has no 'As reported to the committee' part"
    pack_scorecard = screen.table_with("Gap to England")
    counted = [r for r in pack_scorecard["Rank (1 = best)"] if re.search(r"\d+ of \d+", r)]
    assert not counted, f"the pack's scorecard shows ranks with a count: {counted[:5]}"
    assert not re.search(r"rank \d+ of \d+", as_reported[1]), "a pack rank is shown with a count"
    assert "among the cohort of 150-plus local authorities" in as_reported[1]
