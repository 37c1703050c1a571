-- Every statistical-neighbour group's members, versioned: the pack's ten (pack_2021) and DfE's
-- models of April 2021 and May 2025, with names.
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
),

areas as (
    select * from {{ ref('int_lait_areas') }}
),

final as (
    select
        members.neighbour_group_id,
        members.focus_la_number,
        focus.area_name as focus_la_name,
        cast(members.neighbour_position as integer) as neighbour_position,
        members.neighbour_la_number,
        neighbour.area_name as neighbour_la_name,
        members.closeness,
        members.is_default_for_focus,
        members.is_legacy_focus,
        members.member_source
    from members
    left join areas as focus
        on members.focus_la_number = focus.la_number
    left join areas as neighbour
        on members.neighbour_la_number = neighbour.la_number
)

select * from final
