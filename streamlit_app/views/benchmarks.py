"""Benchmarks: any indicator of the pack's data matrix, Southend against England and its statistical neighbours."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, ui
from streamlit_app.formatting import RAG_LABELS, benchmark_summary, format_gap, format_value

st.title("Benchmarks: Southend, England and statistical neighbours")
ui.require_warehouse()

topics = data.topics()
TOPIC_NAMES = {t: t.replace("_", " ").replace("ks", "KS ").capitalize() for t in topics}

left, right = st.columns([1, 2])
with left:
    topic = st.selectbox("Topic", topics, format_func=TOPIC_NAMES.get, key="topic")
    search = st.text_input("Search indicators by name", key="search")
candidates = data.indicators(None if search else topic, search)
if candidates.empty:
    st.info(f"No indicator matches “{search}”. Clear the search to pick from the topic.")
    st.stop()
labels = dict(zip(candidates["indicator_id"], candidates["indicator_label"], strict=True))
with right:
    indicator_id = st.selectbox("Indicator", list(labels), format_func=labels.get, key="indicator")

meta = data.indicator(indicator_id)
series = data.benchmark_series(indicator_id)
unit, decimals, polarity = meta["unit"], meta["decimal_places"], meta["polarity"]
st.header(meta["indicator_label"])
direction_text = {"high_better": "Higher is better.", "low_better": "Lower is better."}.get(
    polarity, "Neither higher nor lower is better: this is context."
)
st.caption(f"Unit: {unit.replace('_', ' ')}. {direction_text} Collection: {meta['source_collection']}.")

latest_rows = series[series["southend_value"].notna()]
latest = latest_rows.iloc[-1] if len(latest_rows) else series.iloc[-1]
summary = benchmark_summary(
    meta["indicator_label"],
    unit,
    decimals,
    latest["period_label"],
    latest["southend_value"],
    latest["england_value"],
    latest["comparison_with_england"],
    latest["sn_average_value"],
    latest["comparison_with_neighbours"],
    latest["direction_of_travel"],
    latest["southend_missing_reason"],
)

metrics = [*st.columns(2), *st.columns(2)]
metrics[0].metric(
    f"Southend, {latest['period_label']}",
    format_value(latest["southend_value"], unit, decimals, latest["southend_missing_reason"]),
)
metrics[1].metric("England", format_value(latest["england_value"], unit, decimals))
metrics[2].metric("Neighbours' average", format_value(latest["sn_average_value"], unit, decimals))
rank = latest["southend_rank"]
band = latest["quartile_band"]
metrics[3].metric(
    "Rank among English authorities (band)",
    "not available" if pd.isna(rank) else f"{int(rank)} of 152" + ("" if pd.isna(band) else f" (band {band})"),
)

long = series.melt(
    id_vars=["period_label"],
    value_vars=["southend_value", "england_value", "sn_average_value"],
    var_name="series",
    value_name="value",
).replace(
    {"series": {"southend_value": "Southend", "england_value": "England", "sn_average_value": "Neighbours' average"}}
)
table = pd.DataFrame(
    {
        "Period": series["period_label"],
        "Southend": [
            format_value(v, unit, decimals, r)
            for v, r in zip(series["southend_value"], series["southend_missing_reason"], strict=True)
        ],
        "England": [format_value(v, unit, decimals) for v in series["england_value"]],
        "Neighbours' average": [format_value(v, unit, decimals) for v in series["sn_average_value"]],
        "Rank": ["not available" if pd.isna(v) else str(int(v)) for v in series["southend_rank"]],
        "Band": ["not available" if pd.isna(v) else v for v in series["quartile_band"]],
        "Gap to England": [format_gap(v, unit, decimals) for v in series["gap_to_england"]],
    }
)
ui.chart_with_table(
    ui.series_chart(long, "period_label", "value", "series", unit.replace("_", " ")),
    table,
    summary,
    key=f"benchmark-{indicator_id}",
    caption=ui.provenance_caption(
        latest["source_section"],
        latest["source_table"],
        [*series["southend_value_source_line"], *series["england_value_source_line"], *series["rank_source_line"]],
    ),
)

# DfE's published versions of the same figures: what the committee saw against what DfE published, and when
pack_la_number = data.pack_authority_la_number()
dfe = data.pack_figures_across_vintages(indicator_id, pack_la_number) if pack_la_number else pd.DataFrame()
if not dfe.empty:
    st.subheader("DfE's published versions of these figures")
    published_at, vintage = ui.as_published_picker("benchmarks")
    chosen = (
        data.pack_figures_as_published(indicator_id, pack_la_number, published_at).set_index("pack_period_label")
        if published_at is not None
        else None
    )
    on_column = f"DfE on {pd.Timestamp(vintage['committed_on']).date()}" if published_at is not None else "DfE now"
    dfe_table = pd.DataFrame(
        {
            "Period": dfe["pack_period_label"],
            "Committee saw (pack)": [format_value(v, unit, decimals) for v in dfe["pack_value"]],
            "DfE, first held": [
                f"{format_value(v, unit, decimals)} ({pd.Timestamp(d).date()})"
                for v, d in zip(dfe["earliest_value"], dfe["earliest_vintage_date"], strict=True)
            ],
            on_column: [
                format_value(v, unit, decimals)
                for v in (
                    dfe["latest_value"]
                    if chosen is None
                    else [chosen["value"].get(p) if p in chosen.index else None for p in dfe["pack_period_label"]]
                )
            ],
            "Revisions by DfE": dfe["count_revisions"],
            "Every value published": dfe["revision_path"],
        }
    )
    revised = dfe[dfe["count_revisions"] > 0]
    st.markdown(
        f"{len(dfe)} of the pack's figures for this indicator are in DfE's published versions; "
        + (
            "DfE has not revised any of them since November 2024."
            if revised.empty
            else f"DfE revised {len(revised)} of them since November 2024 ("
            + ", ".join(revised["pack_period_label"])
            + ")."
        )
    )
    st.dataframe(dfe_table, hide_index=True, width="stretch")
    latest_year = dfe.iloc[-1]
    ui.figure_history(
        data.lait_figure_history(latest_year["measure_code"], pack_la_number, latest_year["period_label_base"]),
        f"{meta['indicator_label']}, {latest_year['pack_period_label']}",
        unit,
        decimals,
        key=f"benchmark-history-{indicator_id}",
    )

st.subheader("Scorecard for the topic")
card = data.scorecard(meta["topic"])
rag_filter = st.multiselect(
    "Show RAG status", list(RAG_LABELS), default=list(RAG_LABELS), format_func=RAG_LABELS.get, key="rag"
)
card = card[card["rag_status"].isin(rag_filter)]
sort_by = st.radio("Sort by", ["Indicator", "Rank", "Gap to England"], horizontal=True, key="sort")
if sort_by == "Rank":
    card = card.sort_values("latest_rank", na_position="last")
elif sort_by == "Gap to England":
    card = card.sort_values("gap_to_england", na_position="last")


def in_units(frame: pd.DataFrame, column: str, formatter=format_value) -> list[str]:
    """A column of the scorecard written with each row's own unit and decimal places."""
    return [formatter(v, u, d) for v, u, d in zip(frame[column], frame["unit"], frame["decimal_places"], strict=True)]


