"""Every page as a reader sees it in a real browser (Debian's chromium), on a laptop (1366 px) and on a phone
(390 px): the focus authority kept in the address, no raw id, float noise or None/nan on screen (in the page's text
or its charts' text), no label cut off (a chart's legend and axis labels included), every notice's icon drawn, every
table's figures on screen without scrolling sideways, and on a phone the first headline figure above the fold.
One shared app server and browser (browser_support.shared_app); one page load per page and width."""

from __future__ import annotations

import re

import pytest

from .browser_support import PAGES, AppPage, SharedApp, exception_texts, shared_app, wait_for_app
from .screen import id_made_names, id_made_words

pytestmark = pytest.mark.browser

#: (width, height, authority): a laptop for Camden, a phone for Southend (whose pages have the most tables).
SCREENS = {"1366": (1366, 768, 202), "390": (390, 844, 882)}
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
DEVELOPER_WORDS = re.compile(r"\b(None|nan|NaN|NaT|<NA>|undefined|null)\b(?! [A-Za-z])")
FLOAT_NOISE = re.compile(r"\d\.\d{5,}")

#: The page's words as a reader gets them: every text of its main area (charts included) and sidebar, each apart;
#: commands in `code` (what an operator types) and icon ligatures (drawn as icons) left out.
_TEXT = """() => {
  const parts = [];
  for (const root of document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest('code, style, script, [data-testid^="stIcon"], [data-testid$="DynamicIcon"]')) parts.push(node.textContent);
    }
  }
  return parts.join('\\n');
}"""

#: Text an element cuts off: clipped (overflow hidden or an ellipsis) while wider than its box. Form controls are
#: left out: a select box shows its value on one line and the whole of it when opened.
_CUT = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (el.closest('[data-baseweb], input, textarea, button, svg, [data-testid="stVegaLiteChart"]')) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    const clips = style.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(style.overflowX);
    if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(el.innerText.slice(0, 80));
  }
  return cut;
}"""

#: Table cells whose figures are not within the screen's width (a table that would need scrolling sideways).
_OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const off = [];
  for (const cell of document.querySelectorAll('table.sc-table td, table.sc-table tbody th')) {
    const box = cell.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1)) off.push(cell.innerText.slice(0, 60));
  }
  for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    if (grid.scrollWidth > grid.clientWidth + 1) off.push('a data grid wider than its box');
  }
  return off;
}"""


#: Words of a chart (its legend, axis labels and titles, drawn as SVG text) that are cut short (Vega ends a label
#: longer than its room with an ellipsis) or drawn beyond the chart's own box, where the page cuts them off (a glyph's
#: box may stand out of the chart by a pixel or two without any of its ink doing so).
_CHART_CUT = """() => {
  const cut = [];
  for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    const box = chart.getBoundingClientRect();
    if (!chart.querySelector('svg')) { cut.push('a chart drawn on a canvas: its words cannot be read'); continue; }
    for (const text of chart.querySelectorAll('svg text')) {
      const words = text.textContent.trim();
      const r = text.getBoundingClientRect();
      if (!words || !r.width) continue;
      if (words.endsWith('…')) cut.push(words);
      else if (r.left < box.left - 3 || r.right > box.right + 3) cut.push(words + ' (beyond the chart)');
    }
  }
  return cut;
}"""

#: Notice boxes (info, warning) whose icon is not drawn: an emoji (drawn only where the reader has an emoji font; the
#: box shows an empty square elsewhere) or a Material icon whose font did not load (its name then shows as a word,
#: much wider than an icon). A Material icon is written as its name, which the icon font draws as one glyph.
_BROKEN_ICONS = """() => {
  const broken = [];
  for (const icon of document.querySelectorAll('[data-testid="stAlert"] [data-testid$="Icon"]')) {
    const words = icon.closest('[data-testid="stAlert"]').innerText.slice(0, 50);
    const name = icon.textContent.trim();
    const size = parseFloat(getComputedStyle(icon).fontSize);
    if (!/^[a-z0-9_]+$/.test(name)) broken.push(`${words} (an emoji: ${name})`);
    else if (icon.getBoundingClientRect().width > 1.5 * size) broken.push(`${words} (icon drawn as its name)`);
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest) -> SharedApp:
    return shared_app(request)


@pytest.fixture(scope="module", params=list(SCREENS))
def tab(request: pytest.FixtureRequest, app: SharedApp):
    width, height, la = SCREENS[request.param]
    context = app.browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.la = la
    yield page
    context.close()


@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.slug)
def test_the_page_reads_right_at_this_width(tab, app: SharedApp, app_page: AppPage) -> None:
    tab.goto(app.server.url(f"{app_page.url_path}?la={tab.la}"), wait_until="domcontentloaded")
    wait_for_app(tab)
    width = tab.viewport_size["width"]
    assert exception_texts(tab) == [], app_page.slug
    assert f"la={tab.la}" in tab.url, f"{app_page.slug}: the focus authority is not kept in the address ({tab.url})"
    text = tab.evaluate(_TEXT)
    problems = [f"an id: {m.group(0)!r}" for m in CODE.finditer(text)]
    problems += [f"a developer's word: {m.group(0)!r}" for m in DEVELOPER_WORDS.finditer(text)]
    problems += [f"float noise: {m.group(0)!r}" for m in FLOAT_NOISE.finditer(text)]
    problems += [f"named from its id: {n!r}" for n in id_made_words(text, id_made_names(app.source_warehouse))]
    problems += [f"cut off: {t!r}" for t in tab.evaluate(_CUT)]
    problems += [f"off-screen: {t!r}" for t in tab.evaluate(_OFF_SCREEN)]
    problems += [f"a chart's words cut off: {t!r}" for t in tab.evaluate(_CHART_CUT)]
    problems += [f"an icon not drawn: {t!r}" for t in tab.evaluate(_BROKEN_ICONS)]
    assert not problems, f"{app_page.slug} at {width} px:\n" + "\n".join(sorted(set(problems))[:25])
    if app_page.default and width < 640:
        # on a phone the first headline figure is on the first screen, without scrolling
        top = tab.evaluate("() => document.querySelector('.sc-card-value').getBoundingClientRect().top")
        assert top < tab.viewport_size["height"], f"the first headline figure starts {top:.0f} px down"
