"""Overview: the focus authority's headline measures from DfE's latest data (rank, band, direction of travel) and,
for the authority the committee pack is about, the pack's own headlines as reported to the committee."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import RAG_LABELS, format_value

st.title("People Scrutiny benchmarks at a glance")
ui.require_warehouse()
chosen = focus.choose()


def dfe_headlines() -> None:
    """The headline measures for the focus authority from DfE's latest data, each with its rank and band."""
    st.header(f"{chosen.la_name}: headline measures from DfE's latest data")
    if not chosen.has_dfe_data:
        st.info("DfE's LAIT extract was not loaded into this warehouse: only the pack's own figures are shown.")
        return
    rows = data.matrix_rows(chosen.la_number, chosen.group_id)
    order = data.headline_measure_codes()
    rows = rows[rows["measure_code"].isin(order)].set_index("measure_code").reindex(order).dropna(how="all")
    words = data.missing_words("dfe_lait")
    columns = st.columns(max(1, min(len(rows), 5)))
    for column, (_, row) in zip(columns, rows.iterrows(), strict=False):
        places = int(row["decimal_places"])
        change = row["change_from_previous"]
        rank = (
            f"rank {int(row['rank_among_las'])} of {int(row['count_las_ranked'])}"
            if not pd.isna(row["rank_among_las"])
            else "not ranked (no polarity)"
        )
        band = "" if pd.isna(row["quartile_band"]) else f", band {row['quartile_band']}"
        column.metric(
            f"{row['measure_label']}, {row['latest_period_label']}",
            format_value(row["latest_value"], None, places, words.get(row["latest_missing_reason"])),
            None if pd.isna(change) else f"{change:+,.{places}f} on {row['previous_period_label']}",
            delta_color="off",
        )
        england = format_value(row["england_value"], None, places)
        column.caption(f"{rank}{band}; {RAG_LABELS[row['rag_status']]}. England {england}.")
    matrix = data.matrix_rows(chosen.la_number, chosen.group_id)
    matrix = matrix[matrix["is_in_pack_matrix"].astype(bool)]
    counts = matrix["rag_status"].value_counts()
    st.markdown(
        f"Across the {len(matrix)} DfE measures of the pack's data matrix, {chosen.la_name}'s latest position: "
        + ", ".join(f"{RAG_LABELS[s]} {int(counts.get(s, 0))}" for s in ("green", "amber", "red", "not_rated"))
        + f". Neighbours: {chosen.group_label}. Changes are shown without colour; the RAG status carries a symbol "
        "and a word."
    )


dfe_headlines()
if not chosen.is_document_authority:
    st.stop()

st.header("As reported to the committee")
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


st.subheader("Headlines")
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

st.subheader("Education and children's services scorecard")
counts = data.rag_counts()
by_rag = counts.groupby("rag_status")["count_indicators"].sum()
cols = st.columns(4)
for column, status in zip(cols, ["green", "amber", "red", "not_rated"], strict=True):
    column.metric(RAG_LABELS[status], int(by_rag.get(status, 0)))
by_band = counts.groupby("quartile_band")["count_indicators"].sum().reset_index()
ui.chart_with_table(
    ui.bar_chart(by_band, "quartile_band", "count_indicators", "Indicators"),
    Table(len(by_band))
    .text("Latest quartile band", by_band["quartile_band"])
    .number("Indicators", by_band["count_indicators"], "count", 0),
    "Indicators by Southend's latest quartile band (A = best quarter of English authorities): "
    + ", ".join(f"{r.quartile_band}: {r.count_indicators}" for r in by_band.itertuples())
    + ".",
    key="indicators-by-band",
)
