-- Ombudsman 2020/21 (6.4): the six decision categories (6 + 12 + 2 + 6 + 13 + 5) add up to the 44 decisions
-- printed in the text and in the table; the 5 upheld decisions match the 5 upheld detailed investigations
-- (6.5) and the 5 upheld cases summarised in 6.6.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
),

cases as (
    select count(*) as count_upheld_cases from {{ ref('fct_ombudsman_upheld_cases') }}
),

checks as (
    select
        sum(value) filter (where measure = 'decisions_by_outcome') as sum_decisions,
        count(*) filter (where measure = 'decisions_by_outcome') as count_categories,
        max(case when figure_id = 'lgsco_decisions_2020_21' then value end) as decisions_text,
        max(case when figure_id = 'lgsco_decisions_2020_21_table' then value end) as decisions_table,
        max(case when figure_id = 'lgsco_decisions_upheld_2020_21' then value end) as decisions_upheld,
        max(case when figure_id = 'lgsco_detailed_investigations_upheld_2020_21' then value end)
            as investigations_upheld
    from figures
    where stream = 'ombudsman'
)

select *
from checks
cross join cases
where
    sum_decisions <> 44
    or count_categories <> 6
    or decisions_text <> 44
    or decisions_table <> 44
    or decisions_upheld <> 5
    or investigations_upheld <> 5
    or count_upheld_cases <> 5
