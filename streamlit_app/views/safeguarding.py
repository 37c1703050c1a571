"""Safeguarding: the children's demand funnel, adult concerns to enquiries, DoLS and partnership budgets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import data, ui
from streamlit_app.formatting import format_value

st.title("Safeguarding demand and partnership funding, 2020/21")
ui.require_warehouse()
st.caption("Source: Southend Safeguarding Partnership Annual Report 2020-21, in the agenda pack.")

st.header("Children's demand funnel")
STAGES = {
    "contacts": "Contacts",
    "referrals": "Referrals",
    "assessments": "Assessments",
    "s47_investigations": "Section 47 investigations",
}
funnel = data.children_demand_funnel()
funnel = funnel.assign(stage=funnel["stage"].map(STAGES).fillna(funnel["stage"]))
years = list(dict.fromkeys(funnel["financial_year"]))
year = st.selectbox("Financial year", years, index=len(years) - 1, key="funnel-year")
chosen = funnel[funnel["financial_year"] == year]
funnel_table = pd.DataFrame(
    {
        "Stage": chosen["stage"],
        "Count": [format_value(v, "count", 0) for v in chosen["count_at_stage"]],
        "Share of previous stage": [format_value(v, "percent", 1) for v in chosen["pct_of_previous_stage"]],
        "Previous year": [format_value(v, "count", 0) for v in chosen["count_previous_year"]],
        "Change on previous year": [format_value(v, "percent", 1) for v in chosen["pct_change_vs_previous_year"]],
    }
)
ui.chart_with_table(
    ui.bar_chart(chosen, "stage", "count_at_stage", f"Children, {year}"),
    funnel_table,
    f"Children's social care in {year}: "
    + " → ".join(f"{r.stage} {format_value(r.count_at_stage, 'count', 0)}" for r in chosen.itertuples())
    + ".",
    key=f"funnel-{year}",
    caption=ui.provenance_caption("Children's safeguarding", "demand", list(chosen["source_line"])),
)

st.header("Adults: concerns, Section 42 enquiries and conversion")
adults = data.adult_safeguarding_by_year()
long = adults.melt(
    id_vars=["financial_year"],
    value_vars=["count_concerns_raised", "count_s42_enquiries_started", "count_s42_enquiries_concluded"],
    var_name="stage",
    value_name="count",
).replace(
    {
        "stage": {
            "count_concerns_raised": "Concerns raised",
            "count_s42_enquiries_started": "S42 enquiries started",
            "count_s42_enquiries_concluded": "S42 enquiries concluded",
        }
    }
)
adult_table = pd.DataFrame(
    {
        "Year": adults["financial_year"],
        "Concerns raised": [format_value(v, "count", 0) for v in adults["count_concerns_raised"]],
        "S42 enquiries started": [format_value(v, "count", 0) for v in adults["count_s42_enquiries_started"]],
        "S42 enquiries concluded": [format_value(v, "count", 0) for v in adults["count_s42_enquiries_concluded"]],
        "Conversion (recomputed)": [format_value(v, "percent", 1) for v in adults["pct_conversion_recomputed"]],
        "Conversion (as printed)": [format_value(v, "percent", 0) for v in adults["pct_conversion_printed"]],
        "DoLS applications": [format_value(v, "count", 0) for v in adults["count_dols_applications_table"]],
    }
)
last = adults.iloc[-1]
ui.chart_with_table(
    ui.series_chart(long, "financial_year", "count", "stage", "Number", "Financial year"),
    adult_table,
    f"In {last['financial_year']}, {format_value(last['count_concerns_raised'], 'count', 0)} safeguarding concerns "
    f"were raised and {format_value(last['count_s42_enquiries_started'], 'count', 0)} Section 42 enquiries started: "
    f"a conversion rate of {format_value(last['pct_conversion_recomputed'], 'percent', 1)} "
    f"(the report prints {format_value(last['pct_conversion_printed'], 'percent', 0)}).",
    key="adult-safeguarding",
)

st.header("Partnership budgets against other East of England unitary authorities, 2020")
budgets = data.partnership_budgets()
area = st.radio("Budget", sorted(budgets["budget_area"].unique()), horizontal=True, key="budget-area")
chosen_budgets = budgets[budgets["budget_area"] == area]
contributions = chosen_budgets.melt(
    id_vars=["authority_name"],
    value_vars=["gbp_local_authority", "gbp_police", "gbp_health"],
    var_name="contributor",
    value_name="gbp",
).replace({"contributor": {"gbp_local_authority": "Local authority", "gbp_police": "Police", "gbp_health": "Health"}})
budget_table = pd.DataFrame(
    {
        "Authority": chosen_budgets["authority_name"],
        "Local authority": [format_value(v, "gbp", 0) for v in chosen_budgets["gbp_local_authority"]],
        "Police": [format_value(v, "gbp", 0) for v in chosen_budgets["gbp_police"]],
        "Health": [format_value(v, "gbp", 0) for v in chosen_budgets["gbp_health"]],
        "Total": [format_value(v, "gbp", 0) for v in chosen_budgets["gbp_total"]],
    }
)
southend = chosen_budgets[chosen_budgets["authority_name"].str.contains("Southend")]
average = chosen_budgets[chosen_budgets["is_group_average"]]
sentence = f"{area.capitalize()} partnership budgets, 2020."
if len(southend) and len(average):
    sentence = (
        f"Southend's {area} partnership budget was {format_value(southend['gbp_total'].iloc[0], 'gbp', 0)}, "
        f"against a group average of {format_value(average['gbp_total'].iloc[0], 'gbp', 0)}."
    )
ui.chart_with_table(
    ui.bar_chart(contributions, "authority_name", "gbp", "£", colour="contributor"),
    budget_table,
    sentence,
    key=f"budgets-{area}",
)
