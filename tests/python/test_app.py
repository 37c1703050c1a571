"""The Streamlit app, page by page, through Streamlit's AppTest against the session-built warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT

from .screen import read


def run_page(name: str, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    return AppTest.from_file(str(REPO_ROOT / "streamlit_app" / "views" / f"{name}.py"), default_timeout=60).run()


def texts(app: AppTest) -> str:
    return "\n".join(
        [m.value for m in app.markdown]
        + [m.label + " " + m.value for m in app.metric]
        + [h.value for h in app.header]
        + [h.value for h in app.title]
    )


def test_benchmarks_show_good_level_of_development_as_the_mart_has_it(warehouse, monkeypatch):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        value, england, rank, band = connection.execute(
            "select southend_value, england_value, southend_rank, quartile_band from marts.fct_benchmark_values "
            "where indicator_id = 'eyfs_good_level_of_development' and period_label = '2019'"
        ).fetchone()
    # The pack prints 74.0, rank 38, band B, England 71.8.
    assert (float(value), float(england), rank, band) == (74.0, 71.8, 38, "B")

    app = run_page("benchmarks", warehouse, monkeypatch)
    app.selectbox(key="topic").set_value("attainment_eyfs").run()
    app.selectbox(key="indicator").set_value("eyfs_good_level_of_development").run()
    assert not app.exception
    as_reported = [card for card in read(app).cards if card["period"].strip() == "2019"]
    shown = {card["label"]: (card["value"].strip(), card["lines"]) for card in as_reported}
    assert shown["Southend-on-Sea"][0] == "74.0%"
    assert shown["England"][0] == "71.8%"
    # the pack prints its ranks with no count of authorities: the rank alone, in the pack's own words
    rank, lines = shown["Rank among English authorities (1 = best)"]
    assert rank == "rank 38 among the cohort of 150-plus local authorities"
    assert lines == ["band B"]
    assert "better than England (71.8%)" in texts(app)


def test_changing_the_indicator_updates_the_view(warehouse, monkeypatch):
    app = run_page("benchmarks", warehouse, monkeypatch)
    app.selectbox(key="topic").set_value("attainment_eyfs").run()
    app.selectbox(key="indicator").set_value("eyfs_good_level_of_development").run()
    before = [h.value for h in app.subheader]
    app.selectbox(key="indicator").set_value("eyfs_average_points_score").run()
    after = [h.value for h in app.subheader]
    assert before != after
    assert any("verage" in h for h in after)


def test_search_finds_indicators_by_name(warehouse, monkeypatch):
    app = run_page("benchmarks", warehouse, monkeypatch)
    app.text_input(key="search").set_value("phonic").run()
    options = app.selectbox(key="indicator").options
    assert options and all("honic" in o for o in options)


def test_missing_values_are_shown_as_not_available_never_zero(warehouse, monkeypatch):
    # The general complaints of 2017/18-2019/20 are in the pack's chart only.
    app = run_page("complaints", warehouse, monkeypatch)
    app.toggle(key="table-complaints-received-by-year").set_value(True).run()
    table = read(app).table_with("Complaints received")
    general = table[table["Stream"].str.startswith("General")].set_index("Year")["Complaints received"]
    assert general["2020/21"] == "367"
    assert general["2019/20"].startswith("not available (shown only in a chart")


def test_safeguarding_conversion_rate_is_the_packs(warehouse, monkeypatch):
    app = run_page("safeguarding", warehouse, monkeypatch)
    assert "a conversion rate of 52.0% (the report prints 52%)" in texts(app)


def test_no_warehouse_gives_a_clear_page(tmp_path, monkeypatch):
    app = run_page("benchmarks", tmp_path / "absent.duckdb", monkeypatch)
    assert not app.exception
    assert "No warehouse has been published yet" in app.warning[0].value
    assert any("make build" in m.value for m in app.markdown)


def test_warehouse_from_an_older_schema_gives_a_clear_page(tmp_path, monkeypatch):
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.fct_benchmark_values (indicator_id varchar)")
    app = run_page("overview", old, monkeypatch)
    assert not app.exception
    assert "older version of this project" in app.warning[0].value
    assert "marts.fct_indicator_scorecard" in app.warning[0].value
