"""Streamlit building blocks shared by the pages: the warehouse guard and the "data as at" line, charts that always
come with a text summary, a table and its downloads (CSV and Excel, numbers raw), and the colour-blind-safe
palette."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import duckdb
import pandas as pd
import streamlit as st

from streamlit_app import data, downloads
from streamlit_app.formatting import change_class_label, format_value, vintage_statement

# Okabe-Ito colours with at least 3:1 contrast on white; series also differ by stroke dash and point shape,
# so colour is never the only carrier of meaning.
SERIES_STYLE = {
    "Southend": {"color": "#0072B2", "dash": [1, 0], "shape": "circle"},
    "England": {"color": "#4D4D4D", "dash": [6, 3], "shape": "square"},
    "Neighbours' average": {"color": "#C0460A", "dash": [2, 2], "shape": "triangle-up"},
}
#: Axis and legend text: Vega's default grey is below 4.5:1 on white; this is about 12.6:1.
TEXT_COLOUR = "#333333"
PALETTE = ["#0072B2", "#C0460A", "#4D4D4D", "#007A5A", "#A8447F", "#8A6D00"]


def require_warehouse() -> None:
    """Stops the page with a clear message when there is no usable warehouse: never a traceback."""
    try:
        status = data.warehouse_status()
    except duckdb.Error as error:
        st.error(f"The warehouse at `{data.warehouse_path()}` cannot be read: {error}")
        st.markdown("Rebuild it with `make build`.")
        st.stop()
    if not status.exists:
        st.warning(f"No warehouse has been published yet at `{status.path}`.")
        st.markdown(
            "Build it with `make build` (or `make run`, which also serves this app). "
            "To use another file, set `SCRUTINY_WAREHOUSE` before starting the app."
        )
        st.stop()
    if status.missing:
        st.warning(
            f"The warehouse at `{status.path}` was built by an older version of this project: "
            "it lacks " + ", ".join(f"`{m}`" for m in status.missing) + "."
        )
        st.markdown("Rebuild it with `make build`; the app picks the new warehouse up without a restart.")
        st.stop()
    show_data_as_at()


def day(value: object) -> str:
    """A date as "30 November 2021"."""
    return f"{pd.Timestamp(value).day} {pd.Timestamp(value):%B %Y}"


def as_at_sentence() -> str:
    """Which data the page shows, in one sentence: the committee pack (its meeting's date), the version of DfE's
    extract and when the warehouse was built and published, each read from the warehouse. Kept in the reader's
    session per warehouse version (a page states it once and again on every download), so a publish is seen."""
    version = data.warehouse_version()
    kept = st.session_state.get(AS_AT_KEY)
    if kept is None or kept[0] != version:
        kept = (version, _as_at_sentence(data.data_as_at()))
        st.session_state[AS_AT_KEY] = kept
    return kept[1]


#: Where the session keeps (warehouse version, data-as-at sentence).
AS_AT_KEY = "_data_as_at"


def _as_at_sentence(found: dict) -> str:
    parts = []
    if found["meeting_date"] is not None and not pd.isna(found["meeting_date"]):
        parts.append(f"the {found['meeting_name']} pack of {day(found['meeting_date'])}")
    extract = []
    if found["vintage_id"] is not None:
        extract.append(f"as published on {day(found['vintage_committed_at'])} (version {found['vintage_id']})")
    if found["extract_updated"] is not None and not pd.isna(found["extract_updated"]):
        extract.append(f"last updated by DfE on {day(found['extract_updated'])}")
    parts.append("DfE's LAIT extract " + ", ".join(extract) if extract else "DfE's LAIT extract not loaded")
    built = found["build_finished_at"]
    if built is not None and not pd.isna(built):
        stamp = pd.Timestamp(built)
        stamp = stamp.tz_convert("UTC") if stamp.tzinfo else stamp
        parts.append(f"warehouse built {day(stamp)}, {stamp:%H:%M} UTC (build {found['build_run_id']})")
    else:
        parts.append("warehouse build time not recorded")
    return "Data as at: " + "; ".join(parts) + "."


def show_data_as_at(required: bool = True) -> None:
    """The "data as at" line every page shows under its title. A page that does not need the warehouse (the
    accessibility statement) passes required=False: without a readable warehouse it says so and carries on."""
    if not required:
        try:
            usable = data.warehouse_status().ok
        except duckdb.Error:
            usable = False
        if not usable:
            st.caption("Data as at: no readable warehouse has been published yet.")
            return
    st.caption(as_at_sentence())


@dataclass(frozen=True)
class Chart:
    """A chart to draw: which kind, its data and its options. Drawing it turns it into a Vega-Lite spec once per
    distinct data and options (st.cache_data keyed by the frame's content, so a newly published warehouse with
    other figures gets a new spec): building an Altair chart and validating its spec costs tens of milliseconds a
    chart, which every rerun of a page would otherwise pay again."""

    kind: str
    frame: pd.DataFrame
    options: dict

    @property
    def is_time_series(self) -> bool:
        """A chart over time: it gets the "Start the axis at zero" choice."""
        return self.kind in TIME_SERIES

    def spec(self, zero: bool = True) -> dict:
        options = {**self.options, **({"zero": zero} if self.is_time_series else {})}
        return chart_spec(self.kind, self.frame, tuple(sorted(options.items())))


@st.cache_data(show_spinner=False, max_entries=512)
def chart_spec(kind: str, frame: pd.DataFrame, options: tuple) -> dict:
    """The Vega-Lite spec of a chart (data inline), made once per kind, data and options."""
    return BUILDERS[kind](frame, **dict(options)).to_dict()


def draw_chart(chart: Chart, summary: str, zero: bool = True) -> None:
    """The chart, named by its summary sentence (its text alternative: the chart's aria-label)."""
    spec = chart.spec(zero)
    spec["description"] = summary
    st.vega_lite_chart(spec, width="stretch")


@st.fragment
def chart_with_table(
    chart: Chart | None,
    table: downloads.Table | pd.DataFrame,
    summary: str,
    key: str,
    caption: str | None = None,
) -> None:
    """A chart with its text alternative, its data as a headed table, and the data to download (CSV and Excel,
    numbers raw). A chart over time has a "Start the axis at zero" switch, on by default. A fragment: its switches
    redraw this chart and table only, not the page."""
    st.markdown(summary)
    zero = True
    if chart is not None:
        if chart.is_time_series:
            zero = st.toggle(
                "Start the axis at zero",
                value=True,
                key=f"zero-{key}",
                help="On: the value axis starts at zero, so differences look as large as they are (as DfE's own "
                "tool draws its charts). Off: the axis spans the values, to see small changes.",
            )
        draw_chart(chart, summary, zero)
    if caption:
        st.caption(caption)
    described = table if isinstance(table, downloads.Table) else downloads.Table.of(table)
    show = st.toggle("Show the data as a table", key=f"table-{key}", value=chart is None)
    if show:
        st.dataframe(described.display(), hide_index=True, width="stretch")
    download_buttons(described, key, summary, caption)


def data_table(table: downloads.Table | pd.DataFrame, key: str, title: str, caption: str | None = None) -> None:
    """A headed table on screen with its data to download (CSV and Excel, numbers raw)."""
    described = table if isinstance(table, downloads.Table) else downloads.Table.of(table)
    st.dataframe(described.display(), hide_index=True, width="stretch")
    download_buttons(described, key, title, caption)


def download_buttons(table: downloads.Table, key: str, title: str, caption: str | None = None) -> None:
    """The data as CSV (UTF-8 with a byte-order mark) and as an Excel workbook: numbers raw, each with its unit and
    status. Made only when the reader asks (a deferred download), so a page does not pay for files nobody takes."""
    notes = (caption or "", as_at_sentence())
    st.download_button(
        "Download the data (CSV)",
        data=table.csv,
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"download-{key}",
        on_click="ignore",
    )
    st.download_button(
        "Download the data (Excel)",
        data=lambda: table.xlsx(title, notes),
        file_name=f"{key}.xlsx",
        mime=XLSX_MIME,
        key=f"download-xlsx-{key}",
        on_click="ignore",
    )


#: Shapes and dashes for series that SERIES_STYLE does not name, in turn.
OTHER_SHAPES = ["diamond", "square", "triangle-up", "circle", "cross", "triangle-down"]
OTHER_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3]]


