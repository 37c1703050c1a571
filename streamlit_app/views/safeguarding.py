"""Safeguarding: the focus authority against its neighbours on DfE's official children's social care statistics
(the demand funnel in counts and rates, re-referrals, plans, children looked after, the workforce) and, for the
authority the pack is about, the Safeguarding Partnership's own figures as reported to the committee."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import format_value, rank_text

st.title("Safeguarding: demand, protection and partnership")
ui.require_warehouse()
chosen = focus.choose()


def official_statistics() -> None:
    """The focus authority against its neighbours, England and its region on DfE's children's social care
    statistics (explore-education-statistics)."""
    st.header(f"{chosen.la_name} in DfE's official children's social care statistics")
    if not chosen.has_dfe_data or not data.ees_loaded():
        st.info(
            "DfE's children's social care statistics (or its neighbour groups) are not loaded into this warehouse. "
            "Point `SCRUTINY_EES_CSC_DIR` at the explore-education-statistics files and rebuild with `make build`."
        )
        return
    words = data.missing_words("dfe_ees")
    ees_funnel(words)
    ees_against_neighbours(words)


@st.fragment
def ees_funnel(words: dict) -> None:
    """DfE's demand funnel for the focus authority in a chosen year: a fragment, so choosing the year redraws it
    alone."""
    funnel = data.ees_funnel(chosen.la_number)
    if funnel.empty:
        return
    years = list(dict.fromkeys(funnel["period_label"]))
    year = focus.choice("year", years, years[-1], "Year (ending 31 March)")
    chosen_year = funnel[funnel["period_label"] == year]
    st.subheader(f"The children's demand funnel, {year}")
    table = (
        Table(len(chosen_year))
        .text("Stage", chosen_year["stage_label"])
        .number(
            "Count",
            chosen_year["count_at_stage"],
            "count",
            0,
            [words.get(r) for r in chosen_year["count_missing_reason"]],
        )
        .number(
            "Per 10,000 children",
            chosen_year["rate_per_10k"],
            "rate_per_10k",
            1,
            [words.get(r) for r in chosen_year["rate_missing_reason"]],
            shown=[
                format_value(v, None, 1, words.get(r))
                for v, r in zip(chosen_year["rate_per_10k"], chosen_year["rate_missing_reason"], strict=True)
            ],
        )
        .number("Share of the stage before", chosen_year["pct_of_previous_stage"], "percent", 1)
        .number(
            "England per 10,000",
            chosen_year["england_rate_per_10k"],
            "rate_per_10k",
            1,
            shown=[format_value(v, None, 1) for v in chosen_year["england_rate_per_10k"]],
        )
        .number(
            "Region per 10,000",
            chosen_year["region_rate_per_10k"],
            "rate_per_10k",
            1,
            shown=[format_value(v, None, 1) for v in chosen_year["region_rate_per_10k"]],
        )
        .number(
            "Rank of the rate (1 = highest)",
            chosen_year["rate_rank_among_las"],
            "rank",
            0,
            shown=[
                rank_text(a, b, not_ranked="not ranked")
                for a, b in zip(chosen_year["rate_rank_among_las"], chosen_year["count_las_ranked"], strict=True)
            ],
        )
        .number("Authorities ranked", chosen_year["count_las_ranked"], "count", 0, on_screen=False)
    )
    ui.chart_with_table(
        charts.bar_chart(chosen_year, "stage_label", "count_at_stage", f"Children, {year}"),
        table,
        f"{chosen.la_name}, {year}: "
        + " → ".join(
            f"{r.stage_label} {format_value(r.count_at_stage, 'count', 0, words.get(r.count_missing_reason))}"
            for r in chosen_year.itertuples()
        )
        + ".",
        key=f"ees-funnel-{chosen.la_number}-{year}",
        caption="Source: DfE, Children in need (explore-education-statistics); rates per 10,000 children use "
        "DfE's child population estimate, published from 2021.",
    )


@st.fragment
def ees_against_neighbours(words: dict) -> None:
    """The focus authority against its neighbours on a chosen measure: a fragment, so choosing the measure redraws
    it alone."""
    st.subheader(f"Against {chosen.group_label}")
    benchmarks = data.ees_benchmarks(chosen.la_number, chosen.group_id)
    if benchmarks.empty:
        st.info(f"No neighbour comparison for {chosen.la_name}.")
        return
    latest = benchmarks.sort_values("time_period").groupby("measure_id").tail(1)
    latest = latest.sort_values(["is_headline", "measure_label"], ascending=[False, True])
    labels = dict(zip(latest["measure_id"], latest["measure_label"], strict=True))
    headline_ees = [m for m in data.headlines()["ees_measure_id"].tolist() if isinstance(m, str) and m in labels]
    measure = focus.choice(
        "ees_measure",
        list(labels),
        headline_ees[0] if headline_ees else next(iter(labels)),
        "Measure",
        format_func=labels.get,
    )
    series = benchmarks[benchmarks["measure_id"] == measure]
    places = int(series["decimal_places"].iloc[0])
    unit = str(series["unit"].iloc[0])
    last = series.iloc[-1]
    sentence = (
        f"{labels[measure]}, {last['period_label']}: {chosen.la_name} "
        f"{format_value(last['focus_value'], unit, places, words.get(last['focus_missing_reason']))}; neighbours' "
        f"mean {format_value(last['neighbours_average_value'], unit, places)} and median "
        f"{format_value(last['neighbours_median_value'], unit, places)} (of the "
        f"{format_value(last['count_neighbours_with_value'], 'count', 0)} neighbours with a figure); England "
        f"{format_value(last['england_value'], unit, places)}."
    )
    ui.chart_with_table(
        charts.line_chart(
            series,
            "period_label",
            ui.unit_words(unit),
            "Year",
            columns=charts.benchmark_columns(chosen.la_name),
            focus=chosen.la_name,
            decimals=places,
        ),
        Table(len(series))
        .text("Year", series["period_label"])
        .number(
            chosen.la_name, series["focus_value"], unit, places, [words.get(r) for r in series["focus_missing_reason"]]
        )
        .number("Neighbours' mean", series["neighbours_average_value"], unit, places)
        .number("Neighbours with a figure", series["count_neighbours_with_value"], "count", 0)
        .number("Neighbours' median", series["neighbours_median_value"], unit, places)
        .number("England", series["england_value"], unit, places)
        .number("Region", series["region_value"], unit, places)
        .number(
            "Rank",
            series["rank_among_las"],
            "rank",
            0,
            shown=[
                rank_text(a, b, not_ranked="not ranked")
                for a, b in zip(series["rank_among_las"], series["count_las_ranked"], strict=True)
            ],
        )
        .number("Authorities ranked", series["count_las_ranked"], "count", 0, on_screen=False),
        sentence,
        key=f"ees-{chosen.la_number}-{chosen.group_id}-{measure}",
        caption="Source: DfE's children's social care statistics (explore-education-statistics). Rank: 1 = best "
        "where lower or higher is better, else 1 = highest.",
    )
    if chosen.is_document_authority:
        st.subheader("The pack's figures against DfE's official statistics")
        reconciliation = data.ees_pack_reconciliation()
        st.markdown(
            "Both are facts: the pack reports the council's own counts as the committee saw them; DfE's official "
            "statistics are the validated returns for the same year."
        )
        ui.data_table(
            Table(len(reconciliation))
            .text("Figure", reconciliation["measure_label"].fillna(reconciliation["pack_measure"]))
            .text("Period (pack)", reconciliation["pack_period_label"])
            .number("As reported to the committee", reconciliation["pack_value"], "count", 0)
            .number(
                "DfE official statistics",
                reconciliation["dfe_value"],
                "count",
                0,
                [words.get(r) for r in reconciliation["dfe_missing_reason"]],
            )
            .number("Difference", reconciliation["difference"], "count", 0, gap=True)
            .text("Pack line", ["" if pd.isna(v) else str(int(v)) for v in reconciliation["pack_source_line"]]),
            key="ees-pack-reconciliation",
            title="The pack's children's social care figures against DfE's official statistics",
        )


official_statistics()
if not chosen.is_document_authority:
    st.info(
        f"The Safeguarding Partnership's annual report in the pack is {chosen.document_name}'s: choose "
        f"{chosen.document_name} as the focus authority to see its figures as reported to the committee.",
        icon=":material/description:",
    )
    st.stop()

st.header("As reported to the committee: the Safeguarding Partnership's annual report, 2020/21")
st.caption("Source: Southend Safeguarding Partnership Annual Report 2020/21, in the agenda pack.")

st.subheader("Children's demand funnel")
STAGES = data.vocabulary_labels("demand_stage")


@st.fragment
def pack_funnel() -> None:
    """The partnership report's children's demand funnel in a chosen year: a fragment, so choosing the year redraws
    it alone."""
    funnel = data.children_demand_funnel()
    funnel = funnel.assign(stage=funnel["stage"].map(STAGES))
    years = list(dict.fromkeys(funnel["financial_year"]))
    year = st.selectbox("Financial year", years, index=len(years) - 1, key="funnel-year")
    in_year = funnel[funnel["financial_year"] == year]
    funnel_table = (
        Table(len(in_year))
        .text("Stage", in_year["stage"])
        .number("Count", in_year["count_at_stage"], "count", 0)
        .number("Share of previous stage", in_year["pct_of_previous_stage"], "percent", 1)
        .number("Previous year", in_year["count_previous_year"], "count", 0)
        .number("Change on previous year", in_year["pct_change_vs_previous_year"], "percent", 1)
    )
    ui.chart_with_table(
        charts.bar_chart(in_year, "stage", "count_at_stage", f"Children, {year}"),
        funnel_table,
        f"Children's social care in {year}: "
        + " → ".join(f"{r.stage} {format_value(r.count_at_stage, 'count', 0)}" for r in in_year.itertuples())
        + ".",
        key=f"funnel-{year}",
        caption=ui.provenance_caption("Children's safeguarding", "demand", list(in_year["source_line"])),
    )


pack_funnel()

st.subheader("Adults: concerns, Section 42 enquiries and conversion")
adults = data.adult_safeguarding_by_year()
adult_table = (
    Table(len(adults))
    .text("Year", adults["financial_year"])
    .number("Concerns raised", adults["count_concerns_raised"], "count", 0)
    .number("S42 enquiries started", adults["count_s42_enquiries_started"], "count", 0)
    .number("S42 enquiries concluded", adults["count_s42_enquiries_concluded"], "count", 0)
    .number("Conversion (recomputed)", adults["pct_conversion_recomputed"], "percent", 1)
    .number("Conversion (as printed)", adults["pct_conversion_printed"], "percent", 0)
    .number("DoLS applications", adults["count_dols_applications_table"], "count", 0)
)
last = adults.iloc[-1]
ui.chart_with_table(
    charts.line_chart(
        adults,
        "financial_year",
        "Number",
        "Financial year",
        columns={
            "count_concerns_raised": "Concerns raised",
            "count_s42_enquiries_started": "S42 enquiries started",
            "count_s42_enquiries_concluded": "S42 enquiries concluded",
        },
        decimals=0,
    ),
    adult_table,
    f"In {last['financial_year']}, {format_value(last['count_concerns_raised'], 'count', 0)} safeguarding concerns "
    f"were raised and {format_value(last['count_s42_enquiries_started'], 'count', 0)} Section 42 enquiries started: "
    f"a conversion rate of {format_value(last['pct_conversion_recomputed'], 'percent', 1)} "
    f"(the report prints {format_value(last['pct_conversion_printed'], 'percent', 0)}).",
    key="adult-safeguarding",
)

st.subheader("Partnership budgets against other East of England unitary authorities, 2020")


@st.fragment
def partnership_budgets() -> None:
    """The partnership budgets of one area: a fragment, so choosing the area redraws it alone."""
    budgets = data.partnership_budgets()
    areas = data.vocabulary_labels("budget_area")
    area = st.radio(
        "Budget", list(dict.fromkeys(budgets["budget_area"])), horizontal=True, format_func=areas.get, key="budget-area"
    )
    chosen_budgets = budgets[budgets["budget_area"] == area]
    contributions = chosen_budgets.melt(
        id_vars=["authority_name"],
        value_vars=["gbp_local_authority", "gbp_police", "gbp_health"],
        var_name="paid_by",
        value_name="gbp",
    ).replace({"paid_by": {"gbp_local_authority": "Local authority", "gbp_police": "Police", "gbp_health": "Health"}})
    budget_table = (
        Table(len(chosen_budgets))
        .text("Authority", chosen_budgets["authority_name"])
        .number("Local authority", chosen_budgets["gbp_local_authority"], "gbp", 0)
        .number("Police", chosen_budgets["gbp_police"], "gbp", 0)
        .number("Health", chosen_budgets["gbp_health"], "gbp", 0)
        .number("Total", chosen_budgets["gbp_total"], "gbp", 0)
    )
    document = chosen_budgets[chosen_budgets["authority_name"] == chosen.la_name]
    average = chosen_budgets[chosen_budgets["is_group_average"]]
    sentence = f"The {areas[area]}'s budget in 2020, by who paid it, for each authority and the group's average."
    if len(document) and len(average):
        sentence += (
            f" {chosen.la_name}'s was {format_value(document['gbp_total'].iloc[0], 'gbp', 0)}, against a group "
            f"average of {format_value(average['gbp_total'].iloc[0], 'gbp', 0)}."
        )
    ui.chart_with_table(
        charts.bar_chart(contributions, "authority_name", "gbp", "Budget (£)", colour="paid_by", money=True),
        budget_table,
        sentence + " The table gives each part; the bars show how they add up.",
        key=f"budgets-{area}",
        table_shown=True,
    )


partnership_budgets()
