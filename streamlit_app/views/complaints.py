"""Complaints: the four streams side by side, trends, issues and outcomes, timeliness and the Ombudsman, from the
pack's annual report on comments, complaints and compliments (the pack's authority's figures, whoever the focus)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import format_value, not_available, printed_places

st.title("Comments, complaints and compliments, 2020/21")
ui.require_warehouse()
chosen = focus.choose()
focus.whose_figures(chosen, "the pack's annual report on comments, complaints and compliments 2020/21")
st.caption("Source: Annual Report – Comments, Complaints and Compliments 2020/21, sections 3 to 6 of the agenda pack.")
STREAMS = data.stream_names()
AREAS = data.vocabulary_labels("service_area")
SUBJECTS = data.vocabulary_labels("outcome_subject")


def with_stream_names(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(stream=frame["stream"].map(STREAMS))


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
latest_year = received[received["period_start_date"] == received["period_start_date"].max()]
ui.chart_with_table(
    charts.line_chart(received, "period_label", "Complaints received", "Financial year", series="stream", decimals=0),
    received_table,
    f"Complaints received in {latest_year['period_label'].iloc[0]}: "
    + "; ".join(
        f"{row.stream} {format_value(row.value, 'count', 0, row.missing_reason)}" for row in latest_year.itertuples()
    )
    + ".",
    key="complaints-received-by-year",
    caption=ui.provenance_caption("sections 3–6", "complaints received", list(received["source_line"])),
)

compliments = with_stream_names(data.complaint_measure_by_year("compliments_received"))
if not compliments.empty:
    st.subheader("Compliments")
    ui.chart_with_table(
        None,
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
    ui.chart_with_table(
        charts.bar_chart(trend, "period_label", "value", f"Complaints received by {period_kind}"),
        Table(len(trend))
        .text("Period", trend["period_label"])
        .text("Stream", trend["stream"])
        .number("Complaints", trend["value"], "count", 0, reasons(trend)),
        f"Children's social care complaints received by {period_kind}: "
        + "; ".join(
            f"{r.period_label} {format_value(r.value, 'count', 0, r.missing_reason)}" for r in trend.itertuples()
        )
        + ".",
        key=f"complaints-by-{period_kind}",
    )


def area_sentence(stream: str, area: str, rows: pd.DataFrame) -> str:
    """What one service area's list of issues is, in the pack's terms: all its categories, or the top ones the pack
    lists out of the area's issues; each category with its count (and share where printed), largest first."""
    first = rows.iloc[0]
    whole = format_value(first["count_issues_in_area"], "count", 0)
    where = stream if area == "all" else f"{stream}, {AREAS[area]}"
    listed = ", ".join(
        f"{r.issue_category} {format_value(r.count_issues, 'count', 0)}"
        + ("" if pd.isna(r.pct_of_issues) else f" ({format_value(r.pct_of_issues, 'percent', 1)})")
        for r in rows.itertuples()
    )
    if bool(first["is_top_issue_only"]):
        return f"{where}: {whole} issues raised in {first['period_label']}; the pack lists the most raised: {listed}."
    return f"{where}: {whole} issues raised in {first['period_label']}, by category: {listed}."


@st.fragment
def issues_by_stream() -> None:
    """The issues raised in one stream, area by area: a fragment, so choosing the stream redraws it only."""
    issues = data.complaint_issues()
    codes = list(dict.fromkeys(issues["stream"]))
    stream = st.selectbox("Stream", codes, format_func=STREAMS.get, key="issues-stream")
    chosen_rows = issues[issues["stream"] == stream]
    for area, rows in chosen_rows.groupby("service_area", sort=False):
        table = (
            Table(len(rows))
            .text("Issue", rows["issue_category"])
            .number("Issues", rows["count_issues"], "count", 0)
            .number("Share of the area's issues", rows["pct_of_issues"], "percent", 1)
            .number("Not upheld", rows["count_issues_not_upheld"], "count", 0)
            .number("Issues in the area", rows["count_issues_in_area"], "count", 0, on_screen=False)
        )
        ui.chart_with_table(
            charts.bar_chart(rows, "issue_category", "count_issues", "Issues raised"),
            table,
            area_sentence(STREAMS[stream], area, rows),
            key=f"issues-{stream}-{area}",
        )


trends()
st.header("Issues and outcomes")
issues_by_stream()
outcomes = with_stream_names(data.complaint_outcomes())
st.subheader("Outcomes")
ui.data_table(
    Table(len(outcomes))
    .text("Outcome", outcomes["outcome_as_printed"])
    .text("Stream", outcomes["stream"])
    .text("Service area", outcomes["service_area"].map(AREAS))
    .text("Counting", outcomes["outcome_subject"].map(SUBJECTS))
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
    .text("Service area", timeliness["service_area"].map(AREAS))
    .text("Year", timeliness["period_label"])
    .number(
        "Responded within timescale",
        timeliness["pct_within_timescale"],
        "percent",
        [printed_places(v) for v in timeliness["pct_within_timescale"]],
    )
    .number("Complaints responded to", timeliness["count_complaints_in_base"], "count", 0)
    .text("Timescale", timeliness["timescale_basis"].fillna("")),
    key="complaint-timeliness",
    title="Complaints responded to within timescale",
)

st.header("Local Government and Social Care Ombudsman")
investigations = data.ombudsman_investigations()
ui.chart_with_table(
    None,
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
    .text("Decision", decisions["outcome_as_printed"])
    .number("Count", decisions["value"], "count", 0, reasons(decisions)),
    key="ombudsman-decisions",
    title="Ombudsman decisions by outcome, 2020/21",
)
st.subheader("Upheld cases")


def as_printed(text: object) -> str:
    """A case's text as the pack prints it; where it prints "None.", that nothing was recommended, in words."""
    if text is None or pd.isna(text):
        return not_available()
    if str(text).strip().rstrip(".").lower() == "none":
        return "none recommended (the pack prints “none”)."
    return str(text)


for case in data.ombudsman_upheld_cases().itertuples():
    with st.expander(f"{case.council_function} ({case.period_label})"):
        st.markdown(f"**Complaint.** {case.summary_of_complaint}")
        st.markdown(f"**Service improvement.** {as_printed(case.service_improvement_recommendations)}")
        st.markdown(f"**Remedy.** {as_printed(case.agreed_remedy)}")
        st.caption(f"Source: section {case.source_section}, text line {case.source_line}.")
