"""DfE's published versions on a page: the choice of the version shown ("as published on"), and one figure's
revision history (its values as published, with the dates each stood)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, data, downloads, ui
from streamlit_app.formatting import change_class_label, format_value, vintage_statement


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


def figure_history(
    history: pd.DataFrame, title: str, unit: str | None, decimals: int | None, key: str, words: dict | None = None
) -> None:
    """A figure's revision history: a small timeline of its published values with dates, and the table. ``words``
    says a missing value's reason in the source's terms."""
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
    revised = "; ".join(f"on {ui.day(r.valid_from_date)} to {r.shown}" for r in revisions.itertuples())
    summary = (
        f"{title}: {first['shown']} when first held ({ui.day(first['valid_from_date'])}); "
        + ("never revised since." if revisions.empty else f"revised {revised}.")
        + f" Now: {history.iloc[-1]['shown'] if history.iloc[-1]['is_current'] else 'withdrawn'}."
    )
    table = (
        downloads.Table(len(history))
        .text("From", [ui.day(d) for d in history["valid_from_date"]])
        .number(
            "Value as published",
            history["value"],
            unit,
            decimals,
            [words.get(r, r) for r in history["missing_reason"]],
            shown=history["shown"],
        )
        .text("Text as published", history["value_text"], on_screen=False)
        .text("Period", history["period_label"])
        .text(
            "Until",
            [
                "still current" if c else ui.day(d)
                for d, c in zip(history["valid_to_date"], history["is_current"], strict=True)
            ],
        )
        .text("Change", [change_class_label(c) for c in history["opened_by_change_class"]])
        .text("Version", history["valid_from_vintage_id"])
    )
    has_values = history["value"].notna().any()
    chart = charts.timeline_chart(history, "valid_from", "value", "shown", unit_title(unit)) if has_values else None
    ui.chart_with_table(
        chart, table, summary, key=f"history-{key}", caption="Source: DfE's published versions of its LAIT extract."
    )


def unit_title(unit: str | None) -> str:
    """An axis title for a unit: its words (a source's own label as it is)."""
    return downloads.unit_label(unit) if unit else "Value"
