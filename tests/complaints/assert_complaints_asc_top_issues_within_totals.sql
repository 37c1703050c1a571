-- Adult social care 2020/21 (4.7, 4.8.1): the "top four issues" are part of the service area's issues - each
-- count no more than the area's issues, their sum no more than the area's issues (46 of 61; 42 of 98), and
-- the number not upheld no more than the issue's count.
with issues as (
    select * from {{ ref('fct_complaint_issues') }}
    where is_top_issue_only
),

by_area as (
    select
        service_area,
        count(*) as count_top_issues,
        sum(count_issues) as sum_top_issues,
        max(count_issues_in_area) as count_issues_in_area
    from issues
    group by service_area
)

select
    service_area,
    count_top_issues,
    sum_top_issues,
    count_issues_in_area
from by_area
where count_top_issues <> 4 or sum_top_issues > count_issues_in_area or count_issues_in_area is null
union all
select
    service_area,
    null as count_top_issues,
    count_issues_not_upheld as sum_top_issues,
    count_issues as count_issues_in_area
from issues
where count_issues_not_upheld > count_issues or count_issues_not_upheld is null
