"""Overview: the focus authority's headline measures from DfE's latest data (value beside its period, direction of
travel by polarity, rank with the count ranked, band, RAG) and the RAG tally of every DfE measure in the pack's
topics; for the authority the pack is about, the pack's own headlines and its scorecard's tally as reported."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, figures, focus, ui
from streamlit_app.formatting import format_value
from streamlit_app.layout import Card

st.title("Benchmarks at a glance")
ui.require_warehouse()
chosen = focus.choose()
w = figures.words()


def dfe_headlines() -> None:
    """The headline measures for the focus authority from DfE's latest data, and the RAG tally."""
    st.header(f"{chosen.la_name}: headline measures from DfE's latest data")
    if not chosen.has_dfe_data:
        st.info("DfE's LAIT extract was not loaded into this warehouse: only the pack's own figures are shown.")
        return
    rows = data.headline_rows(chosen.la_number, chosen.group_id)
    ui.cards([figures.measure_card(row, w) for row in rows.to_dict("records")])
    st.caption(f"Compared with England and {chosen.group_label}. {figures.symbols_key(w)}")
    st.subheader("RAG tally from DfE's latest data")
    counts = data.matrix_rag_counts(chosen.la_number, chosen.group_id)
    whole = int(counts["count_measures_in_pack_topics"].iloc[0]) if len(counts) else 0
    st.markdown(
        f"{chosen.la_name}'s RAG status on each of the {whole:,} measures DfE publishes in the pack's topics, in "
        "the latest period of each (the pack's rule applied to DfE's quartile bands):"
    )
    ui.cards(figures.rag_tally(counts, "count_measures", w))


def latest_and_previous(frame: pd.DataFrame, value: str, period: str) -> tuple[pd.Series | None, pd.Series | None]:
    """The latest row with a value, and the one before it (the frame is in period order)."""
    present = frame.dropna(subset=[value])
    if present.empty:
        return None, None
    return present.iloc[-1], (present.iloc[-2] if len(present) > 1 else None)


def pack_card(label: str, frame: pd.DataFrame, value: str, period: str) -> Card:
    """A headline from the pack: the latest year's figure beside its year, the year before's under it (the pack
    prints both; a rise is not in itself good or bad here)."""
    latest, previous = latest_and_previous(frame, value, period)
    if latest is None:
        return Card(label, "not available")
    lines = [] if previous is None else [(f"{previous[period]}: {format_value(previous[value], 'count', 0)}", "")]
    return Card(label, format_value(latest[value], "count", 0), str(latest[period]), lines)


def pack_headlines() -> None:
    """The pack's own headlines and its scorecard's RAG tally, as reported to the committee."""
    st.header("As reported to the committee")
    st.markdown(
        f"{chosen.la_name}'s figures from the People Scrutiny Committee agenda pack of 30 November 2021: "
        "complaints, safeguarding and the education and children's services data matrix. Every figure links back "
        "to the line of the pack it came from (see *Sources and methods*)."
    )
    received = data.complaint_measure_by_year("complaints_received")
    streams = data.stream_names()
    adults = data.adult_safeguarding_by_year()
    funnel = data.children_demand_funnel()
    referrals = funnel[funnel["stage"] == "referrals"]
    ui.cards(
        [
            pack_card(f"{streams[s]} complaints", received[received["stream"] == s], "value", "period_label")
            for s in ("general", "adult_social_care", "childrens_social_care")
        ]
        + [
            pack_card("Adult safeguarding concerns", adults, "count_concerns_raised", "financial_year"),
            pack_card("Section 42 enquiries started", adults, "count_s42_enquiries_started", "financial_year"),
            pack_card("Referrals to children's social care", referrals, "count_at_stage", "financial_year"),
        ]
    )
    st.caption(
        "Each figure is shown beside the year before: a rise in complaints or referrals is not in itself good or bad."
    )
    st.subheader("RAG tally of the pack's scorecard")
    counts = data.scorecard_rag_counts()
    whole = int(counts["count_indicators_in_scorecard"].iloc[0]) if len(counts) else 0
    st.markdown(
        f"The pack's own scorecard of {whole:,} indicators, in the latest year it printed for each. It differs from "
        "the tally from DfE's data above because it counts other things: the pack's indicators as the committee saw "
        "them in November 2021 (many with no band printed, so not rated), where DfE's tally counts the measures DfE "
        "publishes in the same topics in their latest period now."
    )
    ui.cards(figures.rag_tally(counts, "count_indicators", w))


dfe_headlines()
if chosen.is_document_authority:
    pack_headlines()
