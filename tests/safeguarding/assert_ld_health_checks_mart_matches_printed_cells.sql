-- The learning-disability health-checks mart holds the table as printed: every printed cell (seed
-- ld_annual_health_checks, one row per cell, reconciled there by rows and columns) is in its CCG's row and
-- column of the mart, and the mart has no row the table does not print.
with cells as (
    select * from {{ ref('stg_safeguarding__ld_annual_health_checks') }}
),

checks as (
    select * from {{ ref('fct_ld_annual_health_checks') }}
),

cell_in_mart as (
    select
        cells.figure_id,
        cells.value as printed_value,
        case
            when cells.measure = 'annual_health_checks_target' then checks.checks_target
            when cells.measure = 'annual_health_checks_completed_same_point_last_year'
                then checks.checks_same_point_last_year
            when cells.period_label = 'Q1 2020/21' then checks.checks_q1
            when cells.period_label = 'Q2 2020/21' then checks.checks_q2
            when cells.period_label = 'Q3 2020/21' then checks.checks_q3
            when cells.period_label = 'Q4 2020/21' then checks.checks_q4
            when cells.period_label = '2020/21' then checks.checks_completed
        end as mart_value
    from cells
    left join checks
        on cells.ccg_code = checks.ccg_code
),

failures as (
    select
        figure_id,
        printed_value,
        mart_value
    from cell_in_mart
    where mart_value is null or mart_value <> printed_value
    union all
    select
        checks.ccg_code as figure_id,
        null as printed_value,
        null as mart_value
    from checks
    where checks.ccg_code not in (select cells.ccg_code from cells)
)

select * from failures
