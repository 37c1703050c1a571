-- Every rate or change the annual report prints (the 52% concern-to-enquiry conversion in 2020/21, the Q1
-- demand increases, "740 fewer contacts" ...) agrees with the same figure recomputed by the models from the
-- printed counts, to the pack's rounding - or the pair is pinned in seeds/reference/known_discrepancies.csv
-- (printed_total = the printed rate, sum_of_parts = the recomputed rate to 4 dp) and must match it exactly.
with checks as (
    select * from {{ ref('fct_safeguarding_rate_checks') }}
),

known as (
    select * from {{ ref('known_discrepancies') }}
),

failures as (
    select
        checks.check_id,
        checks.printed_value,
        checks.recomputed_value,
        checks.decimals_printed,
        known.printed_total as known_printed,
        known.sum_of_parts as known_recomputed
    from checks
    left join known
        on checks.printed_figure_id = known.parent_figure_id
    where
        checks.recomputed_value is null
        or (known.parent_figure_id is null and not checks.is_match_at_printed_rounding)
        or (
            known.parent_figure_id is not null
            and (
                known.printed_total <> checks.printed_value
                or known.sum_of_parts <> round(checks.recomputed_value, 4)
                or checks.is_match_at_printed_rounding
            )
        )
),

coverage as (
    -- the checks cover the figures the brief names; dropping one is a failure too
    select
        'missing check: ' || required.check_id as check_id,
        null as printed_value,
        null as recomputed_value,
        null as decimals_printed,
        null as known_printed,
        null as known_recomputed
    from (
        select 'adults_conversion_rate_2020_21' as check_id
        union all
        select 'adults_conversion_rate_2019_20'
        union all
        select 'adults_q1_contacts_pct_change'
        union all
        select 'adults_q1_concerns_pct_change'
        union all
        select 'adults_q1_s42_pct_change'
        union all
        select 'children_contacts_decrease'
        union all
        select 'children_s47_decrease'
    ) as required
    left join checks
        on required.check_id = checks.check_id
    where checks.check_id is null
)

select * from failures
union all
select * from coverage
