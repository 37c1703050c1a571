"""The Benchmarks page's part for the authority the pack is about: the pack's data matrix as reported to the
committee (its ranks, bands and neighbours' averages as printed, each with its line), beside every version of the
same figures DfE has published since, and the pack's scorecard for a topic."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, data, focus, history, ui
from streamlit_app.downloads import Table
from streamlit_app.figures import Words
from streamlit_app.formatting import benchmark_summary, format_value, rag_text, rank_text
from streamlit_app.layout import Card


@st.fragment
def pack_layer(chosen: focus.Focus, w: Words) -> None:
    """The pack's data matrix for the authority it is about, exactly as printed. A fragment: choosing a topic or an
    indicator redraws this part of the page only."""
    st.header("As reported to the committee")
    st.markdown(
        f"{chosen.la_name}'s figures as printed in the People Scrutiny Committee agenda pack of 30 November 2021 "
        "(Appendix 1), with the pack's ranks, bands and neighbours' averages, beside what DfE has published since."
    )
    topics = data.topics()
    first = next(iter(i for i in data.headlines()["indicator_id"] if isinstance(i, str)), None)
    first_topic = data.indicator(first).get("topic") if first else None
    left, right = st.columns([1, 2])
    with left:
        topic = focus.choice("topic", list(topics), first_topic, "Topic", format_func=topics.get, key="topic")
        search = st.text_input("Search indicators by name", key="search")
    candidates = data.indicators(None if search else topic, search)
    if candidates.empty:
        st.info(f"No indicator matches “{search}”. Clear the search to pick from the topic.")
        return
    labels = dict(zip(candidates["indicator_id"], candidates["indicator_label"], strict=True))
    default = first if first in labels else next(iter(labels))
    with right:
        indicator_id = focus.choice(
            "indicator", list(labels), default, "Indicator", format_func=labels.get, key="indicator"
        )
    pack_indicator(chosen, indicator_id, w)


def pack_indicator(chosen: focus.Focus, indicator_id: str, w: Words) -> None:
    meta = data.indicator(indicator_id)
    series = data.benchmark_series(indicator_id)
    unit, decimals, polarity = meta["unit"], meta["decimal_places"], meta["polarity"]
    st.subheader(meta["indicator_label"])
    st.caption(
        f"{meta['topic_label']}. Unit: {ui.unit_words(unit)}. {w.polarity.get(polarity, '').capitalize()}. "
        f"Collection: {meta['source_collection']}."
    )
    latest_rows = series[series["southend_value"].notna()]
    latest = latest_rows.iloc[-1] if len(latest_rows) else series.iloc[-1]
    period = str(latest["period_label"])
    summary = benchmark_summary(
        meta["indicator_label"],
        unit,
        decimals,
        period,
        latest["southend_value"],
        latest["england_value"],
        latest["comparison_with_england"],
        latest["sn_average_value"],
        latest["comparison_with_neighbours"],
        latest["direction_of_travel"],
        latest["southend_missing_reason"],
    )
    band = latest["quartile_band"]
    ui.cards(
        [
            Card(
                chosen.la_name,
                format_value(latest["southend_value"], unit, decimals, latest["southend_missing_reason"]),
                period,
            ),
            Card("England", format_value(latest["england_value"], unit, decimals), period),
            Card("Neighbours' average", format_value(latest["sn_average_value"], unit, decimals), period),
            Card(
                "Rank among English authorities (1 = best)",
                rank_text(latest["southend_rank"], unstated=w.pack_rank_count, not_ranked="not ranked in the pack"),
                period,
                [] if pd.isna(band) else [(w.band.get(band, band), "")],
            ),
        ]
    )
    table = (
        Table(len(series))
        .text("Period", series["period_label"])
        .number(chosen.la_name, series["southend_value"], unit, decimals, series["southend_missing_reason"])
        .number("England", series["england_value"], unit, decimals)
        .number("Neighbours' average", series["sn_average_value"], unit, decimals)
        .number(
            "Rank (1 = best)",
            series["southend_rank"],
            "rank",
            0,
            shown=[rank_text(v, not_ranked="not printed") for v in series["southend_rank"]],
        )
        .text("Band", [w.band.get(v, "not printed") for v in series["quartile_band"]])
        .number("Gap to England", series["gap_to_england"], unit, decimals, gap=True)
    )
    ui.chart_with_table(
        charts.line_chart(
            series,
            "period_label",
            ui.unit_words(unit),
            columns={
                "southend_value": chosen.la_name,
                "england_value": "England",
                "sn_average_value": "Neighbours' mean",
            },
            focus=chosen.la_name,
            decimals=decimals,
        ),
        table,
        summary + f" Ranks are the pack's, printed without a count: {w.pack_rank_count}.",
        key=f"benchmark-{indicator_id}",
        caption=ui.provenance_caption(
            latest["source_section"],
            latest["source_table"],
            [*series["southend_value_source_line"], *series["england_value_source_line"], *series["rank_source_line"]],
        ),
    )
    dfe_versions(chosen, indicator_id, meta, unit, decimals)
    topic_scorecard(chosen, meta["topic"], meta["topic_label"], w)


@st.fragment
def topic_scorecard(chosen: focus.Focus, topic: str, topic_label: str, w: Words) -> None:
    """The pack's scorecard of a topic, filtered and sorted: a fragment, so its switches redraw it alone."""
    st.subheader(f"The pack's scorecard: {topic_label}")
    card = data.scorecard(topic)
    rag_filter = st.multiselect(
        "Show RAG status", list(w.rag), default=list(w.rag), format_func=lambda s: rag_text(s, w.rag), key="rag"
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
        .number(chosen.la_name, card["latest_southend_value"], units, places)
        .number("England", card["latest_england_value"], units, places)
        .number("Neighbours' average", card["latest_sn_average_value"], units, places)
        .number("Gap to England", card["gap_to_england"], units, places, gap=True)
        .number(
            "Rank (1 = best)",
            card["latest_rank"],
            "rank",
            0,
            shown=[rank_text(v, not_ranked="not printed") for v in card["latest_rank"]],
        )
        .text("Band", [w.band.get(v, "not printed") for v in card["latest_quartile_band"]])
        .text("RAG", [rag_text(s, w.rag) for s in card["rag_status"]])
    )
    st.markdown(
        "RAG, by the pack's own definitions: "
        + "; ".join(f"{rag_text(s, w.rag)} – {w.rag_meaning[s]}" for s in w.rag if s in w.rag_meaning)
        + f" Ranks are the pack's: {w.pack_rank_count}."
    )
    ui.data_table(scorecard_table, key=f"scorecard-{topic}", title=f"The pack's scorecard: {topic_label}")


