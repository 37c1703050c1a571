"""Context: find any number from the pack, the strategic partners' figures, the CCG's health checks, the community
beds paper and the executive summary's Quick View."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts, data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import format_value, is_missing, plain_words, printed_places

st.title("The pack in context: partners, health checks, community beds")
ui.require_warehouse()
chosen = focus.choose()
focus.whose_figures(chosen, "the People Scrutiny Committee agenda pack of 30 November 2021")
st.caption(
    "Source: People Scrutiny Committee agenda pack, 30 November 2021 — the Safeguarding Partnership Annual Report "
    "2020/21 (its partners' sections and executive summary) and the paper on community inpatient beds."
)


def line_text(line: object) -> str:
    return "" if is_missing(line) else f"{int(line)}"


st.header("Find a number from the pack")
st.markdown(
    "Type a number as the pack prints it (for example *294* or *1,839*) or a few words (*warrants*, *health "
    "checks*). Every figure the warehouse holds is listed with the line of the pack's text it is printed on; a "
    "number that is not a figure (an age, a section of an Act, a repeat of a figure) is listed with the reason."
)


@st.fragment
def pack_search() -> None:
    """The search box and what it finds: a fragment, so a search redraws the results alone."""
    term = st.text_input("Number or words", key="pack-search")
    if term.strip():
        found = data.search_pack(term)
        if found.empty:
            st.info(f"Nothing in the warehouse matches “{term}”.")
        else:
            places = [None if is_missing(v) or float(v).is_integer() else 2 for v in found["value"]]
            results = (
                Table(len(found))
                .text("Where", found["found_in"])
                .text("What", [plain_words(d) for d in found["description"]])
                .number(
                    "Value",
                    found["value"],
                    found["unit"].tolist(),
                    places,
                    [
                        r if f else "not a figure"
                        for r, f in zip(found["missing_reason"], found["is_figure"], strict=True)
                    ],
                    shown=[
                        format_value(v, u, d, r) if f else "not a figure"
                        for v, u, d, r, f in zip(
                            found["value"],
                            found["unit"],
                            places,
                            found["missing_reason"],
                            found["is_figure"],
                            strict=True,
                        )
                    ],
                )
                .text("Period", found["period_label"].fillna(""))
                .text("Section", found["source_section"].fillna(""))
                .text("Pack line", [line_text(v) for v in found["source_line"]])
                .text("Note", [plain_words(n) for n in found["note"]])
            )
            st.markdown(f"The figures, then the numbers that are not figures, matching “{term}”:")
            ui.data_table(results, key="pack-search-results", title=f"Numbers in the pack matching “{term}”")


pack_search()

st.header("What the strategic partners report")


@st.fragment
def partner_section() -> None:
    """One partner's figures: a fragment, so choosing the partner redraws this section alone."""
    sections = list(data.PARTNER_SECTIONS)
    section = st.selectbox("Partner or subgroup", sections, key="partner-section")
    partner = data.partner_figures(section)
    names = [
        label + (f" ({c})" if not is_missing(c) else "")
        for label, c in zip(partner["measure_label"], partner["category_label"], strict=True)
    ]
    by_id = dict(zip(partner["figure_id"], names, strict=True))
    partner_table = (
        Table(len(partner))
        .text("Figure", names)
        .number(
            "Value",
            partner["value"],
            partner["unit"].tolist(),
            [printed_places(v, 1) for v in partner["value"]],
            partner["missing_reason"],
        )
        .text("Period", partner["period_label"])
        .text("Table or paragraph", partner["source_table"])
        .text("Pack line", [line_text(v) for v in partner["source_line"]])
        .text("As printed", [plain_words(n, by_id) for n in partner["note"]])
    )
    ui.chart_with_table(
        None,
        partner_table,
        f"The figures of the section “{section}” of the Safeguarding Partnership's annual report.",
        key="partner-figures",
    )


partner_section()

