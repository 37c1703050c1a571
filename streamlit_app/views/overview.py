"""Overview: headline figures from each domain with their direction of travel, and the scorecard at a glance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, ui
from streamlit_app.formatting import RAG_LABELS, format_value

st.title("Southend-on-Sea: People Scrutiny at a glance")
ui.require_warehouse()
st.markdown(
    "Figures from the People Scrutiny Committee agenda pack of 30 November 2021: complaints, safeguarding and "
    "the education and children's services data matrix. Every figure links back to the line of the pack it "
    "came from (see *Sources and methods*)."
)


def change_text(latest: float, previous: float) -> str | None:
    """The delta shown under a headline: a plain count change on the previous year."""
    if pd.isna(latest) or pd.isna(previous):
        return None
    return f"{latest - previous:+,.0f} on the previous year"


def headline(column, label: str, frame: pd.DataFrame, value: str, period: str) -> None:
    """A metric for the latest year with its change on the year before. More is not better or worse here."""
    frame = frame.dropna(subset=[value])
    if frame.empty:
        column.metric(label, "not available")
        return
    latest = frame.iloc[-1]
    previous = frame.iloc[-2][value] if len(frame) > 1 else float("nan")
    column.metric(
        f"{label}, {latest[period]}",
        format_value(latest[value], "count", 0),
        change_text(latest[value], previous),
        delta_color="off",
    )


st.header("Headlines")
received = data.complaint_measure_by_year("complaints_received")
cols = st.columns(3)
for column, stream in zip(cols, ["general", "adult_social_care", "childrens_social_care"], strict=True):
    headline(
        column,
        f"{data.stream_names()[stream]} complaints",
        received[received["stream"] == stream],
        "value",
        "period_label",
    )
adults = data.adult_safeguarding_by_year()
funnel = data.children_demand_funnel()
referrals = funnel[funnel["stage"].str.contains("eferral")]
cols = st.columns(3)
headline(cols[0], "Adult safeguarding concerns", adults, "count_concerns_raised", "financial_year")
headline(cols[1], "Section 42 enquiries started", adults, "count_s42_enquiries_started", "financial_year")
headline(cols[2], "Referrals to children's social care", referrals, "count_at_stage", "financial_year")
st.caption("Changes are shown without colour: a rise in complaints or referrals is not in itself good or bad.")

st.header("Education and children's services scorecard")
counts = data.rag_counts()
by_rag = counts.groupby("rag_status")["count_indicators"].sum()
cols = st.columns(4)
for column, status in zip(cols, ["green", "amber", "red", "not_rated"], strict=True):
    column.metric(RAG_LABELS[status], int(by_rag.get(status, 0)))
by_band = counts.groupby("quartile_band")["count_indicators"].sum().reset_index()
ui.chart_with_table(
    ui.bar_chart(by_band, "quartile_band", "count_indicators", "Indicators"),
    by_band.rename(columns={"quartile_band": "Latest quartile band", "count_indicators": "Indicators"}),
    "Indicators by Southend's latest quartile band (A = best quarter of English authorities): "
    + ", ".join(f"{r.quartile_band}: {r.count_indicators}" for r in by_band.itertuples())
    + ".",
    key="indicators-by-band",
)
