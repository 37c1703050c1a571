{{ config(materialized='view') }}
-- Side by side: for a neighbour group, focus LA, measure and period, one row for the focus LA
-- (neighbour_position 0) and one per neighbour (1-10, in the group's order), each with its value,
-- plus the neighbours' average and how many neighbours it used. A view: filter on focus, measure and
-- period (all LAs x groups x measures x periods would be ~12 million rows).
with

members as (
    select
        neighbour_group_id,
        focus_la_number,
        neighbour_position,
        neighbour_la_number,
        closeness,
        is_default_for_focus
    from {{ ref('int_lait_neighbour_group_members') }}
),

focus_rows as (
    select distinct
        neighbour_group_id,
        focus_la_number,
        0 as neighbour_position,
        focus_la_number as neighbour_la_number,
        cast(null as {{ dbt.type_string() }}) as closeness,
        is_default_for_focus
    from members
),

all_rows as (
    select * from focus_rows
    union all
    select * from members
),

values_ as (
    select * from {{ ref('fct_lait_values') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
),

averages as (
    select * from {{ ref('int_lait_neighbour_averages') }}
),

final as (
    select
        all_rows.neighbour_group_id,
        all_rows.is_default_for_focus,
        all_rows.focus_la_number,
        values_.measure_code,
        values_.period_label,
        values_.period_end_year,
        cast(all_rows.neighbour_position as integer) as neighbour_position,
        all_rows.neighbour_position = 0 as is_focus,
        all_rows.neighbour_la_number as la_number,
        values_.area_name as la_name,
        all_rows.closeness,
        values_.value,
        values_.missing_reason,
        values_.rank_among_las,
        values_.quartile_band,
        averages.neighbours_average_value,
        cast(averages.count_neighbours_with_value as integer) as count_neighbours_with_value
    from all_rows
    inner join values_
        on all_rows.neighbour_la_number = values_.la_number
    left join averages
        on all_rows.neighbour_group_id = averages.neighbour_group_id
        and all_rows.focus_la_number = averages.focus_la_number
        and values_.series_id = averages.series_id
)

select * from final