scorecard_table = pd.DataFrame(
    {
        "Indicator": card["indicator_label"],
        "Period": card["latest_period_label"],
        "Southend": [
            format_value(v, u, d)
            for v, u, d in zip(card["latest_southend_value"], card["unit"], card["decimal_places"], strict=True)
        ],
        "England": [
            format_value(v, u, d)
            for v, u, d in zip(card["latest_england_value"], card["unit"], card["decimal_places"], strict=True)
        ],
        "Neighbours": [
            format_value(v, u, d)
            for v, u, d in zip(card["latest_sn_average_value"], card["unit"], card["decimal_places"], strict=True)
        ],
        "Compared with England": card["comparison_with_england"].fillna("not available"),
        "Gap to England": [
            format_gap(v, u, d)
            for v, u, d in zip(card["gap_to_england"], card["unit"], card["decimal_places"], strict=True)
        ],
        "Gap to neighbours": [
            format_gap(v, u, d)
            for v, u, d in zip(card["gap_to_neighbours"], card["unit"], card["decimal_places"], strict=True)
        ],
        "Rank": ["not available" if pd.isna(v) else str(int(v)) for v in card["latest_rank"]],
        "Band": card["latest_quartile_band"].fillna("none"),
        "Direction": card["direction_of_travel"].fillna("not available").str.replace("_", " "),
        "RAG": card["rag_status"].map(RAG_LABELS),
    }
)
st.markdown(
    f"{len(card)} indicators shown. RAG: green = band A, amber = band B or C, red = band D "
    "(the pack's own definitions; see Sources and methods)."
)
st.dataframe(scorecard_table, hide_index=True, width="stretch")
st.download_button(
    "Download the scorecard (CSV)",
    scorecard_table.to_csv(index=False).encode("utf-8"),
    file_name=f"scorecard-{meta['topic']}.csv",
    mime="text/csv",
    key="download-scorecard",
)
