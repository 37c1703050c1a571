-- One row: the authority this warehouse is built to focus on (dbt var focus_la_number) with its name,
-- England's DfE number (var england_la_number) and the neighbour group it is compared with by default.
-- The app's default authority and the quality gate's per-focus slices read it from here.
with

authorities as (
    select
        la_number,
        la_name
    from {{ ref('stg_reference__local_authorities') }}
),

areas as (
    select
        la_number,
        area_name,
        region_la_number
    from {{ ref('int_lait_areas') }}
),

focus_groups as (
    select
        focus_la_number,
        max(case when is_default_for_focus then neighbour_group_id end) as default_neighbour_group_id
    from {{ ref('int_lait_neighbour_group_members') }}
    where focus_la_number = {{ var('focus_la_number') }}
    group by focus_la_number
),

parameters as (
    select
        cast({{ var('focus_la_number') }} as integer) as focus_la_number,
        cast({{ var('england_la_number') }} as integer) as england_la_number,
        '{{ var("default_neighbour_group_id") }}' as default_neighbour_group_id
),

final as (
    select
        parameters.focus_la_number,
        coalesce(authorities.la_name, areas.area_name) as focus_la_name,
        areas.region_la_number as focus_region_la_number,
        parameters.england_la_number,
        parameters.default_neighbour_group_id,
        focus_groups.default_neighbour_group_id as focus_default_neighbour_group_id
    from parameters
    left join authorities
        on parameters.focus_la_number = authorities.la_number
    left join areas
        on parameters.focus_la_number = areas.la_number
    left join focus_groups
        on parameters.focus_la_number = focus_groups.focus_la_number
)

select * from final
