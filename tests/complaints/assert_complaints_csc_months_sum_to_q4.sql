-- Children's social care (5.3 "4th Quarter complaints"): January + February + March add up to the "Qtr 4
-- total" (3 + 7 + 10 = 20 in 2019/20; 3 + 7 + 5 = 15 in 2020/21), which equals Q4 in the quarterly table and
-- the Q4 figures quoted in the text (15, and "20 complaints" in the 4th quarter of 2019).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where stream = 'childrens_social_care' and measure = 'complaints_received'
),

months as (
    select
        parent_figure_id,
        count(*) as count_months,
        sum(value) as sum_months
    from figures
    where period_kind = 'month'
    group by parent_figure_id
),

q4_totals as (
    select
        month_table.figure_id,
        month_table.value as q4_month_table,
        quarter_table.value as q4_quarter_table,
        text_figure.value as q4_text
    from figures as month_table
    inner join figures as quarter_table
        on month_table.restates_figure_id = quarter_table.figure_id
    inner join figures as text_figure
        on text_figure.restates_figure_id = quarter_table.figure_id
        and text_figure.source_table = 'paragraph'
    where month_table.source_table = '4th Quarter complaints'
),

q4_count as (
    select count(*) as count_q4_totals
    from q4_totals
)

select
    q4_totals.*,
    months.count_months,
    months.sum_months
from q4_totals
left join months
    on q4_totals.figure_id = months.parent_figure_id
cross join q4_count
where
    months.count_months is distinct from 3
    or months.sum_months is distinct from q4_totals.q4_month_table
    or q4_totals.q4_month_table <> q4_totals.q4_quarter_table
    or q4_totals.q4_text <> q4_totals.q4_quarter_table
    or q4_count.count_q4_totals <> 2