def _series_chart(
    long: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    y_title: str,
    x_title: str = "Period",
    styled_as: dict[str, str] | None = None,
    zero: bool = True,
) -> alt.TopLevelMixin:
    """Lines with points, one per series, styled by SERIES_STYLE (colour, dash and shape); ``styled_as`` gives a
    series another series' style (e.g. any focus authority drawn as Southend is on the pack's pages)."""
    styles = {**SERIES_STYLE, **{name: SERIES_STYLE[like] for name, like in (styled_as or {}).items()}}
    present = set(long[series])
    names = [name for name in styles if name in present]
    others = [name for name in long[series].unique() if name not in styles]
    domain = names + others
    colours = [styles[n]["color"] for n in names] + PALETTE[: len(others)]
    # series without a style of their own still differ by more than colour: each its own shape and dash
    dashes = [styles[n]["dash"] for n in names] + [OTHER_DASHES[i % len(OTHER_DASHES)] for i in range(len(others))]
    shapes = [styles[n]["shape"] for n in names] + [OTHER_SHAPES[i % len(OTHER_SHAPES)] for i in range(len(others))]
    periods = list(dict.fromkeys(long[x]))
    encoding = {
        # Periods in the order the frame gives them (callers sort by period start), not alphabetically; every
        # period labelled (never thinned out), turned when there are many.
        "x": alt.X(f"{x}:N", title=x_title, sort=periods, axis=category_axis(periods, across=True)),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero)),
        "color": alt.Color(f"{series}:N", scale=alt.Scale(domain=domain, range=colours), title=None),
        "tooltip": [alt.Tooltip(f"{series}:N"), alt.Tooltip(f"{x}:N"), alt.Tooltip(f"{y}:Q")],
    }
    base = alt.Chart(long.dropna(subset=[y]))
    lines = base.mark_line(strokeWidth=2.5).encode(
        **encoding, strokeDash=alt.StrokeDash(f"{series}:N", scale=alt.Scale(domain=domain, range=dashes), title=None)
    )
    points = base.mark_point(size=70, filled=True).encode(
        **encoding, shape=alt.Shape(f"{series}:N", scale=alt.Scale(domain=domain, range=shapes), title=None)
    )
    # Colour, dash and shape share one field, so Vega-Lite draws one legend showing all three (legend=None on any
    # of them would drop the merged legend, leaving the series unnamed on screen).
    return readable((lines + points).properties(height=320))


