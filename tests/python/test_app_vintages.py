"""The app's view of DfE's published versions: a figure's revision history on the Neighbours and Benchmarks pages,
the "as published on" date that recomputes the page as it stood then, and the version each page says it shows.
Through Streamlit's AppTest against the session-built warehouse (built with the vintages when they are present)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT

from .screen import read


def run_page(name: str, warehouse: Path, monkeypatch: pytest.MonkeyPatch, **state: object) -> AppTest:
    """The page after one run with its widgets preset (each rerun of a page costs seconds)."""
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    app = AppTest.from_file(str(REPO_ROOT / "streamlit_app" / "views" / f"{name}.py"), default_timeout=60)
    for key, value in state.items():
        app.session_state[key] = value
    return app.run()


def page_text(app: AppTest) -> str:
    return read(app).text


def day(value: dt.date) -> str:
    """A date as the app writes it: "3 November 2025"."""
    return f"{value.day} {value:%B %Y}"


@pytest.fixture
def vintages(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select vintage_id, committed_on from marts.dim_lait_vintages order by vintage_seq"
        ).fetchall()
    if not rows:
        pytest.skip("the warehouse was built without DfE's published vintages (../shared/lait/vintages absent)")
    return rows


def test_neighbours_page_shows_a_figures_revision_history_and_recomputes_as_published(warehouse, vintages, monkeypatch):
    app = run_page("neighbours", warehouse, monkeypatch, choice_measure="DeRegCPR", period="2024")
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    assert f"version {vintages[-1][0]}" in text and "the latest version" in text
    assert "Southend-on-Sea 32.9" in text
    assert "revised on 3 November 2025 to 32.9" in text
    app.toggle(key="table-history-neighbours-882-DeRegCPR-2024").set_value(True).run()
    history = read(app).tables[-1]
    assert history["Value as published"].tolist() == ["33.1", "32.9"]
    assert history["Change"].tolist()[1] == "revised"
    assert history["From"].tolist()[1] == "3 November 2025"
    assert history["Until"].tolist() == ["3 November 2025", "still current"]

    # the version standing on 1 June 2025: the last published on or before that day
    standing = [v for v, day in vintages if day <= dt.date(2025, 6, 1)][-1]
    app.selectbox(key="as-published-neighbours").set_value(standing).run()
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    assert f"version {standing}" in text and "the latest is version" in text
    assert "Southend-on-Sea 33.1" in text  # as DfE published it then


def test_benchmarks_page_sets_the_committees_figure_beside_dfes_versions(warehouse, vintages, monkeypatch):
    app = run_page(
        "benchmarks", warehouse, monkeypatch, search="children looked after", choice_indicator="lac_rate_per_10k"
    )
    assert not app.exception, [e.value for e in app.exception]
    table = read(app).table_with("Committee saw (pack)")
    assert {"DfE, first held", "DfE now", "Revisions by DfE", "Every value published"} <= set(table.columns)
    assert f"version {vintages[-1][0]}" in page_text(app)
    first_id, first_day = vintages[0]
    app.selectbox(key="as-published-benchmarks").set_value(first_id).run()
    table = read(app).table_with("Committee saw (pack)")
    assert f"DfE on {day(first_day)}" in table.columns
    # in the first version held, the value DfE published is the one it first held
    assert table[f"DfE on {day(first_day)}"].tolist() == table["DfE, first held"].tolist()
