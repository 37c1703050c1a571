{{ config(materialized='view') }}
-- One row per neighbour group, focus LA, measure and period: the focus LA's value beside its
-- neighbours' average (mean of the neighbours with a value, and how many that was), England, its
-- region, its all-England rank and quartile band, change and improvement streak. Every LA is a focus
-- in the DfE groups; the pack's group (pack_2021) has Southend only. A view (1.2 million rows for
-- every LA and group): filter on neighbour_group_id and focus_la_number and it answers in milliseconds.
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
),

averages as (
    select * from {{ ref('int_lait_neighbour_averages') }}
),

focus_values as (
    select * from {{ ref('fct_lait_values') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
),

groups as (
    {{ neighbour_group_sizes('members') }}
),

final as (
    select
        groups.neighbour_group_id,
        groups.is_default_for_focus,
        groups.focus_la_number,
        focus_values.area_name as focus_la_name,
        focus_values.series_id,
        focus_values.measure_code,
        focus_values.period_label,
        focus_values.period_label_as_published,
        focus_values.period_kind,
        focus_values.period_start_date,
        focus_values.period_end_date,
        focus_values.period_end_year,
        focus_values.is_latest_period,
        focus_values.is_labelled_revised,
        focus_values.is_labelled_provisional,
        focus_values.polarity,
        focus_values.value as focus_value,
        focus_values.missing_reason as focus_missing_reason,
        averages.neighbours_average_value,
        cast(coalesce(averages.count_neighbours_with_value, 0) as integer) as count_neighbours_with_value,
        cast(groups.count_neighbours_in_group as integer) as count_neighbours_in_group,
        averages.neighbours_min_value,
        averages.neighbours_max_value,
        averages.neighbours_median_value,
        focus_values.value - averages.neighbours_average_value as gap_to_neighbours_average,
        focus_values.england_value,
        focus_values.region_la_number,
        focus_values.region_value,
        focus_values.rank_among_las,
        focus_values.count_las_ranked,
        focus_values.quartile_band,
        focus_values.change_from_previous,
        focus_values.count_consecutive_periods_improved
    from groups
    inner join focus_values
        on groups.focus_la_number = focus_values.la_number
    left join averages
        on groups.neighbour_group_id = averages.neighbour_group_id
        and groups.focus_la_number = averages.focus_la_number
        and focus_values.series_id = averages.series_id
)

select * from final
