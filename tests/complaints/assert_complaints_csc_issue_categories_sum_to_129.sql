-- Children's social care 2020/21 (5.4): the 14 issue categories add up to the 129 issues (the table's Grand
-- Total and the 129 in the text), and their printed shares (1 decimal) add up to 100 within rounding (100.1).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
),

categories as (
    select
        count(*) filter (where measure = 'issues_by_category') as count_categories,
        sum(value) filter (where measure = 'issues_by_category') as sum_issues,
        sum(value) filter (where measure = 'pct_issues_by_category') as sum_pct
    from figures
    where stream = 'childrens_social_care' and period_label = '2020/21'
),

totals as (
    select
        max(case when figure_id = 'csc_issues_2020_21' then value end) as issues_text,
        max(case when figure_id = 'csc_issues_2020_21_grand_total' then value end) as issues_grand_total
    from figures
)

select *
from categories
cross join totals
where
    count_categories <> 14
    or sum_issues <> 129
    or issues_text <> 129
    or issues_grand_total <> 129
    or sum_pct <> 100.1
