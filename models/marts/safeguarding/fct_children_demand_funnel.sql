-- The children's social care demand funnel by financial year: contacts -> referrals -> assessments -> Section 47
-- investigations, each stage's conversion from the stage before, and the change on the previous year.
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
    where domain = 'children'
),

stages as (
    select
        figure_id,
        measure as stage,
        case measure
            when 'contacts' then 1
            when 'referrals' then 2
            when 'assessments' then 3
            when 's47_investigations' then 4
        end as stage_order,
        period_label,
        period_start_date,
        period_end_date,
        value as count_at_stage,
        source_document_id,
        source_line
    from figures
    where
        measure in ('contacts', 'referrals', 'assessments', 's47_investigations')
        and category is null
),

printed_decreases as (
    select
        category as stage,
        period_label,
        value as count_decrease_printed,
        source_line as source_line_decrease_printed
    from figures
    where measure = 'decrease_vs_previous_year'
),

derived as (
    select
        stages.*,
        lag(count_at_stage) over (partition by period_label order by stage_order) as count_at_previous_stage,
        lag(count_at_stage) over (partition by stage order by period_start_date) as count_previous_year
    from stages
),

final as (
    select
        derived.period_label as financial_year,
        derived.period_start_date,
        derived.period_end_date,
        derived.stage_order,
        derived.stage,
        cast(derived.count_at_stage as integer) as count_at_stage,
        cast(derived.count_at_previous_stage as integer) as count_at_previous_stage,
        cast(100.0 * derived.count_at_stage / nullif(derived.count_at_previous_stage, 0) as decimal(9, 2))
            as pct_of_previous_stage,
        cast(derived.count_previous_year as integer) as count_previous_year,
        cast(derived.count_at_stage - derived.count_previous_year as integer) as count_change_vs_previous_year,
        cast(
            100.0 * (derived.count_at_stage - derived.count_previous_year) / nullif(derived.count_previous_year, 0)
            as decimal(9, 2)
        ) as pct_change_vs_previous_year,
        cast(printed_decreases.count_decrease_printed as integer) as count_decrease_printed,
        derived.figure_id,
        derived.source_document_id,
        derived.source_line,
        printed_decreases.source_line_decrease_printed
    from derived
    left join printed_decreases
        on derived.stage = printed_decreases.stage
        and derived.period_label = printed_decreases.period_label
)

select * from final
