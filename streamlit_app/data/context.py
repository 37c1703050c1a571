"""The Context page's queries: every number of the pack, the strategic partners' figures, the health checks, the
community beds paper and the Quick View."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query

#: Sections of the safeguarding report written by the strategic partners and the partnership's subgroups.
PARTNER_SECTIONS = (
    "Updates on Safeguarding Activity from Strategic Partners – Essex Police",
    "Mid and South Essex Foundation Hospital Trust",
    "NHS Southend CCG",
    "Essex Partnership University Trust (EPUT) Safeguarding Adults and Children Team",
    "North East London NHS Foundation Trust (NELFT)",
    "Southend Borough Council - Education",
    "Child Exploitation and Missing",
    "SSPC Audit & Quality Assurance (AQA)",
    "SSPC Performance Subgroup",
    "Joint Learning & Development",
    "Safeguarding Adults Case Review (SACRP)",
)


def partner_figures(section: str) -> pd.DataFrame:
    """The figures a strategic partner's or subgroup's section of the safeguarding report prints."""
    return query(
        """
        select
            figure_id, measure, measure_label, category_label, period_label, value, unit, missing_reason,
            source_table, source_line, note
        from marts.fct_safeguarding_figures
        where source_section = ?
        order by coalesce(source_line, 999999), figure_id
        """,
        (section,),
    )


def ld_annual_health_checks() -> pd.DataFrame:
    return query(
        """
        select
            ccg_code, ccg_name, ccg_name_as_printed, is_total_row, checks_q1, checks_q2, checks_q3, checks_q4,
            checks_completed, checks_quarters_sum, checks_target, checks_same_point_last_year, pct_of_target,
            checks_more_than_same_point_last_year, has_known_discrepancy, source_section, first_source_line,
            last_source_line
        from marts.fct_ld_annual_health_checks
        order by is_total_row, ccg_name
        """
    )


def community_beds() -> pd.DataFrame:
    return query(
        """
        select
            figure_id, measure_label, category, period_label, value, unit, missing_reason, note, source_table,
            source_line
        from marts.fct_community_inpatient_beds
        order by coalesce(source_line, 999999), figure_id
        """
    )


def quick_view() -> pd.DataFrame:
    return query(
        """
        select figure_id, is_placed, panel, label_as_printed, candidate_labels, value, unit, note, source_line
        from marts.fct_southend_quick_view
        order by not is_placed, source_line, figure_id
        """
    )


def pack_number_exclusion_counts() -> pd.DataFrame:
    return query(
        """
        select reason, reason_description, count_numbers
        from marts.fct_pack_number_exclusion_counts
        order by count_numbers desc, reason
        """
    )


def search_pack(term: str) -> pd.DataFrame:
    """Every transcribed figure, and every number that is not a figure, matching a word or a number.

    A number ("294", "1,839") matches figures with that value and listed numbers printed so; words match the
    figure's measure, category, section, table and note (or an indicator's label).
    """
    text = term.strip().lower()
    cleaned = text.replace(",", "").replace("£", "").replace("%", "")
    try:
        number = float(cleaned) if cleaned else None
    except ValueError:
        number = None
    return query(
        """
        with figures as (
            select
                'Safeguarding report' as found_in, figure_id,
                measure_label || coalesce(' – ' || category_label, '') as description,
                value, unit, period_label, missing_reason, source_section, source_table, source_line,
                coalesce(note, '') as note
            from marts.fct_safeguarding_figures
            union all
            select
                'Learning-disability health checks (NHS Southend CCG)' as found_in, 'ld_ahc_' || ccg_code as figure_id,
                'annual health checks completed – ' || ccg_name as description, checks_completed as value,
                'count' as unit, '2020/21' as period_label, null as missing_reason,
                source_section, source_table, source_line_completed as source_line,
                'Q1 ' || checks_q1 || ', Q2 ' || checks_q2 || ', Q3 ' || checks_q3 || ', Q4 ' || checks_q4
                || '; target ' || checks_target || '; same point last year ' || checks_same_point_last_year as note
            from marts.fct_ld_annual_health_checks
            union all
            select
                'Complaints report' as found_in, figure_id,
                replace(measure, '_', ' ') || ' – ' || stream as description,
                value, unit, period_label, missing_reason, source_section, source_table, source_line,
                coalesce(note, '') as note
            from marts.fct_complaint_measures
            union all
            select
                'Complaints report' as found_in, figure_id,
                replace(measure, '_', ' ') || ' – ' || stream
                || coalesce(' – ' || replace(category, '_', ' '), '') as description,
                value, unit, period_label, missing_reason, source_section, source_table, source_line,
                coalesce(note, '') as note
            from marts.fct_complaint_breakdowns
            union all
            select
                'Data matrix (Appendix 1)' as found_in, values_.indicator_id as figure_id,
                indicators.indicator_label as description, values_.southend_value as value, values_.unit,
                values_.period_label, values_.southend_missing_reason as missing_reason, values_.source_section,
                values_.source_table, values_.southend_value_source_line as source_line, '' as note
            from marts.fct_benchmark_values as values_
            inner join marts.dim_indicators as indicators on values_.indicator_id = indicators.indicator_id
            union all
            select
                'Community inpatient beds paper' as found_in, figure_id,
                measure_label || coalesce(' – ' || category, '') as description, value, unit,
                period_label, missing_reason, source_section, source_table, source_line, coalesce(note, '') as note
            from marts.fct_community_inpatient_beds
            union all
            select
                'Southend – A Quick View' as found_in, figure_id,
                coalesce(label_as_printed, 'unplaced: ' || candidate_labels) as description, value, unit,
                'not printed' as period_label, null as missing_reason, source_section, source_table, source_line,
                coalesce(note, '') as note
            from marts.fct_southend_quick_view
        ),

        matches as (
            select
                found_in, true as is_figure, description, value, unit, period_label, missing_reason,
                null as reason, source_section, source_table, source_line, note
            from figures
            where
                (? is not null and abs(value) = ?)
                or (? is null and ? <> '' and contains(
                    lower(
                        description || ' ' || figure_id || ' ' || coalesce(source_section, '') || ' '
                        || coalesce(source_table, '') || ' ' || note
                    ), ?
                ))
            union all
            select
                'Not a figure' as found_in, false as is_figure,
                number_as_printed || ': ' || replace(reason, '_', ' ') as description, null as value, null as unit,
                null as period_label, null as missing_reason, reason, null as source_section, null as source_table,
                source_line, coalesce(note, reason_description) as note
            from marts.fct_pack_number_exclusions
            where ? is not null and try_cast(replace(number_as_printed, ',', '') as double) = ?
        )

        select * from matches
        order by not is_figure, found_in, source_line
        limit 200
        """,
        (number, number, number, text, text, number, number),
    )
