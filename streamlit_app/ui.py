"""Streamlit building blocks shared by the pages: the warehouse guard and the "data as at" line, the page style,
headline cards, charts that always come with a text summary, and tables that read at any width, each with its
downloads (CSV and Excel, numbers raw)."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from streamlit_app import charts, data, downloads, layout


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


def page_style() -> None:
    """The style of the app's own tables and cards (and wrapping, never cut, metric labels)."""
    st.markdown(layout.STYLE, unsafe_allow_html=True)


def cards(items: list[layout.Card]) -> None:
    """Headline cards: side by side on a desktop, one under another on a phone. As HTML put straight on the page
    (st.html), not through the Markdown renderer, which takes seconds over a long table."""
    st.html(layout.cards(items))


def table(described: downloads.Table, caption: str | None = None) -> None:
    """A table as HTML that stacks each row on a phone (see streamlit_app.layout)."""
    st.html(layout.html_table(described, caption))


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


def show_data_as_at(required: bool = True) -> bool:
    """The "data as at" line every page shows under its title. A page that does not need the warehouse (the
    accessibility statement) passes required=False: without a readable warehouse it says so and carries on.
    Returns whether a usable warehouse is there."""
    if not required:
        try:
            usable = data.warehouse_status().ok
        except duckdb.Error:
            usable = False
        if not usable:
            st.caption("Data as at: no readable warehouse has been published yet.")
            return False
    st.caption(as_at_sentence())
    page_style()
    return True


@st.fragment
def chart_with_table(
    chart: charts.Chart | None,
    table_: downloads.Table,
    summary: str,
    key: str,
    caption: str | None = None,
    table_shown: bool | None = None,
) -> None:
    """A chart with its text alternative, its data as a headed table, and the data to download (CSV and Excel,
    numbers raw). A chart over time has a "Start the axis at zero" switch, on by default; the table is shown when
    there is no chart (or ``table_shown``). A fragment: its switches redraw this chart and table only."""
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
    opened = chart is None if table_shown is None else table_shown
    if st.toggle("Show the data as a table", key=f"table-{key}", value=opened):
        table(table_)
    download_buttons(table_, key, summary, caption)


def draw_chart(chart: charts.Chart, summary: str, zero: bool = True) -> None:
    """The chart, named by its summary sentence (its text alternative: the chart's aria-label)."""
    spec = chart.spec(zero)
    spec["description"] = summary
    st.vega_lite_chart(spec, width="stretch")


def data_table(table_: downloads.Table, key: str, title: str, caption: str | None = None) -> None:
    """A headed table on screen with its data to download (CSV and Excel, numbers raw)."""
    table(table_)
    download_buttons(table_, key, title, caption)


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


def provenance_caption(section: object, table: object, lines: list[object]) -> str:
    """Where the figures came from: document section, table and the lines of the pack's text."""
    shown = sorted({int(x) for x in lines if x is not None and not pd.isna(x)})
    where = f"Source: agenda pack, {section}, {table}"
    if shown:
        where += ", text line" + ("s " if len(shown) > 1 else " ") + ", ".join(str(x) for x in shown[:12])
        if len(shown) > 12:
            where += " and further lines"
    return where + "."


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_words(unit: object) -> str:
    """A unit in words for a caption or an axis ("%", "per 10,000"), from dim_vocabularies; a source's own unit label
    (DfE's "% achieving expected level") as it is."""
    if unit is None or pd.isna(unit):
        return ""
    return data.vocabulary_labels("unit").get(str(unit), str(unit))
