"""Benchmarks: any authority against England and its statistical neighbours on DfE's data (the chosen measure's
figures, its trend with England and the neighbours' mean and median for every period DfE gives, the RAG tally and
the scorecard of every DfE measure in the pack's topics, with the workbook to download); for the authority the
pack is about, then the pack's data matrix as reported to the committee."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from streamlit_app import charts, data, figures, focus, pack_benchmarks, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import format_value, rag_text, rank_text

st.title("Benchmarks: an authority, England and its statistical neighbours")
ui.require_warehouse()
chosen = focus.choose()
w = figures.words()


def dfe_benchmarks() -> None:
    """The focus authority on DfE's latest data: one measure in depth, then the scorecard of all of them."""
    st.header(f"{chosen.la_name} on DfE's latest data")
    if not chosen.has_dfe_data:
        st.info(
            "DfE's LAIT extract was not loaded into this warehouse, so only the pack's own figures are shown. Point "
            "`SCRUTINY_LAIT_DIR` at the extract and rebuild with `make build`."
        )
        return
    rows = data.matrix_scorecard(chosen.la_number, chosen.group_id)
    if rows.empty:
        st.info(f"DfE's data has none of the pack's measures for {chosen.la_name}.")
        return
    st.caption(f"Compared with {chosen.group_label}. {extract_sentence()} {figures.symbols_key(w)}")
    measure_in_depth(rows)
    scorecard(rows)


def extract_sentence() -> str:
    build = data.published_build()
    updated = build.get("extract_updated")
    return (
        "Source: DfE's Local Authority Interactive Tool extract"
        + (f", last updated by DfE on {ui.day(updated)}" if updated is not None and not pd.isna(updated) else "")
        + "; ranks, bands, averages and improvement ranks computed in the warehouse build."
    )


@st.fragment
def measure_in_depth(rows: pd.DataFrame) -> None:
    """One measure: its latest figures as cards and its trend. A fragment: choosing redraws this part only."""
    topics = dict(zip(rows["matrix_topic"], rows["topic_label"], strict=False))
    headline_codes = [m for m in data.headline_measure_codes() if m in set(rows["measure_code"])]
    first = rows.set_index("measure_code").loc[headline_codes[0], "matrix_topic"] if headline_codes else None
    left, right = st.columns([1, 2])
    with left:
        topic = focus.choice("matrix_topic", list(topics), first, "Topic", format_func=topics.get)
    in_topic = rows[rows["matrix_topic"] == topic]
    labels = dict(zip(in_topic["measure_code"], in_topic["measure_label"], strict=True))
    default = next((m for m in headline_codes if m in labels), next(iter(labels)))
    with right:
        measure = focus.choice("measure", list(labels), default, "Measure", format_func=labels.get)
    row = in_topic.set_index("measure_code").loc[measure].to_dict() | {"measure_code": measure}
    st.subheader(row["measure_label"])
    st.caption(f"Unit: {ui.unit_words(row['unit_label'])}. {w.polarity.get(row['polarity'], '').capitalize()}.")
    ui.cards(figures.comparator_cards(row, chosen.la_name, w))
    trend(row)


def trend(row: dict) -> None:
    """The measure over every period DfE gives: the authority, England and the neighbours' mean and median."""
    series = data.lait_series(chosen.group_id, chosen.la_number, row["measure_code"])
    if series.empty:
        return
    unit, places = row["unit_label"], row["decimal_places"]
    table = (
        Table(len(series))
        .text("Period", series["period_label"])
        .number(
            chosen.la_name,
            series["focus_value"],
            unit,
            places,
            [w.missing.get(r) for r in series["focus_missing_reason"]],
        )
        .number("England", series["england_value"], unit, places)
        .number("Neighbours' mean", series["neighbours_average_value"], unit, places)
        .number("Neighbours' median", series["neighbours_median_value"], unit, places)
        .number(
            "Rank (1 = best)",
            series["rank_among_las"],
            "rank",
            0,
            shown=[
                rank_text(r, c, not_ranked=w.not_ranked)
                for r, c in zip(series["rank_among_las"], series["count_las_ranked"], strict=True)
            ],
        )
        .number("Authorities ranked", series["count_las_ranked"], "count", 0, on_screen=False)
        .text("Band", [w.band.get(b, "") if isinstance(b, str) else "" for b in series["quartile_band"]])
    )
    first, last = series.iloc[0], series.iloc[-1]
    summary = (
        f"{row['measure_label']}: {chosen.la_name} from {first['period_label']} to {last['period_label']}, against "
        f"England and its neighbours' mean and median. In {last['period_label']}: {chosen.la_name} "
        f"{format_value(last['focus_value'], unit, places, w.missing.get(last['focus_missing_reason']))}, England "
        f"{format_value(last['england_value'], unit, places)}, neighbours' mean "
        f"{format_value(last['neighbours_average_value'], unit, places)}, median "
        f"{format_value(last['neighbours_median_value'], unit, places)}."
    )
    ui.chart_with_table(
        charts.line_chart(
            series,
            "period_label",
            ui.unit_words(unit),
            columns=charts.benchmark_columns(chosen.la_name),
            focus=chosen.la_name,
            decimals=places,
        ),
        table,
        summary,
        key=f"trend-{chosen.la_number}-{chosen.group_id}-{row['measure_code']}",
        caption="Source: DfE's Local Authority Interactive Tool extract; the neighbours' mean and median are of the "
        "neighbours with a figure for the period.",
    )


@st.fragment
def scorecard(rows: pd.DataFrame) -> None:
    """The RAG tally and every DfE measure in the pack's topics. A fragment: its filter redraws it alone."""
    st.subheader(f"Scorecard: every DfE measure in the pack's topics for {chosen.la_name}")
    counts = data.matrix_rag_counts(chosen.la_number, chosen.group_id)
    whole = int(counts["count_measures_in_pack_topics"].iloc[0]) if len(counts) else 0
    st.markdown(
        f"The RAG status of the {whole:,} measures DfE publishes in the pack's topics, in the latest period of each "
        "(the pack's rule, applied to DfE's quartile bands):"
    )
    ui.cards(figures.rag_tally(counts, "count_measures", w))
    topics = {"all": "All the pack's topics"} | dict(zip(rows["matrix_topic"], rows["topic_label"], strict=False))
    shown_topic = st.selectbox("Show topic", list(topics), format_func=topics.get, key="scorecard-topic")
    shown_topics = list(topics)[1:] if shown_topic == "all" else [shown_topic]
    rag = {"all": "Every RAG status"} | {status: rag_text(status, w.rag) for status in w.rag}
    shown_rag = st.selectbox("Show RAG status", list(rag), format_func=rag.get, key="dfe-rag")
    statuses = list(rag)[1:] if shown_rag == "all" else [shown_rag]
    chosen_rows = rows[rows["matrix_topic"].isin(shown_topics) & rows["rag_status"].isin(statuses)]
    ui.data_table(
        figures.scorecard_table(chosen_rows, chosen.la_name, w),
        key=f"scorecard-{chosen.la_number}-{chosen.group_id}",
        title=f"Scorecard: {chosen.la_name}, DfE's latest data",
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


dfe_benchmarks()
if chosen.is_document_authority:
    pack_benchmarks.pack_layer(chosen, w)
