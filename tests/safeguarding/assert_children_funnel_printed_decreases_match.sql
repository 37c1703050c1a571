-- The children's demand funnel: every printed year-on-year decrease ("740 fewer contacts in 20/21 (9644)
-- compared to 19/20 (10384)", likewise referrals 674, assessments 871, S47s 174) equals the change the mart
-- recomputes from the printed counts; and the funnel has its four stages in both years. (It does not narrow
-- at every step: more assessments are completed than referrals received, 2,122 vs 2,053 in 2020/21.)
with funnel as (
    select * from {{ ref('fct_children_demand_funnel') }}
),

decrease_failures as (
    select
        financial_year,
        stage,
        'printed decrease differs' as problem
    from funnel
    where
        financial_year = '2020/21'
        and (count_decrease_printed is null or count_decrease_printed <> -count_change_vs_previous_year)
),

shape_failures as (
    select
        financial_year,
        'all' as stage,
        'expected 4 stages' as problem
    from funnel
    group by financial_year
    having count(*) <> 4
)

select * from decrease_failures
union all
select * from shape_failures
