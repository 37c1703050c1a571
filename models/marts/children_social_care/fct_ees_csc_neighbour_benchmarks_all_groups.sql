{{ config(materialized='view') }}
-- One row per neighbour group, focus authority, children's social care measure and year: the focus
-- authority's official figure beside its neighbours' mean (neighbours without a value left out, with
-- how many were used), median, lowest and highest (macro neighbour_statistics), England, its region and
-- its rank. Every authority in DfE's neighbour models is a focus; the pack's group has its focus. A view:
-- filter on neighbour_group_id and focus_la_number.
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
),

measure_values as (
    select * from {{ ref('fct_ees_csc_values') }}
    where geographic_level = 'local_authority' and la_number is not null
),

neighbour_values as (
    select
        measure_id || '|' || cast(time_period as {{ dbt.type_string() }}) as series_id,
        la_number,
        value
    from measure_values
    where value is not null
),

neighbour_statistics as (
    {{ neighbour_statistics('members', 'neighbour_values', with_median=true) }}
),

groups as (
    {{ neighbour_group_sizes('members') }}
),

final as (
    select
        groups.neighbour_group_id,
        groups.is_default_for_focus,
        groups.focus_la_number,
        measure_values.area_name as focus_la_name,
        measure_values.measure_id,
        measure_values.measure_label,
        measure_values.unit,
        measure_values.polarity,
        measure_values.decimal_places,
        measure_values.is_headline,
        measure_values.time_period,
        measure_values.period_label,
        measure_values.is_latest_period,
        measure_values.value as focus_value,
        measure_values.missing_reason as focus_missing_reason,
        neighbour_statistics.neighbours_average_value,
        cast(coalesce(neighbour_statistics.count_neighbours_with_value, 0) as integer) as count_neighbours_with_value,
        cast(groups.count_neighbours_in_group as integer) as count_neighbours_in_group,
        neighbour_statistics.neighbours_median_value,
        neighbour_statistics.neighbours_min_value,
        neighbour_statistics.neighbours_max_value,
        measure_values.england_value,
        measure_values.region_value,
        measure_values.rank_among_las,
        measure_values.count_las_ranked,
        measure_values.rank_order
    from groups
    inner join measure_values
        on groups.focus_la_number = measure_values.la_number
    left join neighbour_statistics
        on
        groups.neighbour_group_id = neighbour_statistics.neighbour_group_id
        and groups.focus_la_number = neighbour_statistics.focus_la_number
        and measure_values.measure_id || '|' || cast(measure_values.time_period as {{ dbt.type_string() }})
        = neighbour_statistics.series_id
)

select * from final
