"""Charts: lines over time, horizontal bars and a figure's published values, each a Vega-Lite spec made once per
data and options. Every channel has a title in words or none (never a column name); numbers written on a chart are
formatted with separators (and £ for money); a stacked bar carries no numbers on its segments (its table does), so
no label can sit on the wrong segment. Series differ by colour, dash and shape (Okabe-Ito colours, 3:1 on white)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

SERIES_STYLE = {
    "Focus": {"color": "#0072B2", "dash": [1, 0], "shape": "circle"},
    "England": {"color": "#4D4D4D", "dash": [6, 3], "shape": "square"},
    "Neighbours' mean": {"color": "#C0460A", "dash": [2, 2], "shape": "triangle-up"},
    "Neighbours' median": {"color": "#007A5A", "dash": [8, 3, 2, 3], "shape": "diamond"},
}
#: Axis and legend text: Vega's default grey is below 4.5:1 on white; this is about 12.6:1.
TEXT_COLOUR = "#333333"
PALETTE = ["#0072B2", "#C0460A", "#4D4D4D", "#007A5A", "#A8447F", "#8A6D00"]
#: Series that SERIES_STYLE does not name take these in turn.
OTHER_SHAPES = ["cross", "triangle-down", "square", "circle", "diamond", "triangle-up"]
OTHER_DASHES = [[4, 4], [1, 3], [6, 3], [1, 0], [2, 2], [8, 3, 2, 3]]
#: Characters of axis labels (with a gap between each) that fit side by side across a chart.
LABEL_CHARACTERS_ACROSS = 80
#: Pixels each bar gets, and the room the value axis and its title take.
BAND_HEIGHT = 28
AXIS_ALLOWANCE = 60
#: A legend entry's width: pixels per character of its label (at the most, for the theme's legend font) and the
#: room its symbol and the gap to the next entry take. A label longer than a line is written on more lines.
LEGEND_PIXELS_PER_CHARACTER = 8
LEGEND_SYMBOL_ALLOWANCE = 36
LEGEND_LINE_CHARACTERS = 20


@dataclass(frozen=True)
class Chart:
    """A chart to draw: which kind, its data and its options, turned into a Vega-Lite spec once per distinct data
    and options (building and validating an Altair chart costs tens of milliseconds)."""

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
    """The Vega-Lite spec of a chart (data inline), made once per kind, data and options; drawn as SVG whatever its
    size (Streamlit would switch a large chart to a canvas), so its words are text a browser and its tests can read."""
    spec = BUILDERS[kind](frame, **dict(options)).to_dict()
    spec["usermeta"] = {"embedOptions": {"renderer": "svg"}}
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def number_format(decimals: int | None) -> str:
    """A d3 format with thousands separators and the figure's decimal places."""
    return f",.{0 if decimals is None else int(decimals)}f"


def money_axis(money: bool) -> dict:
    """Axis labels in pounds (£12,000) for money, else with separators."""
    return {"labelExpr": "'£' + format(datum.value, ',.0f')"} if money else {"format": ",~f"}


def category_axis(categories: list, across: bool) -> alt.Axis:
    """An axis of categories that labels every one (Vega-Lite would hide overlapping labels and cut long ones);
    labels along a horizontal axis turn 45 degrees when they would not fit side by side."""
    longest = max((len(str(c)) for c in categories), default=0)
    angle = -45 if across and len(categories) * (longest + 2) > LABEL_CHARACTERS_ACROSS else 0
    return alt.Axis(labelOverlap=False, labelLimit=420, labelAngle=angle, labelPadding=4)


