-- Children's social care (5.4): statutory + corporate complaints = 90 in both years (73 + 17 in 2020/21,
-- 83 + 7 in 2019/20) and their shares add to 100 (81 + 19, 92 + 8).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where stream = 'childrens_social_care' and category in ('statutory', 'corporate')
),

by_year as (
    select
        period_label,
        sum(value) filter (where unit = 'count') as sum_count,
        sum(value) filter (where unit = 'percent') as sum_pct,
        count(*) as count_rows
    from figures
    group by period_label
)

select * from by_year
where sum_count <> 90 or sum_pct <> 100 or count_rows <> 4
union all
select
    'missing year' as period_label,
    null as sum_count,
    null as sum_pct,
    count(*) as count_rows
from by_year
having count(*) <> 2
