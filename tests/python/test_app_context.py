"""The Context page: a committee member who searches for a number from the pack finds the figure and its line,
or why it is not a figure; the CCG's health-check table is shown as printed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT

from .screen import read


@pytest.fixture
def page(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    app = AppTest.from_file(str(REPO_ROOT / "streamlit_app" / "views" / "context.py"), default_timeout=60).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def search(app: AppTest, term: str):
    app.text_input(key="pack-search").set_value(term).run()
    assert not app.exception, [e.value for e in app.exception]
    return read(app).table_with("Where")


def test_searching_294_finds_the_police_warrants_and_their_line(page):
    found = search(page, "294")
    warrants = found[found["What"].str.contains("warrants")]
    assert list(zip(warrants["Value"], warrants["Pack line"], strict=True)) == [("294", "2526")]
    assert warrants["Section"].iloc[0].endswith("Essex Police")


def test_searching_words_finds_the_ccg_health_check_table(page):
    found = search(page, "annual health checks")
    rows = found[found["Where"].str.startswith("Learning-disability health checks")]
    assert len(rows) == 8  # seven CCGs and the Total row
    southend = rows[rows["What"].str.endswith("– Southend")]
    assert southend["Value"].iloc[0] == "760" and southend["Pack line"].iloc[0] == "3994"


def test_a_number_that_is_not_a_figure_says_why(page):
    found = search(page, "500.3")
    assert list(found["Where"]) == ["Not a figure"]
    assert "unplaced" in found["What"].iloc[0] and "concluded Section 42" in found["Note"].iloc[0]


def test_the_health_check_table_is_shown_as_printed(page, warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        completed, target = connection.execute(
            "select checks_completed, checks_target from marts.fct_ld_annual_health_checks where ccg_code = 'southend'"
        ).fetchone()
    assert (completed, target) == (760, 720)  # the pack prints 760 completed against a target of 720 (line 3994-3996)
    summaries = "\n".join(m.value for m in page.markdown)
    assert "Southend CCG completed 760 annual health checks" in summaries and "target of 720" in summaries


def test_every_partner_figure_is_named_in_the_reports_words(page, warehouse):
    """Each figure of the safeguarding report's sections is named by its measure's label and its category's label
    from the mart (the report's own words, seeds safeguarding_measure_labels and safeguarding_category_labels), not
    by its ids put into words: every section shown, every row."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select source_section, measure_label || coalesce(' (' || category_label || ')', '')"
            " from marts.fct_safeguarding_figures"
        ).fetchall()
    box = page.selectbox(key="partner-section")
    sections = list(box.options)
    rows = [(where, name) for where, name in rows if where in sections]
    checked = 0
    for section in sections:
        box.set_value(section).run()
        assert not page.exception, [e.value for e in page.exception]
        shown = sorted(read(page).table_with("As printed")["Figure"])
        assert shown == sorted(name for where, name in rows if where == section), section
        checked += len(shown)
        box = page.selectbox(key="partner-section")
    assert checked == len(rows), f"{checked} figures shown across the sections, the mart holds {len(rows)}"


def test_every_community_beds_figure_is_named_in_the_papers_words(page, warehouse):
    """The community beds table names each figure by its measure's label from the mart (the paper's own words, seed
    community_beds_measure_labels) and its site or qualifier, row by row in the mart's order."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "select measure_label || coalesce(' (' || category || ')', '') from marts.fct_community_inpatient_beds"
                " order by coalesce(source_line, 999999), figure_id"
            ).fetchall()
        ]
    shown = list(read(page).table_with("Heading or exhibit")["Figure"])
    assert shown == names
    assert "Community beds (approximate)" in shown  # line 12101: 'around 115 community beds'
