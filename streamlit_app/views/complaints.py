"""Complaints: the four streams side by side, trends, issues and outcomes, timeliness and the Ombudsman."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, ui
from streamlit_app.formatting import format_value, not_available

st.title("Comments, complaints and compliments, 2020/21")
ui.require_warehouse()
st.caption("Source: Annual Report – Comments, Complaints and Compliments 2020/21, sections 3 to 6 of the agenda pack.")


def with_stream_names(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(stream=frame["stream"].map(data.stream_names()).fillna(frame["stream"]))


def shown(frame: pd.DataFrame, column: str = "value", unit: str = "count") -> list[str]:
    reasons = frame["missing_reason"] if "missing_reason" in frame else [None] * len(frame)
    return [format_value(v, unit, 0 if unit == "count" else 2, r) for v, r in zip(frame[column], reasons, strict=True)]


st.header("The four streams side by side")
received = with_stream_names(data.complaint_measure_by_year("complaints_received")).sort_values(
    ["period_start_date", "stream"]
)
received_table = pd.DataFrame(
    {"Stream": received["stream"], "Year": received["period_label"], "Complaints received": shown(received)}
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
        pd.DataFrame(
            {"Stream": compliments["stream"], "Year": compliments["period_label"], "Compliments": shown(compliments)}
        ),
        "Compliments received: "
        + "; ".join(
            f"{r.stream} {r.period_label}: {format_value(r.value, 'count', 0, r.missing_reason)}"
            for r in compliments.itertuples()
        )
        + ".",
        key="compliments",
    )

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
    pd.DataFrame({"Stream": trend["stream"], "Period": trend["period_label"], "Complaints": shown(trend)}),
    f"Complaints received by {period_kind}: "
    + "; ".join(f"{r.period_label} {format_value(r.value, 'count', 0, r.missing_reason)}" for r in trend.itertuples())
    + ".",
    key=f"complaints-by-{period_kind}",
)

st.header("Issues and outcomes")
issues = with_stream_names(data.complaint_issues())
stream_choice = st.selectbox("Stream", sorted(issues["stream"].unique()), key="issues-stream")
chosen = issues[issues["stream"] == stream_choice]
ui.chart_with_table(
    ui.bar_chart(chosen.assign(label=chosen["issue_category"]), "label", "count_issues", "Issues raised"),
    pd.DataFrame(
        {
            "Service area": chosen["service_area"].fillna("all"),
            "Issue category": chosen["issue_category"],
            "Issues": shown(chosen, "count_issues"),
            "Share of issues": [format_value(v, "percent", 0) for v in chosen["pct_of_issues"]],
            "Not upheld": shown(chosen, "count_issues_not_upheld"),
        }
    ),
    f"{stream_choice}: {int(chosen['count_issues'].sum())} issues across {len(chosen)} categories; most raised: "
    + ", ".join(f"{r.issue_category} ({int(r.count_issues)})" for r in chosen.head(3).itertuples())
    + ".",
    key="issues",
)
outcomes = with_stream_names(data.complaint_outcomes())
st.subheader("Outcomes")
st.dataframe(
    pd.DataFrame(
        {
            "Stream": outcomes["stream"],
            "Service area": outcomes["service_area"].fillna("all"),
            "Of": outcomes["outcome_subject"],
            "Outcome": outcomes["outcome_as_printed"],
            "Count": [
                format_value(v, "count", 0, r)
                for v, r in zip(outcomes["count_outcome"], outcomes["count_missing_reason"], strict=True)
            ],
            "Share": [format_value(v, "percent", 0) for v in outcomes["pct_of_subject"]],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.header("Timeliness")
timeliness = with_stream_names(data.complaint_timeliness())
st.dataframe(
    pd.DataFrame(
        {
            "Stream": timeliness["stream"],
            "Service area": timeliness["service_area"].fillna("all"),
            "Year": timeliness["period_label"],
            "Responded within timescale": [format_value(v, "percent", 2) for v in timeliness["pct_within_timescale"]],
            "Of": [format_value(v, "count", 0) for v in timeliness["count_complaints_in_base"]],
            "Basis": timeliness["timescale_basis"].fillna(""),
        }
    ),
    hide_index=True,
    width="stretch",
)

st.header("Local Government and Social Care Ombudsman")
investigations = data.ombudsman_investigations()
ui.chart_with_table(
    ui.bar_chart(investigations, "period_label", "pct_upheld_rate", "Detailed investigations upheld (%)"),
    pd.DataFrame(
        {
            "Year": investigations["period_label"],
            "Detailed investigations": shown(investigations, "count_detailed_investigations"),
            "Upheld": shown(investigations, "count_upheld"),
            "Upheld rate": [format_value(v, "percent", 0) for v in investigations["pct_upheld_rate"]],
        }
    ),
    "Ombudsman detailed investigations upheld: "
    + "; ".join(
        f"{r.period_label} {format_value(r.pct_upheld_rate, 'percent', 0)}" for r in investigations.itertuples()
    )
    + ".",
    key="ombudsman-investigations",
)
decisions = data.ombudsman_decisions()
st.subheader("Decisions by outcome, 2020/21")
st.dataframe(
    pd.DataFrame(
        {"Decision": decisions["outcome_as_printed"].fillna(decisions["category"]), "Count": shown(decisions)}
    ),
    hide_index=True,
    width="stretch",
)
st.subheader("Upheld cases")
for case in data.ombudsman_upheld_cases().itertuples():
    with st.expander(f"{case.council_function} ({case.period_label})"):
        st.markdown(f"**Complaint.** {case.summary_of_complaint}")
        st.markdown(f"**Service improvement.** {case.service_improvement_recommendations or not_available()}")
        st.markdown(f"**Remedy.** {case.agreed_remedy or not_available()}")
        st.caption(f"Source: section {case.source_section}, text line {case.source_line}.")
