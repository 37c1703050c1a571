"""A link opens the same view: the focus authority, neighbour group and measure live in the address's query string
(streamlit_app/focus.py). In a real browser (Debian's chromium), against the session's warehouse."""

from __future__ import annotations

import duckdb
import pytest

from .browser_support import SharedApp, exception_texts, new_tab, shared_app, wait_for_app

pytestmark = pytest.mark.browser

PLYMOUTH = 879
MEASURE = "KS2RWM_Expected_STD"


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest) -> SharedApp:
    return shared_app(request)


def test_a_link_with_authority_and_measure_opens_that_view(app: SharedApp) -> None:
    with duckdb.connect(str(app.source_warehouse), read_only=True) as con:
        found = con.execute(
            "select distinct focus_la_name, measure_label from marts.fct_lait_matrix "
            "where focus_la_number = ? and measure_code = ?",
            [PLYMOUTH, MEASURE],
        ).fetchall()
        dfe_label = con.execute(
            "select measure_label from marts.dim_lait_measures where measure_code = ?", [MEASURE]
        ).fetchall()
    if not found:
        pytest.skip("DfE's LAIT extract is not in this warehouse: no authority but the pack's to open")
    name = found[0][0]
    with new_tab(app) as tab:
        tab.goto(app.server.url(f"neighbours?la={PLYMOUTH}&group=dfe_2021_04&measure={MEASURE}"))
        wait_for_app(tab)
        assert exception_texts(tab) == []
        assert tab.get_by_role("combobox", name="Focus authority").input_value() == f"{name} ({PLYMOUTH})"
        assert "April 2021" in tab.get_by_role("combobox", name="Neighbour group").input_value()
        header = tab.locator("h2").first.inner_text().strip()
        assert header.startswith(dfe_label[0][0]), header
        assert f"{name} against its neighbours' average" in tab.inner_text("body")
        # the view writes its choices back into the address, so the link can be copied as it stands
        assert f"la={PLYMOUTH}" in tab.url and f"measure={MEASURE}" in tab.url and "group=dfe_2021_04" in tab.url


def test_the_pages_open_on_a_headline_measure(app: SharedApp) -> None:
    with duckdb.connect(str(app.source_warehouse), read_only=True) as con:
        first = con.execute(
            "select dfe_measure_label from marts.dim_headline_measures order by headline_order limit 1"
        ).fetchall()
    if not first or first[0][0] is None:
        pytest.skip("DfE's LAIT extract is not in this warehouse")
    with new_tab(app) as tab:
        tab.goto(app.server.url("neighbours"))
        wait_for_app(tab)
        assert tab.locator("h2").first.inner_text().strip().startswith(first[0][0])