def category_axis(categories: list, across: bool) -> alt.Axis:
    """An axis of categories that labels every one: Vega-Lite's default hides labels it finds overlapping
    (labelOverlap) and cuts long ones at 180 pixels. Labels along a horizontal axis turn 45 degrees when they would
    not fit side by side (about 80 characters across a chart)."""
    longest = max((len(str(c)) for c in categories), default=0)
    angle = -45 if across and len(categories) * (longest + 2) > LABEL_CHARACTERS_ACROSS else 0
    return alt.Axis(labelOverlap=False, labelLimit=420, labelAngle=angle, labelPadding=4)


def readable(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Axis and legend text dark enough to read (4.5:1 and more); legends on top, where they are seen first."""
    return chart.configure_legend(orient="top", labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR).configure_axis(
        labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR
    )


def _bar_chart(
    frame: pd.DataFrame,
    category: str,
    value: str,
    value_title: str,
    colour: str | None = None,
    side_by_side: bool = False,
) -> alt.TopLevelMixin:
    """Horizontal bars with their values written beside them; every category labelled. With ``colour``, the
    coloured parts of a category are stacked (parts of one whole) or, ``side_by_side``, drawn as separate bars
    (figures to compare, such as done against a target)."""
    categories = list(dict.fromkeys(frame[category]))
    axis = category_axis(categories, across=False)
    base = alt.Chart(frame.dropna(subset=[value]))
    mark = base.mark_bar(color=PALETTE[0]) if colour is None else base.mark_bar()
    offset = {"yOffset": alt.YOffset(f"{colour}:N")} if colour and side_by_side else {}
    bars = mark.encode(
        y=alt.Y(f"{category}:N", sort=categories, title=None, axis=axis),
        x=alt.X(f"{value}:Q", title=value_title, stack=None if offset else "zero"),
        tooltip=[
            alt.Tooltip(f"{category}:N"),
            *([alt.Tooltip(f"{colour}:N")] if colour else []),
            alt.Tooltip(f"{value}:Q"),
        ],
        **({"color": alt.Color(f"{colour}:N", scale=alt.Scale(range=PALETTE))} if colour else {}),
        **offset,
    )
    labels = base.mark_text(align="left", dx=3, color="#1A1A1A").encode(
        y=alt.Y(f"{category}:N", sort=categories, axis=axis),
        x=alt.X(f"{value}:Q"),
        text=alt.Text(f"{value}:Q"),
        **offset,
    )
    # the height covers the axis and its title too (the chart fits its height): a bar and its label get 28 pixels
    bars_per_category = frame[colour].nunique() if offset else 1
    height = AXIS_ALLOWANCE + BAND_HEIGHT * bars_per_category * max(1, len(categories))
    return readable((bars + labels).properties(height=height))


def series_chart(
    long: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    y_title: str,
    x_title: str = "Period",
    styled_as: dict[str, str] | None = None,
) -> Chart:
    """A line chart over time, one line per series (see _series_chart)."""
    options = {"x": x, "y": y, "series": series, "y_title": y_title, "x_title": x_title, "styled_as": styled_as}
    return Chart("series", long, options)


def bar_chart(
    frame: pd.DataFrame,
    category: str,
    value: str,
    value_title: str,
    colour: str | None = None,
    side_by_side: bool = False,
) -> Chart:
    """Horizontal bars with their values written beside them (see _bar_chart)."""
    options = {"category": category, "value": value, "value_title": value_title, "colour": colour}
    return Chart("bar", frame, options | ({"side_by_side": True} if side_by_side else {}))


def provenance_caption(section: object, table: object, lines: list[object]) -> str:
    """Where the figures came from: document section, table and the lines of the pack's text."""
    shown = sorted({int(x) for x in lines if x is not None and not pd.isna(x)})
    where = f"Source: agenda pack, {section}, {table}"
    if shown:
        where += ", text line" + ("s " if len(shown) > 1 else " ") + ", ".join(str(x) for x in shown[:12])
        if len(shown) > 12:
            where += f" and {len(shown) - 12} more"
    return where + "."


def as_published_picker(key: str) -> tuple[object | None, dict]:
    """A choice of the version of DfE's data to show: the latest, or one published on an earlier date (each stands
    from its publication until the next), and a sentence saying which version the page shows. Returns (its commit
    time, the version) for an earlier version, else (None, the latest): the page then reads the current extract.
    Without the published versions in the warehouse it says so and returns (None, {})."""
    vintages = data.lait_vintages()
    if vintages.empty:
        st.caption("DfE's data: the current extract (its earlier published versions are not loaded).")
        return None, {}
    newest_first = vintages.iloc[::-1].set_index("vintage_id", drop=False)
    latest = newest_first.iloc[0].to_dict()
    until = dict(zip(newest_first["vintage_id"].iloc[1:], newest_first["committed_on"].iloc[:-1], strict=True))

    def label(vintage_id: str) -> str:
        start = pd.Timestamp(newest_first.loc[vintage_id, "committed_on"]).strftime("%d %B %Y").lstrip("0")
        if vintage_id == latest["vintage_id"]:
            return f"{start}, the latest version"
        return f"{start} (until {pd.Timestamp(until[vintage_id]).strftime('%d %B %Y').lstrip('0')})"

    chosen = st.selectbox(
        "As published on",
        newest_first["vintage_id"].tolist(),
        format_func=label,
        key=f"as-published-{key}",
        help="DfE updates its data in place: pick the date of one of its updates to see the figures, ranks, bands "
        "and averages as they stood from then until the next update.",
    )
    vintage = newest_first.loc[chosen].to_dict()
    st.caption(vintage_statement(vintage, latest))
    if chosen == latest["vintage_id"]:
        return None, vintage
    return vintage["committed_at"], vintage


def _timeline_chart(
    frame: pd.DataFrame, date: str, value: str, label: str, y_title: str, zero: bool = True
) -> alt.TopLevelMixin:
    """A figure's published values over time: a step line from each publication date, with a point (and the value
    written) where each value was published."""
    points = frame.dropna(subset=[value])
    base = alt.Chart(points)
    encoding = {
        "x": alt.X(f"{date}:T", title="Published on"),
        "y": alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=zero)),
        "tooltip": [alt.Tooltip(f"{date}:T", title="Published on"), alt.Tooltip(f"{label}:N", title="Value")],
    }
    dots = base.mark_point(size=80, filled=True, color=PALETTE[0], shape="circle").encode(**encoding)
    text = base.mark_text(align="left", dx=6, dy=-8, color="#1A1A1A").encode(
        x=encoding["x"], y=encoding["y"], text=alt.Text(f"{label}:N")
    )
    layers = dots + text
    if len(points) > 1:  # a line needs two values (an empty mark would be an unlabelled graphic)
        layers = base.mark_line(interpolate="step-after", strokeWidth=2.5, color=PALETTE[0]).encode(**encoding) + layers
    return readable(layers.properties(height=220))


