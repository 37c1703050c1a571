"""Complaints: the four streams side by side, trends, issues and outcomes, timeliness and the Ombudsman."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import format_value, not_available

st.title("Comments, complaints and compliments, 2020/21")
ui.require_warehouse()
st.caption("Source: Annual Report – Comments, Complaints and Compliments 2020/21, sections 3 to 6 of the agenda pack.")


def with_stream_names(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(stream=frame["stream"].map(data.stream_names()).fillna(frame["stream"]))


def reasons(frame: pd.DataFrame, column: str = "missing_reason") -> list[object]:
    """Why each row's value is missing (none where the frame has no reason column)."""
    return frame[column].tolist() if column in frame else [None] * len(frame)


st.header("The four streams side by side")
received = with_stream_names(data.complaint_measure_by_year("complaints_received")).sort_values(
    ["period_start_date", "stream"]
)
received_table = (
    Table(len(received))
    .text("Stream", received["stream"])
    .text("Year", received["period_label"])
    .number("Complaints received", received["value"], "count", 0, reasons(received))
)
latest_year = received[received["period_label"].isin(["2020/21", "2020/2021"])]
summary = (
    "Complaints received in 2020/21: "
    + "; ".join(
        f"{row.stream} {format_value(row.value, 'count', 0, row.missing_reason)}" for row in latest_year.itertuples()
    )
    + "."
)
ui.chart_with_table(
    ui.series_chart(received, "period_label", "value", "stream", "Complaints received", "Financial year"),
    received_table,
    summary,
    key="complaints-received-by-year",
    caption=ui.provenance_caption("sections 3–6", "complaints received", list(received["source_line"])),
)

compliments = with_stream_names(data.complaint_measure_by_year("compliments_received"))
if not compliments.empty:
    st.subheader("Compliments")
    ui.chart_with_table(
        ui.bar_chart(
            compliments.assign(label=compliments["stream"] + " " + compliments["period_label"]),
            "label",
            "value",
            "Compliments received",
        ),
        Table(len(compliments))
        .text("Stream", compliments["stream"])
        .text("Year", compliments["period_label"])
        .number("Compliments", compliments["value"], "count", 0, reasons(compliments)),
        "Compliments received: "
        + "; ".join(
            f"{r.stream} {r.period_label}: {format_value(r.value, 'count', 0, r.missing_reason)}"
            for r in compliments.itertuples()
        )
        + ".",
        key="compliments",
    )


@st.fragment
def trends() -> None:
    """Complaints by quarter or month: a fragment, so choosing the period redraws this section only."""
    st.header("Trends by quarter and month (children's social care)")
    period_kind = st.radio(
        "Period",
        ["quarter", "month"],
        horizontal=True,
        key="complaints-period",
        format_func=lambda k: "By quarter" if k == "quarter" else "By month",
    )
    trend = with_stream_names(data.complaints_by_period(period_kind))
    trend = trend.assign(
        year=[
            ("2020/21" if d >= pd.Timestamp("2020-04-01").date() else "2019/20")
            for d in pd.to_datetime(trend["period_start_date"]).dt.date
        ]
    )
    ui.chart_with_table(
        ui.bar_chart(trend, "period_label", "value", f"Complaints received by {period_kind}"),
        Table(len(trend))
        .text("Stream", trend["stream"])
        .text("Period", trend["period_label"])
        .number("Complaints", trend["value"], "count", 0, reasons(trend)),
        f"Complaints received by {period_kind}: "
        + "; ".join(
            f"{r.period_label} {format_value(r.value, 'count', 0, r.missing_reason)}" for r in trend.itertuples()
        )
        + ".",
        key=f"complaints-by-{period_kind}",
    )