st.header("Learning-disability annual health checks by CCG, 2020/21")
checks = data.ld_annual_health_checks()
ccgs = checks[~checks["is_total_row"]]
total = checks[checks["is_total_row"]].iloc[0]
southend = checks[checks["ccg_code"] == "southend"].iloc[0]
long = ccgs.melt(
    id_vars=["ccg_name"], value_vars=["checks_completed", "checks_target"], var_name="series", value_name="checks"
).replace({"series": {"checks_completed": "Completed", "checks_target": "Target (67% of the LD register)"}})
checks_table = (
    Table(len(checks))
    .text("CCG", checks["ccg_name"])
    .number("Q1", checks["checks_q1"], "count", 0)
    .number("Q2", checks["checks_q2"], "count", 0)
    .number("Q3", checks["checks_q3"], "count", 0)
    .number("Q4", checks["checks_q4"], "count", 0)
    .number("Completed (printed total)", checks["checks_completed"], "count", 0)
    .number("Quarters added up", checks["checks_quarters_sum"], "count", 0)
    .number("Target", checks["checks_target"], "count", 0)
    .number("% of target", checks["pct_of_target"], "percent", 1)
    .number("Same point last year", checks["checks_same_point_last_year"], "count", 0)
    .text("Pack does not add up", ["yes" if v else "" for v in checks["has_known_discrepancy"]])
)
ui.chart_with_table(
    charts.bar_chart(long, "ccg_name", "checks", "Annual health checks", colour="series", side_by_side=True),
    checks_table,
    f"Southend CCG completed {format_value(southend['checks_completed'], 'count', 0)} annual health checks for "
    f"people with a learning disability in 2020/21 against a target of "
    f"{format_value(southend['checks_target'], 'count', 0)} ({format_value(southend['pct_of_target'], 'percent', 1)}"
    f"), {format_value(southend['checks_same_point_last_year'], 'count', 0)} at the same point last year. The "
    f"seven Essex CCGs completed {format_value(total['checks_completed'], 'count', 0)} against "
    f"{format_value(total['checks_target'], 'count', 0)}.",
    key="ld-health-checks",
    caption=(
        f"Source: {total['source_section']}, the health-checks table, pack lines "
        f"{int(checks['first_source_line'].min())}-{int(checks['last_source_line'].max())}, as printed. A row marked "
        "“pack does not add up” holds a printed total its printed parts do not add up to (the quarters, or the "
        "CCGs of a column); the warehouse keeps the figures as printed and records the difference."
    ),
)

st.header("Community inpatient beds in mid and south Essex")
beds = data.community_beds()
beds_table = (
    Table(len(beds))
    .text(
        "Figure",
        [
            label + (f" ({c})" if not is_missing(c) else "")
            for label, c in zip(beds["measure_label"], beds["category"], strict=True)
        ],
    )
    .number("Value", beds["value"], beds["unit"].tolist(), 0, beds["missing_reason"])
    .text("Period", beds["period_label"])
    .text("Heading or exhibit", beds["source_table"])
    .text("Pack line", [line_text(v) for v in beds["source_line"]])
)
by_id = beds.set_index("figure_id")


def bed_figure(figure_id: str) -> str:
    row = by_id.loc[figure_id]
    return format_value(row["value"], row["unit"], 0, row["missing_reason"])


ui.chart_with_table(
    None,
    beds_table,
    f"The paper gives around {bed_figure('beds_community_total_historical')} community beds historically, an average "
    f"of {bed_figure('beds_admissions_per_month_avg')} admissions a month and an average length of stay of "
    f"{bed_figure('beds_average_length_of_stay_days')}; its exhibits of beds by site show their numbers only as "
    "images, so those rows are listed as not available rather than estimated.",
    key="community-beds",
)

st.header("Southend – A Quick View")
view = data.quick_view()
placed = view[view["is_placed"]]
view_table = (
    Table(len(view))
    .number("Number", view["value"], "count", 0)
    .text(
        "Label",
        [label if p else "not placed" for label, p in zip(view["label_as_printed"], view["is_placed"], strict=True)],
    )
    .text("Could be", view["candidate_labels"].fillna(""))
    .text("Pack line", [line_text(v) for v in view["source_line"]])
    .text("Why", [plain_words(n) for n in view["note"]])
)
ui.chart_with_table(
    None,
    view_table,
    "The executive summary's one-page Quick View prints its numbers before all of its labels. "
    + ", ".join(f"{r.label_as_printed} {format_value(r.value, 'count', 0)}" for r in placed.itertuples())
    + " are placed by arithmetic; the others cannot be tied to a label from the text and are shown unplaced, with "
    "the labels they could belong to.",
    key="quick-view",
)

st.header("Numbers in the pack that are not figures")
counts = data.pack_number_exclusion_counts()
st.markdown(
    "Every number the pack prints in digits is either a figure in the warehouse, a date, a section or page number, "
    "or one of these, each reviewed. The search above finds them by number."
)
ui.data_table(
    Table(len(counts))
    .text("Why not a figure", [plain_words(r) for r in counts["reason_description"]])
    .number("Numbers", counts["count_numbers"], "count", 0),
    key="pack-number-exclusions",
    title="Numbers in the pack that are not figures",
)
