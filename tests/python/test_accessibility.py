"""WCAG 2.2 AA: an axe-core scan of every page in a real browser, a keyboard-only walk on the Benchmarks page, and
the sentences that stand in for the charts (streamlit_app.formatting.benchmark_summary).

The scan fails on any serious or critical violation and prints every violation (rule, impact, element, help link).
Nothing is excluded today; an exclusion must name one exact selector of Streamlit's own chrome, say why here, and
be listed under "Known limitations" on the accessibility statement page (streamlit_app/views/accessibility.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from streamlit_app.formatting import benchmark_summary

from .browser_support import (
    PAGES,
    AppPage,
    SharedApp,
    new_tab,
    open_page,
    shared_app,
    wait_for_rerun,
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
#: Exact selectors of Streamlit's own markup that we cannot change, each with the rule it breaks and why.
#: Keep in step with "Known limitations" in streamlit_app/views/accessibility.py. Empty: nothing is excluded.
EXCLUDED_SELECTORS: list[str] = []


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest) -> SharedApp:
    return shared_app(request)


@pytest.fixture(scope="module")
def tab(app: SharedApp) -> Iterator[object]:
    with new_tab(app) as page:
        yield page


def axe_scan(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    context = {"exclude": [[selector] for selector in EXCLUDED_SELECTORS]} if EXCLUDED_SELECTORS else None
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, context=context, options=options).response["violations"]


def report(where: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    element {node['target']}: {node['html'][:200]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def assert_no_serious_violations(where: str, violations: list[dict]) -> None:
    if violations:
        print(report(where, violations))
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, "serious or critical WCAG violations:\n" + report(where, serious)


@pytest.mark.browser
@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.slug)
def test_axe_finds_no_serious_violation(tab, app: SharedApp, app_page: AppPage):
    open_page(tab, app.server, app_page)
    assert_no_serious_violations(app_page.slug, axe_scan(tab))
    # Every chart carries its summary sentence as its accessible name (Altair's description).
    charts = tab.locator('[data-testid="stVegaLiteChart"]')
    unnamed = [i for i in range(charts.count()) if not (charts.nth(i).get_attribute("aria-label") or "").strip()]
    assert not unnamed, f"{app_page.slug}: charts {unnamed} have no text alternative"


@pytest.mark.browser
def test_axe_with_data_tables_shown(tab, app: SharedApp):
    """The second state of each chart: its data as a table after the toggle."""
    for slug in ("benchmarks",):  # the same table component on every page
        open_page(tab, app.server, next(p for p in PAGES if p.slug == slug))
        toggles = tab.get_by_role("switch", name="Show the data as a table")
        assert toggles.count() > 0, f"{slug} has no table toggle"
        for i in range(min(toggles.count(), 3)):
            if not toggles.nth(i).is_checked():
                toggles.nth(i).press("Space")
                wait_for_rerun(tab)
        assert tab.locator("table.sc-table").count() > 0
        assert_no_serious_violations(f"{slug} with tables", axe_scan(tab))


def chart_summary(tab) -> str:
    """The text alternative of the Benchmarks chart: the sentence written above it (also the chart's label)."""
    label = tab.locator('[data-testid="stVegaLiteChart"]').first.get_attribute("aria-label")
    assert label, "the chart has no text alternative"
    paragraphs = [p.strip() for p in tab.locator('[data-testid="stMarkdownContainer"] p').all_inner_texts()]
    assert label in paragraphs, f"the chart's summary {label!r} is not written on the page"
    return label


@pytest.mark.browser
def test_keyboard_only_changes_the_indicator(tab, app: SharedApp):
    """Tab to the Topic box, type part of another topic's name, ArrowDown, Enter: the measure, its heading and the
    chart's summary follow. The page opens on the first headline measure (dim_headline_measures), not the
    alphabetically first, and a topic opens on its headline measure."""
    with duckdb.connect(str(app.source_warehouse), read_only=True) as connection:
        found = connection.execute(
            """
            select matrix.topic_label, matrix.measure_label
            from marts.dim_headline_measures as headlines
            inner join marts.fct_lait_matrix as matrix
                on headlines.measure_code = matrix.measure_code
            inner join marts.dim_focus_authority as focus
                on matrix.focus_la_number = focus.focus_la_number
            where matrix.is_default_for_focus
            order by headlines.headline_order
            """
        ).fetchall()
    if len({topic for topic, _ in found}) < 2:
        pytest.skip("DfE's LAIT extract is not in this warehouse: no headline measures in two topics")
    headline_label = found[0][1]
    target_topic, target = next((topic, label) for topic, label in found if topic != found[0][0])
    open_page(tab, app.server, next(p for p in PAGES if p.slug == "benchmarks"))
    before = chart_summary(tab)
    assert before.startswith(headline_label), before

    tab.locator("body").focus()
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Topic":
            break
    else:
        pytest.fail("the Topic box cannot be reached with Tab")
    tab.keyboard.press("Control+a")
    tab.keyboard.type(target_topic)
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    wait_for_rerun(tab)
    tab.wait_for_function(
        """(before) => {
            const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
            return chart && chart.getAttribute('aria-label') !== before;
        }""",
        arg=before,
        timeout=20_000,
    )
    after = chart_summary(tab)
    assert after.startswith(target), f"after choosing {target_topic!r} the summary reads {after!r}"
    assert tab.locator("h3").first.inner_text().strip() == target


# --- the chart summaries (no browser) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "words"),
    [
        ("better", "better than England"),  # high_better with a higher value, or low_better with a lower one
        ("worse", "worse than England"),
        ("higher", "higher than England"),  # no polarity: a plain direction, never a judgement
        ("lower", "lower than England"),
        ("same", "the same as England"),
    ],
)
def test_summary_uses_the_polarity_aware_comparison_word(comparison: str, words: str):
    text = benchmark_summary("Key stage 2 RWM", "percent", 0, "2019", 64, 65, comparison)
    assert text == f"Key stage 2 RWM in 2019: Southend 64%, {words} (65%)."


def test_summary_names_the_neighbours_and_the_direction_of_travel():
    text = benchmark_summary(
        "Children in need", "rate_per_10k", 1, "2020", 350.2, 323.7, "worse", 390.0, "better", "improving"
    )
    assert text == (
        "Children in need in 2020: Southend 350.2 per 10,000, worse than England (323.7 per 10,000), "
        "better than the statistical neighbours' average (390.0 per 10,000). It improved on the previous period."
    )


def test_summary_of_a_context_indicator_does_not_judge():
    text = benchmark_summary("Pupils", "count", 0, "2021", 30000, 20000, "higher", direction="up")
    assert "better" not in text and "worse" not in text
    assert text.endswith("higher than England (20,000). It rose on the previous period.")


def test_missing_values_are_said_as_not_available():
    missing = benchmark_summary("Exclusions", "percent", 1, "2020", None, 1.2, None, reason="suppressed")
    assert missing == "Exclusions: Southend's latest value is not available (suppressed in the pack)."
    assert "0" not in missing

    no_england = benchmark_summary("Exclusions", "percent", 1, "2020", 1.5, float("nan"), None)
    assert no_england == "Exclusions in 2020: Southend 1.5%, England's value not available."

    no_word = benchmark_summary("Exclusions", "percent", 1, "2020", 1.5, 1.2, None)
    assert "no comparison with England (not available)" in no_word
