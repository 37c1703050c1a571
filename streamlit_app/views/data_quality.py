"""Data quality: the latest validation run, passed and failed per suite, and the history of builds."""

from __future__ import annotations

import streamlit as st

from streamlit_app import data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import plain_words
from streamlit_app.layout import Card

st.title("Data quality")
ui.require_warehouse()
focus.choose()
st.markdown(
    "Every build runs the dbt tests and the Great Expectations suites against a candidate warehouse; only a "
    "candidate that passes everything is published. This page shows the checks behind the warehouse you are "
    "looking at."
)
if not data.table_exists("data_quality.build_runs"):
    st.info("This warehouse carries no validation history (it was not published by `make build`).")
    st.stop()


def suite_words(name: object) -> str:
    """A suite's or table's dotted name in words: "inputs.complaints.complaints_figures" -> "inputs › complaints ›
    complaints figures"."""
    return " › ".join(plain_words(part) for part in str(name).split("."))


runs = data.build_runs()
published = runs[runs["is_published"]]
if not published.empty:
    latest = published.iloc[0]
    ui.cards(
        [
            Card("Published", ui.day(latest["finished_at"]), f"{latest['finished_at']:%H:%M} UTC"),
            Card("dbt tests passed", f"{latest['count_dbt_tests_passed']:,} of {latest['count_dbt_tests']:,}"),
            Card(
                "Expectations passed",
                f"{latest['count_expectations_passed']:,} of {latest['count_expectations']:,}",
            ),
        ]
    )

st.header("Latest published run, by suite")
suites = data.latest_suite_results()
carried = data.carried_results()
ui.data_table(
    Table(len(suites))
    .text("Suite", [suite_words(x) for x in suites["suite"]])
    .text("Table", [suite_words(x) for x in suites["table_name"]])
    .number("Expectations", suites["count_expectations"], "count", 0)
    .number("Passed", suites["count_passed"], "count", 0)
    .number("Failed", suites["count_failed"], "count", 0),
    key="suites",
    title="Expectations per suite, latest published run",
)
if not carried.empty:
    st.caption(
        f"{int(carried['count_carried_in_run'].iloc[0]):,} of these results were carried from an earlier run: that "
        "build rebuilt only what had changed and validated those tables; the other tables, unchanged, keep the "
        "results of the run that last validated them."
    )
    ui.data_table(
        Table(len(carried))
        .text("Suite", [suite_words(x) for x in carried["suite"]])
        .number("Results carried", carried["count_carried"], "count", 0)
        .text("From run", carried["carried_from"]),
        key="carried",
        title="Results carried from an earlier run",
    )


@st.fragment
def suite_expectations() -> None:
    """One suite's expectations: a fragment, so choosing the suite redraws this table only."""
    suite = st.selectbox("Expectations of suite", suites["suite"].tolist(), format_func=suite_words, key="suite")
    results = data.expectation_results(suite)
    ui.data_table(
        Table(len(results))
        .text("Expectation", [plain_words(x) for x in results["expectation"]])
        .text("Table", [suite_words(x) for x in results["table_name"]])
        .text("Column", [plain_words(x) for x in results["column_name"]])
        .text("Result", results["success"].map({True: "passed", False: "failed"}))
        .text("Observed", results["observed_value"].fillna("").astype(str))
        .number("Rows not as expected", results["unexpected_count"], "count", 0)
        .number("Rows checked", results["element_count"], "count", 0),
        key=f"expectations-{suite}",
        title=f"Expectations of {suite_words(suite)}",
    )


if not suites.empty:
    suite_expectations()

st.header("Build history")
ui.data_table(
    Table(len(runs))
    .text("Started", [f"{ui.day(t)}, {t:%H:%M}" for t in runs["started_at"]])
    .text("Run", runs["run_id"])
    .text("Outcome", runs["outcome"].str.replace("_", " "))
    .text("Published", runs["is_published"].map({True: "yes", False: "no"}))
    .number("dbt tests passed", runs["count_dbt_tests_passed"], "count", 0)
    .number("Expectations passed", runs["count_expectations_passed"], "count", 0),
    key="build-history",
    title="Build history",
)
