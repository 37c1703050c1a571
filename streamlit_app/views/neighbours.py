"""Neighbours: any DfE measure for any focus authority, each of its statistical neighbours, England and the
region, from DfE's Local Authority Interactive Tool extract."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, data, focus, history, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import format_value, not_available, rank_text

st.title("Neighbours: every authority's value from DfE's data")
ui.require_warehouse()
if not data.lait_loaded():
    st.info(
        "DfE's LAIT extract was not loaded into this warehouse, so there is nothing to show here. Point "
        "`SCRUTINY_LAIT_DIR` at a folder holding the extract (or run `make fetch-lait` where the internet is "
        "reachable) and rebuild with `make build`."
    )
    st.stop()

chosen = focus.choose()
focus_la, group, focus_name = chosen.la_number, chosen.group_id, chosen.la_name
search = st.text_input("Search measures", key="measure-search")
measures = data.lait_measures(search)
if measures.empty:
    st.info(f"No measure matches “{search}”.")
    st.stop()
labels = dict(zip(measures["measure_code"], measures["topic"] + ": " + measures["measure_label"], strict=True))
headlines = [m for m in data.headline_measure_codes() if m in labels]
measure = focus.choice(
    "measure", list(labels), headlines[0] if headlines else next(iter(labels)), "Measure", format_func=labels.get
)
focus.unrecognised("measure", labels[measure])
words = data.missing_words("dfe_lait")
meta = measures.set_index("measure_code").loc[measure]
decimals = 1 if pd.isna(meta["decimal_places"]) else int(meta["decimal_places"])
#: DfE's own unit label ("% achieving expected level", "Rate per 10,000"): a percentage is written with "%".
unit = str(meta["unit_label"])

# "As published on": the page recomputed from the version of DfE's data chosen (from its publication to the next)
published_at, vintage = history.as_published_picker("neighbours")
if published_at is None:
    series = data.lait_series(group, focus_la, measure)
else:
    series = data.lait_series_as_published(group, focus_la, measure, published_at).assign(
        is_revised=False,
        is_provisional=False,
        region_value=float("nan"),
        neighbours_median_value=float("nan"),
        change_from_previous=float("nan"),
        count_consecutive_periods_improved=float("nan"),
    )
if series.empty:
    st.info(
        "DfE publishes no value of this measure for this authority"
        + (" in that version." if published_at is not None else ".")
    )
    st.stop()


@st.fragment
def period_view() -> None:
    """The chosen period's figures, the series over time and the revision history: a fragment, so choosing the
    period redraws this part of the page only."""
    periods = series["period_label"].tolist()
    period = st.selectbox("Period", periods, index=len(periods) - 1, key="period")
    row = series.set_index("period_label").loc[period]
    period_base = (
        data.lait_period_label_base(measure, period) if published_at is None else str(row["period_label_base"])
    )

    st.header(f"{meta['measure_label']} ({meta['unit_label']})")
    revisions = data.lait_revisions(measure, focus_la)
    revised = revisions[revisions["is_revised"].fillna(False)]
    if not revised.empty:
        st.warning(
            "Revised since the committee saw it: "
            + "; ".join(
                f"{r.pack_period_label} was {format_value(r.pack_value, unit, decimals)} in the pack (text line "
                f"{r.pack_source_line}), DfE now publishes {format_value(r.extract_value, unit, decimals)}"
                for r in revised.itertuples()
            )
            + ".",
            icon=":material/warning:",
        )
    elif not revisions.empty:
        st.success(
            "The value the committee saw in the pack is unchanged in DfE's latest data.", icon=":material/check_circle:"
        )

    if published_at is None:
        values = data.lait_neighbour_values(group, focus_la, measure, period)
    else:
        values = data.lait_neighbour_values_as_published(group, focus_la, measure, period_base, published_at)
    bars = pd.concat(
        [
            values.assign(area=values["la_name"], role=values["is_focus"].map({True: focus_name, False: "Neighbour"})),
            pd.DataFrame(
                {
                    "area": ["England", "Region"],
                    "value": [row["england_value"], row["region_value"]],
                    "role": ["England", "Region"],
                    "missing_reason": [None, None],
                }
            ),
        ],
        ignore_index=True,
    )
    summary = (
        f"{meta['measure_label']}, {period}: {focus_name} "
        f"{format_value(row['focus_value'], unit, decimals, words.get(row['focus_missing_reason']))}; "
        "neighbours' average "
        f"{format_value(row['neighbours_average_value'], unit, decimals)} (mean of the "
        f"{format_value(row['count_neighbours_with_value'], 'count', 0)} of "
        f"{format_value(row['count_neighbours_in_group'], 'count', 0)} neighbours with a value); England "
        f"{format_value(row['england_value'], unit, decimals)}."
    )
    if not pd.isna(row["rank_among_las"]):
        summary += " " + rank_text(row["rank_among_las"], row["count_las_ranked"]).capitalize() + " authorities"
        summary += "." if pd.isna(row["quartile_band"]) else f", quartile band {row['quartile_band']}."
    ui.chart_with_table(
        charts.bar_chart(bars, "area", "value", meta["unit_label"], colour="role", decimals=decimals),
        Table(len(bars))
        .text("Area", bars["area"])
        .text("Role", bars["role"])
        .number("Value", bars["value"], meta["unit_label"], decimals, [words.get(r) for r in bars["missing_reason"]]),
        summary,
        key=f"neighbours-{focus_la}-{group}-{measure}-{period}",
        caption="Source: DfE's Local Authority Interactive Tool extract; averages, ranks and bands computed here.",
    )

    st.subheader("Over time")
    ui.chart_with_table(
        charts.line_chart(
            series,
            "period_label",
            meta["unit_label"],
            columns=charts.benchmark_columns(focus_name),
            focus=focus_name,
            decimals=decimals,
        ),
        Table(len(series))
        .text("Period", series["period_label"])
        .number(
            focus_name,
            series["focus_value"],
            meta["unit_label"],
            decimals,
            [words.get(r) for r in series["focus_missing_reason"]],
        )
        .number("England", series["england_value"], meta["unit_label"], decimals)
        .number("Neighbours' mean", series["neighbours_average_value"], meta["unit_label"], decimals)
        .number("Neighbours' median", series["neighbours_median_value"], meta["unit_label"], decimals)
        .text("Revised", series["is_revised"].map({True: "revised", False: ""}))
        .text("Provisional", series["is_provisional"].map({True: "provisional", False: ""})),
        f"{focus_name} against its neighbours' average, their median and England from {periods[0]} to {periods[-1]}; "
        + (
            not_available()
            if pd.isna(row["count_consecutive_periods_improved"])
            else f"{int(row['count_consecutive_periods_improved'])} consecutive periods of improvement up to {period}."
        ),
        key=f"neighbours-series-{focus_la}-{group}-{measure}",
    )

    st.subheader("Revision history")
    st.markdown(
        f"Every value DfE has published for {focus_name}'s {period_base} figure, with the dates it stood. A "
        "re-rounded or relabelled value is the same figure; only a revision changes it."
    )
    history.figure_history(
        data.lait_figure_history(measure, focus_la, period_base),
        f"{meta['measure_label']}, {focus_name}, {period_base}",
        unit,
        decimals,
        key=f"neighbours-{focus_la}-{measure}-{period_base}",
        words=words,
    )


period_view()