def timeline_chart(frame: pd.DataFrame, date: str, value: str, label: str, y_title: str) -> Chart:
    """A figure's published values over time (see _timeline_chart)."""
    return Chart("timeline", frame, {"date": date, "value": value, "label": label, "y_title": y_title})


BUILDERS = {"series": _series_chart, "bar": _bar_chart, "timeline": _timeline_chart}
#: Characters of axis labels (with a gap between each) that fit side by side across a chart.
LABEL_CHARACTERS_ACROSS = 80
#: Pixels each category of a bar chart gets, and the room its value axis and title take.
BAND_HEIGHT = 28
AXIS_ALLOWANCE = 60
#: The kinds of chart drawn over time.
TIME_SERIES = frozenset({"series", "timeline"})
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figure_history(
    history: pd.DataFrame, title: str, unit: str | None, decimals: int | None, key: str, words: dict | None = None
) -> None:
    """A figure's revision history: a small timeline of its published values with dates, and the table. `words`
    says a missing value's reason in the source's terms (the wording missing_words reads)."""
    words = words or {}
    if history.empty:
        st.caption(f"{title}: DfE's published versions hold no value for it.")
        return
    history = history.assign(
        shown=[
            format_value(v, unit, decimals, words.get(r))
            for v, r in zip(history["value"], history["missing_reason"], strict=True)
        ]
    )
    revisions = history[history["opened_by_change_class"] == "revised"]
    first = history.iloc[0]
    summary = (
        f"{title}: {first['shown']} when first held "
        f"({pd.Timestamp(first['valid_from_date']).date()}); "
        + (
            "never revised since."
            if revisions.empty
            else f"revised {len(revisions)} time{'s' if len(revisions) > 1 else ''}, last on "
            f"{pd.Timestamp(revisions.iloc[-1]['valid_from_date']).date()} to {revisions.iloc[-1]['shown']}."
        )
        + f" Now: {history.iloc[-1]['shown'] if history.iloc[-1]['is_current'] else 'withdrawn'}."
    )
    table = (
        downloads.Table(len(history))
        .number(
            "Value as published",
            history["value"],
            unit,
            decimals,
            [words.get(r, r) for r in history["missing_reason"]],
            shown=history["shown"],
        )
        .text("Text as published", history["value_text"])
        .text("Period label", history["period_label"])
        .text("From", [str(pd.Timestamp(d).date()) for d in history["valid_from_date"]])
        .text(
            "Until",
            [
                "still current" if c else str(pd.Timestamp(d).date())
                for d, c in zip(history["valid_to_date"], history["is_current"], strict=True)
            ],
        )
        .text("Change", [change_class_label(c) for c in history["opened_by_change_class"]])
        .text("Version", history["valid_from_vintage_id"])
    )
    has_values = history["value"].notna().any()
    ui_chart = (
        timeline_chart(history, "valid_from", "value", "shown", (unit or "").replace("_", " ")) if has_values else None
    )
    chart_with_table(
        ui_chart, table, summary, key=f"history-{key}", caption="Source: DfE's published versions of its LAIT extract."
    )
