-- Adult social care 2020/21: the outcomes of the issues add up to the issues raised - internal services
-- 31 + 7 + 16 + 6 + 1 = 61 (4.7), domiciliary care 52 + 5 + 23 + 17 + 1 = 98 (4.8.1).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where stream = 'adult_social_care' and not is_restatement
),

issues as (
    select
        service_area,
        value as count_issues
    from figures
    where measure = 'issues_raised' and service_area in ('internal_services', 'domiciliary_care')
),

outcomes as (
    select
        service_area,
        count(*) as count_outcomes,
        sum(value) as sum_outcomes
    from figures
    where measure = 'issues_by_outcome'
    group by service_area
),

expected as (
    select
        'internal_services' as service_area,
        61 as expected_issues
    union all
    select
        'domiciliary_care' as service_area,
        98 as expected_issues
)

select
    expected.service_area,
    expected.expected_issues,
    issues.count_issues,
    outcomes.count_outcomes,
    outcomes.sum_outcomes
from expected
left join issues on expected.service_area = issues.service_area
left join outcomes on expected.service_area = outcomes.service_area
where
    issues.count_issues is distinct from expected.expected_issues
    or outcomes.sum_outcomes is distinct from expected.expected_issues
    or outcomes.count_outcomes is distinct from 5
