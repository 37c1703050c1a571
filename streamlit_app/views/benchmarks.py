"""Benchmarks: the focus authority against England and its statistical neighbours. For the authority the committee
pack is about, first the pack's data matrix as reported to the committee; for any authority, the data matrix
generated from DfE's latest data, topic by topic, with the workbook to download."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from streamlit_app import data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import RAG_LABELS, benchmark_summary, format_value, vintage_statement

st.title("Benchmarks: an authority, England and its statistical neighbours")
ui.require_warehouse()
chosen = focus.choose()
headline = data.headlines()
HEADLINE_INDICATORS = [i for i in headline["indicator_id"].tolist() if isinstance(i, str)]


@st.fragment
def pack_layer() -> None:
    """The pack's data matrix for the authority it is about, exactly as printed (with its lines). A fragment:
    choosing a topic or an indicator redraws this part of the page only."""
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
    table = (
        Table(len(series))
        .text("Period", series["period_label"])
        .number("Southend", series["southend_value"], unit, decimals, series["southend_missing_reason"])
        .number("England", series["england_value"], unit, decimals)
        .number("Neighbours' average", series["sn_average_value"], unit, decimals)
        .number(
            "Rank",
            series["southend_rank"],
            "rank",
            0,
            shown=["not available" if pd.isna(v) else str(int(v)) for v in series["southend_rank"]],
        )
        .text("Band", ["not available" if pd.isna(v) else v for v in series["quartile_band"]])
        .number("Gap to England", series["gap_to_england"], unit, decimals, gap=True)
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

    dfe_versions(indicator_id, meta, unit, decimals)

    topic_scorecard(meta["topic"])


@st.fragment
def topic_scorecard(topic: str) -> None:
    """The scorecard of a topic, filtered and sorted: a fragment, so its switches redraw it alone."""
    st.subheader("Scorecard for the topic")
    card = data.scorecard(topic)
    rag_filter = st.multiselect(
        "Show RAG status", list(RAG_LABELS), default=list(RAG_LABELS), format_func=RAG_LABELS.get, key="rag"
    )
    card = card[card["rag_status"].isin(rag_filter)]
    sort_by = st.radio("Sort by", ["Indicator", "Rank", "Gap to England"], horizontal=True, key="sort")
    if sort_by == "Rank":
        card = card.sort_values("latest_rank", na_position="last")
    elif sort_by == "Gap to England":
        card = card.sort_values("gap_to_england", na_position="last")

    units, places = card["unit"].tolist(), card["decimal_places"].tolist()
    scorecard_table = (
        Table(len(card))
        .text("Indicator", card["indicator_label"])
        .text("Period", card["latest_period_label"])
        .number("Southend", card["latest_southend_value"], units, places)
        .number("England", card["latest_england_value"], units, places)
        .number("Neighbours", card["latest_sn_average_value"], units, places)
        .text("Compared with England", card["comparison_with_england"].fillna("not available"))
        .number("Gap to England", card["gap_to_england"], units, places, gap=True)
        .number("Gap to neighbours", card["gap_to_neighbours"], units, places, gap=True)
        .number(
            "Rank",
            card["latest_rank"],
            "rank",
            0,
            shown=["not available" if pd.isna(v) else str(int(v)) for v in card["latest_rank"]],
        )
        .text("Band", card["latest_quartile_band"].fillna("none"))
        .text("Direction", card["direction_of_travel"].fillna("not available").str.replace("_", " "))
        .text("RAG", card["rag_status"].map(RAG_LABELS))
    )
    st.markdown(
        f"{len(card)} indicators shown. RAG: green = band A, amber = band B or C, red = band D "
        "(the pack's own definitions; see Sources and methods)."
    )
    ui.data_table(scorecard_table, key=f"scorecard-{topic}", title=f"Scorecard: {topic}")


@st.fragment
def dfe_versions(indicator_id: str, meta: dict, unit: str, decimals: object) -> None:
    """What the committee saw beside every version DfE has published of the same figures, as published on a chosen
    date, and the latest year's revision history. A fragment: choosing the date redraws this part only."""
    if not chosen.has_dfe_data:
        return
    dfe = data.pack_figures_across_vintages(indicator_id, chosen.la_number)
    if dfe.empty:
        return
    st.subheader("DfE's published versions of these figures")
    published_at, vintage = ui.as_published_picker("benchmarks")
    on_column = f"DfE on {pd.Timestamp(vintage['committed_on']).date()}" if published_at is not None else "DfE now"
    if published_at is None:
        shown = dfe["latest_value"].tolist()
    else:
        then = data.pack_figures_as_published(indicator_id, chosen.la_number, published_at)
        values_then = dict(zip(then["pack_period_label"], then["value"], strict=True))
        shown = [values_then.get(period) for period in dfe["pack_period_label"]]
    table = (
        Table(len(dfe))
        .text("Period", dfe["pack_period_label"])
        .number("Committee saw (pack)", dfe["pack_value"], unit, decimals)
        .number(
            "DfE, first held",
            dfe["earliest_value"],
            unit,
            decimals,
            shown=[
                f"{format_value(v, unit, decimals)} ({pd.Timestamp(d).date()})"
                for v, d in zip(dfe["earliest_value"], dfe["earliest_vintage_date"], strict=True)
            ],
        )
        .text("DfE first held on", [str(pd.Timestamp(d).date()) for d in dfe["earliest_vintage_date"]], on_screen=False)
        .number(on_column, shown, unit, decimals)
        .number("Revisions by DfE", dfe["count_revisions"], "count", 0)
        .text("Every value published", dfe["revision_path"])
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
    ui.data_table(table, key=f"dfe-versions-{indicator_id}", title=f"{meta['indicator_label']}: DfE's versions")
    latest_year = dfe.iloc[-1]
    ui.figure_history(
        data.lait_figure_history(latest_year["measure_code"], chosen.la_number, latest_year["period_label_base"]),
        f"{meta['indicator_label']}, {latest_year['pack_period_label']}",
        unit,
        decimals,
        key=f"benchmark-history-{indicator_id}",
        words=data.missing_words("dfe_lait"),
    )


@st.fragment
def generated_matrix() -> None:
    """The data matrix generated from DfE's latest data for the focus authority and group, one topic at a time. A
    fragment: choosing a topic redraws the matrix only."""
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
    vintages = data.lait_vintages()
    if not vintages.empty:
        latest = vintages.iloc[-1].to_dict()
        st.caption(vintage_statement(latest, latest))
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

    def ranked(rank: object, count: object) -> str:
        return "" if pd.isna(rank) else f"{int(rank)} of {int(count)}"

    def rank_columns(table: Table, header: str, rank: str, count: str) -> Table:
        """A rank shown as "12 of 152"; downloaded as the rank and the number of authorities ranked."""
        shown = [ranked(a, b) for a, b in zip(rows[rank], rows[count], strict=True)]
        table.number(header, rows[rank], "rank", 0, shown=shown)
        return table.number(f"{header}: authorities ranked", rows[count], "count", 0, on_screen=False)

    units, places = rows["unit_label"].tolist(), rows["decimal_places"].tolist()
    table = (
        Table(len(rows))
        .text("Measure", rows["measure_label"])
        .text("Latest period", rows["latest_period_label"])
        .number(
            chosen.la_name, rows["latest_value"], units, places, [words.get(r) for r in rows["latest_missing_reason"]]
        )
    )
    rank_columns(table, "Rank (1 = best)", "rank_among_las", "count_las_ranked")
    (
        table.text("Band", rows["quartile_band"].fillna(""))
        .number("England", rows["england_value"], units, places)
        .number("Region", rows["region_value"], units, places)
        .number("Neighbours' average (mean)", rows["neighbours_average_value"], units, places)
        .number("Neighbours with a value", rows["count_neighbours_with_value"], "count", 0)
        .number("Neighbours' median", rows["neighbours_median_value"], units, places)
        .text("Direction", rows["direction_of_travel"].fillna("").str.replace("_", " "))
    )
    rank_columns(table, "Year-on-year improvement rank", "improvement_rank_yoy", "count_las_ranked_yoy")
    table.text("Year-on-year band", rows["improvement_band_yoy"].fillna(""))
    rank_columns(table, "Three-year improvement rank", "improvement_rank_3yr", "count_las_ranked_3yr")
    table.text("Three-year band", rows["improvement_band_3yr"].fillna("")).text(
        "RAG", rows["rag_status"].map(RAG_LABELS)
    )
    st.markdown(
        f"{labels[topic]}: {len(rows)} measures, the latest period DfE publishes for each. The neighbours' average "
        "is the mean of the neighbours with a value (what the pack prints); the median is beside it. RAG: green = "
        "band A, amber = band B or C, red = band D, as the pack defines it."
    )
    ui.data_table(
        table, key=f"matrix-{chosen.la_number}-{chosen.group_id}-{topic}", title=f"Data matrix: {labels[topic]}"
    )
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
    from scrutiny.outputs.matrix.layout import BuildInfo, heading, notes_rows
    from scrutiny.outputs.matrix.workbook import write_workbook

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
    notes = notes_rows(rows, info, data.matrix_neighbours(la_number, group_id), "pack")
    write_workbook(rows, heading(rows, info), notes, data.inspections(la_number), data.paper_words(), buffer)
    return buffer.getvalue()


if chosen.is_document_authority:
    pack_layer()
generated_matrix()
