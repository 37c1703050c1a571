-- Outcomes in the one vocabulary across the four streams: how many complaints, issues or Ombudsman decisions
-- ended in each outcome, with the printed share where there is one. One row per stream, service area,
-- period, subject and outcome.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where
        not is_restatement
        and outcome_code is not null
        and measure in (
            'issues_by_outcome', 'pct_issues_by_outcome', 'pct_complaints_by_outcome', 'decisions_by_outcome'
        )
),

subjects as (
    select
        *,
        case
            when measure in ('issues_by_outcome', 'pct_issues_by_outcome') then 'issues'
            when measure = 'pct_complaints_by_outcome' then 'complaints'
            when measure = 'decisions_by_outcome' then 'ombudsman_decisions'
        end as outcome_subject
    from figures
),

pivoted as (
    select
        stream,
        service_area,
        {{ period_columns() }},
        outcome_subject,
        outcome_code,
        outcome_group,
        is_combined_outcome,
        max(outcome_as_printed) as outcome_as_printed,
        max(case when unit = 'count' then figure_id end) as count_figure_id,
        max(case when unit = 'percent' then figure_id end) as pct_figure_id,
        max(case when unit = 'count' then value end) as count_outcome,
        max(case when unit = 'count' then missing_reason end) as count_missing_reason,
        max(case when unit = 'percent' then value end) as pct_of_subject,
        max(coalesce(total_figure_id, denominator_figure_id)) as total_figure_id,
        max(source_document_id) as source_document_id,
        max(source_section) as source_section,
        max(source_table) as source_table,
        max(case when unit = 'count' then source_line end) as source_line,
        max(case when unit = 'percent' then source_line end) as source_line_pct
    from subjects
    group by
        stream,
        service_area,
        {{ period_columns() }},
        outcome_subject,
        outcome_code,
        outcome_group,
        is_combined_outcome
),

final as (
    select
        coalesce(count_figure_id, pct_figure_id) as figure_id,
        stream,
        service_area,
        {{ period_columns() }},
        outcome_subject,
        outcome_as_printed,
        outcome_code,
        outcome_group,
        is_combined_outcome,
        cast(count_outcome as integer) as count_outcome,
        count_missing_reason,
        pct_of_subject,
        total_figure_id,
        source_document_id,
        source_section,
        source_table,
        coalesce(source_line, source_line_pct) as source_line,
        source_line_pct
    from pivoted
)

select * from final
