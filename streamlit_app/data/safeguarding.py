"""The Safeguarding page's queries: DfE's children's social care statistics for any authority, and the pack's
Safeguarding Partnership report."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query


def children_demand_funnel() -> pd.DataFrame:
    return query(
        """
        select
            financial_year, period_start_date, stage_order, stage, count_at_stage, pct_of_previous_stage,
            count_previous_year, pct_change_vs_previous_year, source_line
        from marts.fct_children_demand_funnel
        order by period_start_date, stage_order
        """
    )


def adult_safeguarding_by_year() -> pd.DataFrame:
    return query(
        """
        select
            financial_year, period_start_date, count_concerns_raised, count_s42_enquiries_started,
            count_s42_enquiries_concluded, pct_conversion_recomputed, pct_conversion_printed,
            count_dols_applications_table, count_dols_applications_decided, source_line_concerns_raised,
            source_line_s42_enquiries_started, source_line_s42_enquiries_concluded
        from marts.fct_adult_safeguarding_by_year
        order by period_start_date
        """
    )


def partnership_budgets() -> pd.DataFrame:
    return query(
        """
        select
            authority_name, is_group_average, budget_area, period_label, gbp_local_authority, gbp_police,
            gbp_health, gbp_total, gbp_combined_total, gbp_average_total, source_section, source_line_total
        from marts.fct_partnership_budget_comparison
        order by budget_area, is_group_average, authority_name
        """
    )


def ees_benchmarks(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """The focus authority against its neighbours on DfE's children's social care statistics, every year."""
    return query(
        """
        select
            measure_id, measure_label, unit, polarity, decimal_places, is_headline, time_period, period_label,
            focus_value, focus_missing_reason, neighbours_average_value, count_neighbours_with_value,
            count_neighbours_in_group, neighbours_median_value, neighbours_min_value, neighbours_max_value,
            england_value, region_value, rank_among_las, count_las_ranked, rank_order
        from marts.fct_ees_csc_neighbour_benchmarks_all_groups
        where focus_la_number = ? and neighbour_group_id = ?
        order by measure_id, time_period
        """,
        (focus_la_number, neighbour_group_id),
    )


def ees_funnel(la_number: int) -> pd.DataFrame:
    """The children's demand funnel from DfE's official statistics for one authority, every year."""
    return query(
        """
        select
            time_period, period_label, stage_order, stage, stage_label, count_at_stage, count_missing_reason,
            rate_per_10k, rate_missing_reason, pct_of_previous_stage, england_rate_per_10k, region_rate_per_10k,
            rate_rank_among_las, count_las_ranked, source_file, source_row
        from marts.fct_ees_csc_demand_funnel
        where la_number = ?
        order by time_period, stage_order
        """,
        (la_number,),
    )


def ees_pack_reconciliation() -> pd.DataFrame:
    """The pack's locally reported children's social care figures against DfE's official ones."""
    return query(
        """
        select
            figure_id, pack_measure, pack_period_label, pack_value, measure_label, dfe_period_label, dfe_value,
            dfe_missing_reason, difference, difference_pct, explanation, pack_source_line, dfe_source_file,
            dfe_source_row
        from marts.fct_ees_csc_pack_reconciliation
        order by time_period, figure_id
        """
    )
