-- Each focus LA has exactly one default neighbour group, and Southend's is the pack's (pack_2021).
with

defaults as (
    select
        focus_la_number,
        count(distinct neighbour_group_id) as count_default_groups,
        max(neighbour_group_id) as default_group
    from {{ ref('dim_lait_neighbour_group_members') }}
    where is_default_for_focus
    group by focus_la_number
)

select *
from defaults
where
    count_default_groups <> 1
    or (focus_la_number = 882 and default_group <> 'pack_2021')