@st.fragment
def issues_by_stream() -> None:
    """The issues raised in one stream: a fragment, so choosing the stream redraws this section only."""
    issues = with_stream_names(data.complaint_issues())
    stream_choice = st.selectbox("Stream", sorted(issues["stream"].unique()), key="issues-stream")
    chosen = issues[issues["stream"] == stream_choice]
    ui.chart_with_table(
        ui.bar_chart(chosen.assign(label=chosen["issue_category"]), "label", "count_issues", "Issues raised"),
        Table(len(chosen))
        .text("Service area", chosen["service_area"].fillna("all"))
        .text("Issue category", chosen["issue_category"])
        .number("Issues", chosen["count_issues"], "count", 0)
        .number("Share of issues", chosen["pct_of_issues"], "percent", 0)
        .number("Not upheld", chosen["count_issues_not_upheld"], "count", 0),
        f"{stream_choice}: {int(chosen['count_issues'].sum())} issues across {len(chosen)} categories; most raised: "
        + ", ".join(f"{r.issue_category} ({int(r.count_issues)})" for r in chosen.head(3).itertuples())
        + ".",
        key="issues",
    )


trends()
st.header("Issues and outcomes")
issues_by_stream()
outcomes = with_stream_names(data.complaint_outcomes())
st.subheader("Outcomes")
ui.data_table(
    Table(len(outcomes))
    .text("Stream", outcomes["stream"])
    .text("Service area", outcomes["service_area"].fillna("all"))
    .text("Of", outcomes["outcome_subject"])
    .text("Outcome", outcomes["outcome_as_printed"])
    .number("Count", outcomes["count_outcome"], "count", 0, outcomes["count_missing_reason"])
    .number("Share", outcomes["pct_of_subject"], "percent", 0),
    key="complaint-outcomes",
    title="Complaint outcomes, 2020/21",
)

st.header("Timeliness")
timeliness = with_stream_names(data.complaint_timeliness())
ui.data_table(
    Table(len(timeliness))
    .text("Stream", timeliness["stream"])
    .text("Service area", timeliness["service_area"].fillna("all"))
    .text("Year", timeliness["period_label"])
    .number("Responded within timescale", timeliness["pct_within_timescale"], "percent", 2)
    .number("Of", timeliness["count_complaints_in_base"], "count", 0)
    .text("Basis", timeliness["timescale_basis"].fillna("")),
    key="complaint-timeliness",
    title="Complaints responded to within timescale",
)

st.header("Local Government and Social Care Ombudsman")
investigations = data.ombudsman_investigations()
ui.chart_with_table(
    ui.bar_chart(investigations, "period_label", "pct_upheld_rate", "Detailed investigations upheld (%)"),
    Table(len(investigations))
    .text("Year", investigations["period_label"])
    .number("Detailed investigations", investigations["count_detailed_investigations"], "count", 0)
    .number("Upheld", investigations["count_upheld"], "count", 0)
    .number("Upheld rate", investigations["pct_upheld_rate"], "percent", 0),
    "Ombudsman detailed investigations upheld: "
    + "; ".join(
        f"{r.period_label} {format_value(r.pct_upheld_rate, 'percent', 0)}" for r in investigations.itertuples()
    )
    + ".",
    key="ombudsman-investigations",
)
decisions = data.ombudsman_decisions()
st.subheader("Decisions by outcome, 2020/21")
ui.data_table(
    Table(len(decisions))
    .text("Decision", decisions["outcome_as_printed"].fillna(decisions["category"]))
    .number("Count", decisions["value"], "count", 0, reasons(decisions)),
    key="ombudsman-decisions",
    title="Ombudsman decisions by outcome, 2020/21",
)
st.subheader("Upheld cases")
for case in data.ombudsman_upheld_cases().itertuples():
    with st.expander(f"{case.council_function} ({case.period_label})"):
        st.markdown(f"**Complaint.** {case.summary_of_complaint}")
        st.markdown(f"**Service improvement.** {case.service_improvement_recommendations or not_available()}")
        st.markdown(f"**Remedy.** {case.agreed_remedy or not_available()}")
        st.caption(f"Source: section {case.source_section}, text line {case.source_line}.")
