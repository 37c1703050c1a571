-- KNOWN DISCREPANCY, pinned. Adult social care 2020/21: the pack prints 135 complaints received, and by
-- service area 61 internal (4.7) + 63 domiciliary care (4.8.1) + 9 residential care (4.8.2) = 133. The
-- difference is exactly 2 and is recorded in known_discrepancies (complaints_asc_service_area_split_2020_21);
-- a change to any of the four figures fails here.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where
        stream = 'adult_social_care'
        and measure = 'complaints_received'
        and period_label = '2020/21'
        and not is_restatement
),

checks as (
    select
        max(case when figure_id = 'asc_complaints_received_2020_21' then value end) as printed_total,
        sum(value) filter (where service_area <> 'all') as sum_of_service_areas
    from figures
),

known as (
    select
        printed_total as known_total,
        sum_of_parts as known_sum
    from {{ ref('known_discrepancies') }}
    where discrepancy_id = 'complaints_asc_service_area_split_2020_21'
)

select *
from checks
full outer join known on true
where
    printed_total is distinct from 135
    or sum_of_service_areas is distinct from 133
    or printed_total - sum_of_service_areas <> 2
    or known_total is distinct from printed_total
    or known_sum is distinct from sum_of_service_areas
