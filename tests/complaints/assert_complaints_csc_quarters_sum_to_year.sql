-- Children's social care (5.3 "Complaints by Qtr"): the four quarters add up to the year's total for both
-- years (20 + 21 + 29 + 20 = 90 in 2019/20; 27 + 21 + 27 + 15 = 90 in 2020/21), and each year total is
-- restated as 90 in the statutory / corporate table (5.4).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where stream = 'childrens_social_care' and measure = 'complaints_received' and not is_restatement
),

quarters as (
    select
        substr(period_label, 4) as financial_year,
        count(*) as count_quarters,
        sum(value) as sum_quarters
    from figures
    where period_kind = 'quarter'
    group by substr(period_label, 4)
),

years as (
    select
        period_label as financial_year,
        value as year_total
    from figures
    where period_kind = 'financial_year' and category is null
)

select
    years.financial_year,
    years.year_total,
    quarters.count_quarters,
    quarters.sum_quarters
from years
left join quarters
    on years.financial_year = quarters.financial_year
where
    years.year_total <> 90
    or quarters.count_quarters is distinct from 4
    or quarters.sum_quarters is distinct from years.year_total
