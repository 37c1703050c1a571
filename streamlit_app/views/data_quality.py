"""Data quality: the latest validation run, passed and failed per suite, and the history of builds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, ui

st.title("Data quality")
ui.require_warehouse()
st.markdown(
    "Every build runs the dbt tests and the Great Expectations suites against a candidate warehouse; only a "
    "candidate that passes everything is published. This page shows the checks behind the warehouse you are "
    "looking at."
)
if not data.table_exists("data_quality.build_runs"):
    st.info("This warehouse carries no validation history (it was not published by `make build`).")
    st.stop()

runs = data.build_runs()
published = runs[runs["is_published"]]
if not published.empty:
    latest = published.iloc[0]
    cols = st.columns(3)
    cols[0].metric("Published", str(latest["finished_at"])[:19])
    cols[1].metric("dbt tests passed", f"{latest['count_dbt_tests_passed']} of {latest['count_dbt_tests']}")
    cols[2].metric("Expectations passed", f"{latest['count_expectations_passed']} of {latest['count_expectations']}")

st.header("Latest published run, by suite")
suites = data.latest_suite_results()
carried = data.carried_results()
if not carried.empty:
    st.caption(
        f"{int(carried['count_carried'].sum())} of these results were carried from an earlier run (first "
        f"{carried['carried_from'].min()}): that build rebuilt only what had changed and validated those tables; "
        f"the other tables, unchanged, keep the results of the run that last validated them."
    )
suites_table = suites.assign(status=["passed" if f == 0 else f"{f} failed" for f in suites["count_failed"]]).rename(
    columns={
        "suite": "Suite",
        "table_name": "Table",
        "count_expectations": "Expectations",
        "count_passed": "Passed",
        "count_failed": "Failed",
        "status": "Status",
    }
)
ui.data_table(suites_table, key="suites", title="Expectations per suite, latest published run")


@st.fragment
def suite_expectations() -> None:
    """One suite's expectations: a fragment, so choosing the suite redraws this table only."""
    suite = st.selectbox("Expectations of suite", suites["suite"].tolist(), key="suite")
    ui.data_table(data.expectation_results(suite), key=f"expectations-{suite}", title=f"Expectations of {suite}")


if not suites.empty:
    suite_expectations()

st.header("Build history")
ui.data_table(
    pd.DataFrame(
        {
            "Run": runs["run_id"],
            "Started": runs["started_at"].astype(str).str[:19],
            "Outcome": runs["outcome"],
            "Published": runs["is_published"].map({True: "yes", False: "no"}),
            "dbt tests passed": runs["count_dbt_tests_passed"],
            "Expectations passed": runs["count_expectations_passed"],
        }
    ),
    key="build-history",
    title="Build history",
)