def readable(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Axis and legend text dark enough to read; legends on top, where they are seen first."""
    return chart.configure_legend(orient="top", labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR).configure_axis(
        labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR
    )


def legend_for(labels: list) -> alt.Legend:
    """A legend of these labels that is never cut: in as many columns as the chart's drawn width holds (Vega's
    ``width`` signal: one row on a laptop, more rows on a phone), a label longer than a line on two or more lines,
    no label shortened with an ellipsis."""
    lines = {str(label): textwrap.wrap(str(label), LEGEND_LINE_CHARACTERS) or [""] for label in labels}
    longest = max((len(line) for wrapped in lines.values() for line in wrapped), default=0)
    entry = LEGEND_PIXELS_PER_CHARACTER * longest + LEGEND_SYMBOL_ALLOWANCE
    wrapped = {label: parts for label, parts in lines.items() if len(parts) > 1}
    return alt.Legend(
        columns=alt.ExprRef(f"max(1, floor(width / {entry}))"),
        labelLimit=0,
        labelExpr=f"{json.dumps(wrapped, ensure_ascii=False)}[datum.label] || datum.label"
        if wrapped
        else alt.Undefined,
    )


def _series_chart(
    long: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    y_title: str,
    x_title: str = "Period",
    styled_as: dict[str, str] | None = None,
    decimals: int | None = None,
    zero: bool = True,
) -> alt.TopLevelMixin:
    """Lines with points, one per series, styled by SERIES_STYLE (colour, dash and shape); ``styled_as`` gives a
    series another's style (the focus authority, whatever its name, is drawn as "Focus")."""
    styles = {**SERIES_STYLE, **{name: SERIES_STYLE[like] for name, like in (styled_as or {}).items()}}
    # the series in the order the frame gives them (the focus first), each in its style or the next unused one
    domain = list(dict.fromkeys(long[series]))
    others = {name: i for i, name in enumerate(n for n in domain if n not in styles)}
    colours = [styles[n]["color"] if n in styles else PALETTE[others[n] % len(PALETTE)] for n in domain]
    dashes = [styles[n]["dash"] if n in styles else OTHER_DASHES[others[n] % len(OTHER_DASHES)] for n in domain]
    shapes = [styles[n]["shape"] if n in styles else OTHER_SHAPES[others[n] % len(OTHER_SHAPES)] for n in domain]
    periods = list(dict.fromkeys(long[x]))
    encoding = {
        # periods in the order the frame gives them (callers sort by period start), every one labelled
        "x": alt.X(f"{x}:N", title=x_title, sort=periods, axis=category_axis(periods, across=True)),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=",~f")),
        "color": alt.Color(
            f"{series}:N", scale=alt.Scale(domain=domain, range=colours), title=None, legend=legend_for(domain)
        ),
        "tooltip": [
            alt.Tooltip(f"{series}:N", title="Series"),
            alt.Tooltip(f"{x}:N", title=x_title),
            alt.Tooltip(f"{y}:Q", title="Value", format=number_format(decimals)),
        ],
    }
    base = alt.Chart(long.dropna(subset=[y]))
    lines = base.mark_line(strokeWidth=2.5).encode(
        **encoding,
        strokeDash=alt.StrokeDash(
            f"{series}:N", scale=alt.Scale(domain=domain, range=dashes), title=None, legend=legend_for(domain)
        ),
    )
    points = base.mark_point(size=70, filled=True).encode(
        **encoding,
        shape=alt.Shape(
            f"{series}:N", scale=alt.Scale(domain=domain, range=shapes), title=None, legend=legend_for(domain)
        ),
    )
    # colour, dash and shape share one field, so Vega-Lite draws one legend showing all three
    return readable((lines + points).properties(height=320))


def _bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    value_title: str,
    colour: str | None,
    side_by_side: bool,
    decimals: int | None,
    money: bool,
) -> alt.TopLevelMixin:
    """Horizontal bars, every category labelled. One bar per category, or with ``colour`` its parts stacked (parts of
    one whole) or, ``side_by_side``, separate bars (figures to compare). Single and side-by-side bars have their
    value written beside them; stacked parts have none (the table beside the chart gives them). Every option is
    given: bar_chart holds the defaults."""
    categories = list(dict.fromkeys(frame[category]))
    axis = category_axis(categories, across=False)
    base = alt.Chart(frame.dropna(subset=[value]))
    stacked = colour is not None and not side_by_side
    offset = {"yOffset": alt.YOffset(f"{colour}:N", title=None)} if colour and side_by_side else {}
    value_format = number_format(decimals)
    x_axis = alt.Axis(**money_axis(money))
    tooltip_value = alt.Tooltip(f"{value}:Q", title=value_title, format=value_format)
    bars = (base.mark_bar(color=PALETTE[0]) if colour is None else base.mark_bar()).encode(
        y=alt.Y(f"{category}:N", sort=categories, title=None, axis=axis),
        x=alt.X(f"{value}:Q", title=value_title, stack="zero" if stacked else None, axis=x_axis),
        tooltip=[
            alt.Tooltip(f"{category}:N", title="Of"),
            *([alt.Tooltip(f"{colour}:N", title="Part")] if colour else []),
            tooltip_value,
        ],
        **(
            {
                "color": alt.Color(
                    f"{colour}:N",
                    scale=alt.Scale(range=PALETTE),
                    title=None,
                    sort=None,
                    legend=legend_for(list(dict.fromkeys(frame[colour].dropna()))),
                )
            }
            if colour
            else {}
        ),
        **offset,
    )
    layers = bars
    if not stacked:
        labels = base.mark_text(align="left", dx=3, color="#1A1A1A").encode(
            y=alt.Y(f"{category}:N", sort=categories, axis=axis, title=None),
            x=alt.X(f"{value}:Q", stack=None, title=value_title),
            **offset,
        )
        if money:
            shown = f"'£' + format(datum['{value}'], '{value_format}')"
            labels = labels.transform_calculate(shown=shown).encode(text=alt.Text("shown:N"))
        else:
            labels = labels.encode(text=alt.Text(f"{value}:Q", format=value_format))
        layers = bars + labels
    bars_per_category = frame[colour].nunique() if offset else 1
    height = AXIS_ALLOWANCE + BAND_HEIGHT * bars_per_category * max(1, len(categories))
    return readable(layers.properties(height=height))


