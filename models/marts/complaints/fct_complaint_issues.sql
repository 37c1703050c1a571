-- Issues raised in complaints by category: children's social care's full breakdown (counts and shares of the
-- 129 issues) and adult social care's printed "top four issues" per service area with the number not upheld.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where not is_restatement
),

category_figures as (
    select * from figures
    where measure in ('issues_by_category', 'pct_issues_by_category', 'top_issues_raised', 'top_issues_by_outcome')
),

issue_totals as (
    select
        stream,
        service_area,
        period_label,
        figure_id as total_figure_id,
        value as count_issues_in_area,
        source_line as total_source_line
    from figures
    where measure = 'issues_raised'
),

pivoted as (
    select
        stream,
        service_area,
        {{ period_columns() }},
        category as issue_category,
        max(case when measure in ('issues_by_category', 'top_issues_raised') then figure_id end) as figure_id,
        max(case when measure in ('issues_by_category', 'top_issues_raised') then value end) as count_issues,
        max(case when measure = 'pct_issues_by_category' then value end) as pct_of_issues,
        max(case when measure = 'top_issues_by_outcome' and outcome_code = 'not_upheld' then value end)
            as count_issues_not_upheld,
        max(case when measure = 'top_issues_raised' then 1 else 0 end) = 1 as is_top_issue_only,
        max(source_document_id) as source_document_id,
        max(source_section) as source_section,
        max(source_table) as source_table,
        max(case when measure in ('issues_by_category', 'top_issues_raised') then source_line end) as source_line,
        max(case when measure = 'pct_issues_by_category' then source_line end) as source_line_pct,
        max(case when measure = 'top_issues_by_outcome' then source_line end) as source_line_not_upheld
    from category_figures
    group by
        stream,
        service_area,
        {{ period_columns() }},
        category
),

final as (
    select
        pivoted.figure_id,
        pivoted.stream,
        pivoted.service_area,
        {{ period_columns('pivoted') }},
        pivoted.issue_category,
        pivoted.is_top_issue_only,
        cast(pivoted.count_issues as integer) as count_issues,
        pivoted.pct_of_issues,
        cast(pivoted.count_issues_not_upheld as integer) as count_issues_not_upheld,
        cast(issue_totals.count_issues_in_area as integer) as count_issues_in_area,
        issue_totals.total_figure_id,
        pivoted.source_document_id,
        pivoted.source_section,
        pivoted.source_table,
        pivoted.source_line,
        pivoted.source_line_pct,
        pivoted.source_line_not_upheld,
        issue_totals.total_source_line
    from pivoted
    left join issue_totals
        on pivoted.stream = issue_totals.stream
        and pivoted.service_area = issue_totals.service_area
        and pivoted.period_label = issue_totals.period_label
)

select * from final
