-- Adult social care 2020/21 (4.5): of the 135 complaints received, 4 were withdrawn, 3 moved to safeguarding
-- and 128 responded to; 4 + 3 + 128 = 135.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
),

checks as (
    select
        max(case when figure_id = 'asc_complaints_received_2020_21' then value end) as received,
        sum(value) filter (
            where measure in ('complaints_withdrawn', 'complaints_moved_to_safeguarding', 'complaints_responded')
            and stream = 'adult_social_care' and service_area = 'all'
        ) as sum_of_split
    from figures
)

select * from checks
where received <> 135 or sum_of_split <> 135
