"""The Complaints page's queries: the pack's annual report on comments, complaints and compliments."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query
from streamlit_app.data.shared import vocabulary_labels


def stream_names() -> dict[str, str]:
    """The complaint streams' names (general, adult social care, children's social care, the Ombudsman)."""
    return vocabulary_labels("stream")


def complaint_measure_by_year(measure: str) -> pd.DataFrame:
    """A measure for each stream and financial year, as printed (no restated copies, no breakdowns)."""
    return query(
        """
        select
            stream, measure, period_label, period_start_date, value, unit, missing_reason,
            source_section, source_table, source_line
        from marts.fct_complaint_measures
        where
            measure = ?
            and period_kind = 'financial_year'
        order by stream, period_start_date
        """,
        (measure,),
    )


def complaints_by_period(period_kind: str) -> pd.DataFrame:
    """Complaints received by quarter or by month (children's social care prints both)."""
    return query(
        """
        select
            stream, period_label, period_start_date, value, missing_reason, source_section, source_table,
            source_line
        from marts.fct_complaint_measures
        where
            measure = 'complaints_received'
            and period_kind = ?
        order by stream, period_start_date
        """,
        (period_kind,),
    )


def complaint_issues() -> pd.DataFrame:
    return query(
        """
        select
            stream, service_area, period_label, issue_category, is_top_issue_only, count_issues,
            pct_of_issues, count_issues_not_upheld, count_issues_in_area, source_section, source_table,
            source_line
        from marts.fct_complaint_issues
        order by stream, service_area, count_issues desc
        """
    )


def complaint_outcomes() -> pd.DataFrame:
    return query(
        """
        select
            stream, service_area, period_label, outcome_subject, outcome_as_printed, outcome_group,
            count_outcome, count_missing_reason, pct_of_subject, source_section, source_table, source_line
        from marts.fct_complaint_outcomes
        order by stream, service_area, outcome_subject, count_outcome desc
        """
    )


def complaint_timeliness() -> pd.DataFrame:
    return query(
        """
        select
            stream, service_area, period_label, count_complaints_in_base, count_within_timescale,
            pct_within_timescale, timescale_basis, source_section, source_table, source_line
        from marts.fct_complaint_timeliness
        order by stream, period_start_date
        """
    )


def ombudsman_decisions() -> pd.DataFrame:
    return query(
        """
        select
            period_label, category, outcome_as_printed, value, missing_reason, source_section, source_table,
            source_line
        from marts.fct_complaint_breakdowns
        where stream = 'ombudsman' and measure = 'decisions_by_outcome'
        order by value desc
        """
    )


def ombudsman_investigations() -> pd.DataFrame:
    return query(
        """
        select
            period_label, period_start_date, count_detailed_investigations, count_upheld, pct_upheld_rate,
            source_section, source_table, source_line
        from marts.fct_ombudsman_investigations
        order by period_start_date
        """
    )


def ombudsman_upheld_cases() -> pd.DataFrame:
    return query(
        """
        select
            case_id, council_function, summary_of_complaint, service_improvement_recommendations,
            agreed_remedy, period_label, source_section, source_line
        from marts.fct_ombudsman_upheld_cases
        order by case_order
        """
    )
