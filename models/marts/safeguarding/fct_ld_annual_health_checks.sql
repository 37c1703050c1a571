-- NHS Southend CCG's learning-disability annual health checks in 2020/21 (pack lines 3948-4037), as the table
-- prints it: one row per CCG of the seven in Essex and one for the printed Total row, with the checks completed
-- in each quarter and in the year, the target (67% of patients on GPs' LD registers), the checks completed at
-- the same point last year, the sum of the printed quarters, the share of the target reached and the difference
-- from last year. Printed totals that do not add up are flagged (seed known_discrepancies).
with cells as (
    select * from {{ ref('stg_safeguarding__ld_annual_health_checks') }}
),

known as (
    select parent_figure_id from {{ ref('known_discrepancies') }}
),

flagged as (
    select
        cells.*,
        known.parent_figure_id is not null as is_known_discrepancy
    from cells
    left join known
        on cells.figure_id = known.parent_figure_id
),

pivoted as (
    select
        ccg_code,
        ccg_name,
        ccg_name_as_printed,
        is_total_row,
        max(case when measure = 'annual_health_checks_completed' and period_label = 'Q1 2020/21' then value end)
            as checks_q1,
        max(case when measure = 'annual_health_checks_completed' and period_label = 'Q2 2020/21' then value end)
            as checks_q2,
        max(case when measure = 'annual_health_checks_completed' and period_label = 'Q3 2020/21' then value end)
            as checks_q3,
        max(case when measure = 'annual_health_checks_completed' and period_label = 'Q4 2020/21' then value end)
            as checks_q4,
        max(case when measure = 'annual_health_checks_completed' and period_label = '2020/21' then value end)
            as checks_completed,
        max(case when measure = 'annual_health_checks_target' then value end) as checks_target,
        max(case when measure = 'annual_health_checks_completed_same_point_last_year' then value end)
            as checks_same_point_last_year,
        max(case when is_known_discrepancy then 1 else 0 end) = 1 as has_known_discrepancy,
        max(
            case when measure = 'annual_health_checks_completed' and period_label = '2020/21' then source_line end
        ) as source_line_completed,
        min(source_line) as first_source_line,
        max(source_line) as last_source_line,
        max(source_document_id) as source_document_id,
        max(source_section) as source_section,
        max(source_table) as source_table
    from flagged
    group by
        ccg_code,
        ccg_name,
        ccg_name_as_printed,
        is_total_row
),

final as (
    select
        ccg_code,
        ccg_name,
        ccg_name_as_printed,
        is_total_row,
        cast(checks_q1 as integer) as checks_q1,
        cast(checks_q2 as integer) as checks_q2,
        cast(checks_q3 as integer) as checks_q3,
        cast(checks_q4 as integer) as checks_q4,
        cast(checks_completed as integer) as checks_completed,
        cast(checks_q1 + checks_q2 + checks_q3 + checks_q4 as integer) as checks_quarters_sum,
        cast(checks_target as integer) as checks_target,
        cast(checks_same_point_last_year as integer) as checks_same_point_last_year,
        cast(100 * cast(checks_completed as double) / cast(checks_target as double) as decimal(9, 1))
            as pct_of_target,
        cast(checks_completed - checks_same_point_last_year as integer) as checks_more_than_same_point_last_year,
        has_known_discrepancy,
        source_document_id,
        source_section,
        source_table,
        source_line_completed,
        first_source_line,
        last_source_line
    from pivoted
)

select * from final