@st.fragment
def dfe_versions(chosen: focus.Focus, indicator_id: str, meta: dict, unit: str, decimals: object) -> None:
    """What the committee saw beside every version DfE has published of the same figures, as published on a chosen
    date, and the latest year's revision history. A fragment: choosing the date redraws this part only."""
    if not chosen.has_dfe_data:
        return
    dfe = data.pack_figures_across_vintages(indicator_id, chosen.la_number)
    if dfe.empty:
        return
    st.subheader("DfE's published versions of these figures")
    published_at, vintage = history.as_published_picker("benchmarks")
    on_column = f"DfE on {ui.day(vintage['committed_on'])}" if published_at is not None else "DfE now"
    if published_at is None:
        shown = dfe["latest_value"].tolist()
    else:
        then = data.pack_figures_as_published(indicator_id, chosen.la_number, published_at)
        values_then = dict(zip(then["pack_period_label"], then["value"], strict=True))
        shown = [values_then.get(period) for period in dfe["pack_period_label"]]
    published = data.pack_figure_values_published(indicator_id, chosen.la_number)
    paths = {
        period: " → ".join(
            f"{format_value(v, unit, decimals)} ({ui.day(d)})"
            for v, d in zip(rows["value"], rows["valid_from_date"], strict=True)
        )
        for period, rows in published.groupby("pack_period_label", sort=False)
    }
    table = (
        Table(len(dfe))
        .text("Period", dfe["pack_period_label"])
        .number("Committee saw (pack)", dfe["pack_value"], unit, decimals)
        .number("DfE, first held", dfe["earliest_value"], unit, decimals)
        .text("DfE first held on", [ui.day(d) for d in dfe["earliest_vintage_date"]])
        .number(on_column, shown, unit, decimals)
        .number("Revisions by DfE", dfe["count_revisions"], "count", 0)
        .text("Every value published", [paths.get(p, "") for p in dfe["pack_period_label"]])
    )
    revised = dfe[dfe["count_revisions"] > 0]
    st.markdown(
        "The pack's figures for this indicator in DfE's published versions: "
        + (
            "DfE has not revised any of them since November 2024."
            if revised.empty
            else "DfE revised " + ", ".join(revised["pack_period_label"]) + " since November 2024."
        )
    )
    ui.data_table(table, key=f"dfe-versions-{indicator_id}", title=f"{meta['indicator_label']}: DfE's versions")
    latest_year = dfe.iloc[-1]
    history.figure_history(
        data.lait_figure_history(latest_year["measure_code"], chosen.la_number, latest_year["period_label_base"]),
        f"{meta['indicator_label']}, {latest_year['pack_period_label']}",
        unit,
        decimals,
        key=f"benchmark-history-{indicator_id}",
        words=data.missing_words("dfe_lait"),
    )
