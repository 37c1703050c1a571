"""Benchmarks: the focus authority against England and its statistical neighbours. For the authority the committee
pack is about, first the pack's data matrix as reported to the committee; for any authority, the data matrix
generated from DfE's latest data, topic by topic, with the workbook to download."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from streamlit_app import data, focus, ui
from streamlit_app.formatting import RAG_LABELS, benchmark_summary, format_gap, format_value

st.title("Benchmarks: an authority, England and its statistical neighbours")
ui.require_warehouse()
chosen = focus.choose()
headline = data.headlines()
HEADLINE_INDICATORS = [i for i in headline["indicator_id"].tolist() if isinstance(i, str)]


def pack_layer() -> None:
    """The pack's data matrix for the authority it is about, exactly as printed (with its lines)."""
    st.info(
        f"**As reported to the committee**: {chosen.la_name}'s figures as printed in the People Scrutiny Committee "
        "agenda pack of 30 November 2021 (Appendix 1), with the pack's ranks, bands and neighbours' averages. "
        "DfE's latest data for the same measures follow below.",
        icon="📄",
    )
    topics = data.topics()
    topic_names = {t: t.replace("_", " ").replace("ks", "KS ").capitalize() for t in topics}
    first = data.indicator(HEADLINE_INDICATORS[0]) if HEADLINE_INDICATORS else {}
    left, right = st.columns([1, 2])
    with left:
        topic = focus.choice(
            "topic", topics, first.get("topic", topics[0]), "Topic", format_func=topic_names.get, key="topic"
        )
        search = st.text_input("Search indicators by name", key="search")
    candidates = data.indicators(None if search else topic, search)
    if candidates.empty:
        st.info(f"No indicator matches “{search}”. Clear the search to pick from the topic.")
        return
    labels = dict(zip(candidates["indicator_id"], candidates["indicator_label"], strict=True))
    default = next((i for i in HEADLINE_INDICATORS if i in labels), next(iter(labels)))
    with right:
        indicator_id = focus.choice(
            "indicator", list(labels), default, "Indicator", format_func=labels.get, key="indicator"
        )
    pack_indicator(indicator_id)


def pack_indicator(indicator_id: str) -> None:

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
        {
            "series": {
                "southend_value": "Southend",
                "england_value": "England",
                "sn_average_value": "Neighbours' average",
            }
        }
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
        return [
            formatter(v, u, d) for v, u, d in zip(frame[column], frame["unit"], frame["decimal_places"], strict=True)
        ]

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