def _timeline_chart(
    frame: pd.DataFrame, date: str, value: str, label: str, y_title: str, zero: bool = True
) -> alt.TopLevelMixin:
    """A figure's published values over time: a step line from each publication date, with a point (and the value
    written, as shown elsewhere on the page) where each value was published."""
    points = frame.dropna(subset=[value])
    base = alt.Chart(points)
    encoding = {
        "x": alt.X(f"{date}:T", title="Published on", axis=alt.Axis(format="%-d %b %Y", labelAngle=-30)),
        "y": alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=zero), axis=alt.Axis(format=",~f")),
        "tooltip": [
            alt.Tooltip(f"{date}:T", title="Published on", format="%d %B %Y"),
            alt.Tooltip(f"{label}:N", title="Value"),
        ],
    }
    dots = base.mark_point(size=80, filled=True, color=PALETTE[0], shape="circle").encode(**encoding)
    text = base.mark_text(align="left", dx=6, dy=-8, color="#1A1A1A").encode(
        x=encoding["x"], y=encoding["y"], text=alt.Text(f"{label}:N", title="Value")
    )
    layers = dots + text
    if len(points) > 1:  # a line needs two values (an empty mark would be an unlabelled graphic)
        layers = base.mark_line(interpolate="step-after", strokeWidth=2.5, color=PALETTE[0]).encode(**encoding) + layers
    return readable(layers.properties(height=220))


def line_chart(
    frame: pd.DataFrame,
    x: str,
    y_title: str,
    x_title: str = "Period",
    *,
    columns: dict[str, str] | None = None,
    y: str = "value",
    series: str = "series",
    focus: str | None = None,
    decimals: int | None = None,
) -> Chart:
    """A line chart over time, one line per series (see _series_chart). Either ``frame`` is long (a row per period
    and series: ``y`` the value, ``series`` its name), or ``columns`` names the frame's value columns to draw, each a
    series (column -> the series' name). The series named ``focus`` is drawn in the focus authority's style."""
    if columns:
        frame = frame.melt(id_vars=[x], value_vars=list(columns), var_name=series, value_name=y)
        frame = frame.replace({series: columns})
    styled_as = {focus: "Focus"} if focus else None
    options = {"x": x, "y": y, "series": series, "y_title": y_title, "x_title": x_title, "styled_as": styled_as}
    return Chart("series", frame, options | {"decimals": decimals})


def benchmark_columns(focus_name: str) -> dict[str, str]:
    """A benchmark series' value columns and their names: the focus authority, England, and its neighbours' mean and
    median (the columns of fct_lait_neighbour_benchmarks and fct_ees_csc_neighbour_benchmarks)."""
    return {
        "focus_value": focus_name,
        "england_value": "England",
        "neighbours_average_value": "Neighbours' mean",
        "neighbours_median_value": "Neighbours' median",
    }


def bar_chart(
    frame: pd.DataFrame,
    category: str,
    value: str,
    value_title: str,
    colour: str | None = None,
    side_by_side: bool = False,
    decimals: int | None = 0,
    money: bool = False,
) -> Chart:
    """Horizontal bars (see _bar_chart)."""
    options = {"category": category, "value": value, "value_title": value_title, "colour": colour}
    extra = {"side_by_side": side_by_side, "decimals": decimals, "money": money}
    return Chart("bar", frame, options | extra)


def timeline_chart(frame: pd.DataFrame, date: str, value: str, label: str, y_title: str) -> Chart:
    """A figure's published values over time (see _timeline_chart)."""
    return Chart("timeline", frame, {"date": date, "value": value, "label": label, "y_title": y_title})


BUILDERS = {"series": _series_chart, "bar": _bar_chart, "timeline": _timeline_chart}
#: The kinds of chart drawn over time.
TIME_SERIES = frozenset({"series", "timeline"})
