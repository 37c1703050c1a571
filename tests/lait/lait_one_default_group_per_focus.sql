-- Each focus LA has exactly one default neighbour group, and wherever the group named by the var
-- default_neighbour_group_id has the focus, that group is its default. (Which group is the default
-- otherwise, the latest published, is the unit test on int_lait_neighbour_group_members.)
with

members as (
    select distinct
        neighbour_group_id,
        focus_la_number,
        is_default_for_focus
    from {{ ref('dim_lait_neighbour_group_members') }}
),

focuses as (
    select
        focus_la_number,
        count(distinct case when is_default_for_focus then neighbour_group_id end) as count_default_groups,
        max(case when is_default_for_focus then neighbour_group_id end) as default_group,
        max(
            case when neighbour_group_id = '{{ var("default_neighbour_group_id") }}' then neighbour_group_id end
        ) as var_group
    from members
    group by focus_la_number
)

select *
from focuses
where
    count_default_groups <> 1
    or default_group <> coalesce(var_group, default_group)