def generated_matrix() -> None:
    """The data matrix generated from DfE's latest data for the focus authority and group, one topic at a time."""
    st.header(f"The data matrix from DfE's latest data: {chosen.la_name}")
    if not chosen.has_dfe_data:
        st.info(
            "DfE's LAIT extract was not loaded into this warehouse, so no matrix can be generated. Point "
            "`SCRUTINY_LAIT_DIR` at the extract and rebuild with `make build`."
        )
        return
    build = data.published_build()
    updated = build.get("extract_updated")
    st.caption(
        f"Compared with {chosen.group_label}. Source: DfE's Local Authority Interactive Tool extract"
        + (f", last updated by DfE {pd.Timestamp(updated):%d %B %Y}" if updated is not None else "")
        + f"; ranks, bands, averages and improvement ranks computed in warehouse build {build['run_id']}."
    )
    topics = data.matrix_topics(chosen.la_number, chosen.group_id)
    topics = topics[topics["is_pack_topic"].astype(bool)]
    if topics.empty:
        st.info(f"DfE's data has none of the pack's measures for {chosen.la_name}.")
        return
    labels = dict(zip(topics["matrix_topic"], topics["topic_label"], strict=True))
    first_topic = headline["topic"].dropna().tolist()
    default = next((t for t in first_topic if t in labels), next(iter(labels)))
    topic = focus.choice("matrix_topic", list(labels), default, "Topic of the matrix", format_func=labels.get)
    rows = data.matrix_rows(chosen.la_number, chosen.group_id, topic)
    words = data.missing_words("dfe_lait")

    def value(v: object, r: pd.Series, reason: object = None) -> str:
        return format_value(v, None, int(r["decimal_places"]), words.get(reason) if reason else None)

    def ranked(rank: object, count: object) -> str:
        return "" if pd.isna(rank) else f"{int(rank)} of {int(count)}"

    table = pd.DataFrame(
        {
            "Measure": rows["measure_label"],
            "Latest period": rows["latest_period_label"],
            chosen.la_name: [value(r.latest_value, r, r.latest_missing_reason) for _, r in rows.iterrows()],
            "Rank (1 = best)": [
                ranked(a, b) for a, b in zip(rows["rank_among_las"], rows["count_las_ranked"], strict=True)
            ],
            "Band": rows["quartile_band"].fillna(""),
            "England": [value(r.england_value, r) for _, r in rows.iterrows()],
            "Region": [value(r.region_value, r) for _, r in rows.iterrows()],
            "Neighbours' average (mean)": [value(r.neighbours_average_value, r) for _, r in rows.iterrows()],
            "Neighbours with a value": rows["count_neighbours_with_value"],
            "Neighbours' median": [value(r.neighbours_median_value, r) for _, r in rows.iterrows()],
            "Direction": rows["direction_of_travel"].fillna("").str.replace("_", " "),
            "Year-on-year improvement rank": [
                ranked(a, b) for a, b in zip(rows["improvement_rank_yoy"], rows["count_las_ranked_yoy"], strict=True)
            ],
            "Year-on-year band": rows["improvement_band_yoy"].fillna(""),
            "Three-year improvement rank": [
                ranked(a, b) for a, b in zip(rows["improvement_rank_3yr"], rows["count_las_ranked_3yr"], strict=True)
            ],
            "Three-year band": rows["improvement_band_3yr"].fillna(""),
            "RAG": rows["rag_status"].map(RAG_LABELS),
        }
    )
    st.markdown(
        f"{labels[topic]}: {len(rows)} measures, the latest period DfE publishes for each. The neighbours' average "
        "is the mean of the neighbours with a value (what the pack prints); the median is beside it. RAG: green = "
        "band A, amber = band B or C, red = band D, as the pack defines it."
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if st.toggle("Prepare the whole matrix as an Excel workbook", key="prepare-workbook"):
        st.download_button(
            "Download the workbook (Excel)",
            matrix_workbook(chosen.la_number, chosen.group_id, data.warehouse_version()),
            file_name=f"data_matrix_{chosen.la_number}_{chosen.group_id}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="download-workbook",
        )


@st.cache_data(show_spinner="Preparing the workbook ...", max_entries=8)
def matrix_workbook(la_number: int, group_id: str, version: str) -> bytes:
    """The same workbook as `make matrix LA=<la_number> GROUP=<group_id>` writes, made from the marts (cached per
    authority, group and warehouse version)."""
    del version  # part of the cache key only
    from scrutiny.matrix import BuildInfo, write_workbook

    build = data.published_build()
    updated = build.get("extract_updated")
    info = BuildInfo(
        run_id=str(build["run_id"]),
        git_commit=str(build["git_commit"]),
        published_at=str(build["finished_at"]),
        extract_updated=str(pd.Timestamp(updated).date()) if updated is not None else "unknown",
        warehouse=data.warehouse_path(),
    )
    rows = data.matrix_rows(la_number, group_id)
    rows = rows[rows["is_in_pack_matrix"].astype(bool)]
    buffer = io.BytesIO()
    write_workbook(
        rows, info, data.matrix_neighbours(la_number, group_id), "pack", buffer, data.missing_words("dfe_lait")
    )
    return buffer.getvalue()


if chosen.is_document_authority:
    pack_layer()
generated_matrix()
