-- Children's social care (5.3): "the previous 3 quarters had averaged 25/quarter" - (27 + 21 + 27) / 3 = 25,
-- and 1.4 issues per complaint = 129 issues / 90 complaints, to one decimal.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where stream = 'childrens_social_care'
),

checks as (
    select
        max(case when figure_id = 'csc_avg_complaints_q1_q3_2020_21' then value end) as printed_average,
        (
            max(case when figure_id = 'csc_complaints_q1_2020_21' then value end)
            + max(case when figure_id = 'csc_complaints_q2_2020_21' then value end)
            + max(case when figure_id = 'csc_complaints_q3_2020_21' then value end)
        ) / 3.0 as computed_average,
        max(case when figure_id = 'csc_issues_per_complaint_2020_21' then value end) as printed_ratio,
        round(
            max(case when figure_id = 'csc_issues_2020_21' then value end)
            / max(case when figure_id = 'csc_complaints_2020_21' then value end), 1
        ) as computed_ratio
    from figures
)

select * from checks
where printed_average <> computed_average or printed_ratio <> computed_ratio
