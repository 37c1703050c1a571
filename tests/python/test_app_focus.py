"""The app for any authority (streamlit_app/focus.py), page by page through Streamlit's AppTest: the focus authority
and measure come from the query string, DfE's missing values are described in DfE's terms, and the pack's own
figures are the "as reported to the committee" layer of the authority the pack is about only."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT


def run_page(name: str, warehouse: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    app = AppTest.from_file(str(REPO_ROOT / "streamlit_app" / "views" / f"{name}.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def page_text(app: AppTest) -> str:
    return "\n".join(
        [m.value for m in app.markdown]
        + [m.label + " " + m.value for m in app.metric]
        + [h.value for h in [*app.header, *app.subheader, *app.title]]
        + [c.value for c in app.caption]
        + [i.value for i in app.info]
    )


def missing_dfe_value(warehouse: Path) -> tuple[int, str] | None:
    """An authority of the app's choice list and a measure whose latest DfE value is missing ("-" in DfE's data)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            """
            select m.focus_la_number, m.measure_code
            from marts.fct_lait_matrix as m
            where not m.is_legacy_focus and m.latest_missing_reason = 'dash_in_source'
            order by m.focus_la_number, m.measure_code
            limit 1
            """
        ).fetchall()
    return found[0] if found else None


def test_dfe_missing_values_are_described_in_dfe_terms(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = missing_dfe_value(warehouse)
    if case is None:
        pytest.skip("DfE's LAIT extract is not in this warehouse")
    la, measure = case
    app = run_page("neighbours", warehouse, monkeypatch, la=str(la), measure=measure)
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    assert "DfE publishes no figure (-)" in text
    assert "the pack prints a dash" not in text


def test_another_authority_sees_dfe_data_only(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        other = con.execute(
            "select focus_la_number, focus_la_name from marts.fct_lait_matrix where not is_legacy_focus "
            "and focus_la_number <> (select max(la_number) from marts.fct_lait_revisions_since_pack "
            "where area <> 'england') order by focus_la_number limit 1"
        ).fetchall()
    if not other:
        pytest.skip("DfE's LAIT extract is not in this warehouse")
    la, name = other[0]
    for page in ("overview", "benchmarks", "safeguarding"):
        app = run_page(page, warehouse, monkeypatch, la=str(la))
        assert not app.exception, (page, [e.value for e in app.exception])
        text = page_text(app)
        assert name in text, page
        assert "As reported to the committee" not in text, page


def test_the_pack_authority_keeps_its_figures_as_reported(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("benchmarks", warehouse, monkeypatch)
    assert not app.exception, [e.value for e in app.exception]
    assert "As reported to the committee" in page_text(app)
    # the page opens on the first headline measure, not the alphabetically first
    assert app.selectbox(key="indicator").value == "eyfs_good_level_of_development"


@pytest.mark.parametrize(("param", "value"), [("la", "abc"), ("la", "99999"), ("group", "dfe_1999_01")])
def test_a_link_naming_what_the_warehouse_does_not_hold_says_so(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch, param: str, value: str
) -> None:
    """A mistyped link does not silently show another authority: the page says what the address asked for and what
    it shows instead."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if not con.execute("select count(*) from marts.fct_lait_matrix").fetchone()[0]:
            pytest.skip("DfE's LAIT extract is not in this warehouse: there is no authority to choose")
    app = run_page("complaints", warehouse, monkeypatch, **{param: value})
    assert not app.exception, [e.value for e in app.exception]
    warnings = [w.value for w in app.warning]
    what = "authority" if param == "la" else "neighbour group"
    assert any(f"asks for the {what} “{value}”" in w and "showing " in w and "instead" in w for w in warnings), warnings
