{{ config(materialized='view') }}
-- One row per neighbour group, focus authority and series version: the focus authority's figure as published
-- in that version beside its neighbours' average then (mean of the neighbours with a value, and how many; the
-- rule of fct_lait_neighbour_benchmarks_all_groups, shared through the macro neighbour_statistics), its rank and
-- band then, and England's value. A view: filter on neighbour_group_id and focus_la_number (and a date:
-- valid_from_date <= D and (valid_to_date > D or valid_to_date is null)) and it answers in milliseconds.
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
),

benchmarks as (
    select * from {{ ref('fct_lait_vintage_benchmarks') }}
),

neighbour_values as (
    select
        la_number,
        measure_code,
        period_label,
        version_vintage_seq,
        value
    from benchmarks
    where
        area_type = 'local_authority'
        and has_readable_period
        and value is not null
),

averages as (
    {{ neighbour_statistics(
        'members', 'neighbour_values', series_columns=['measure_code', 'period_label', 'version_vintage_seq']
    ) }}
),

groups as (
    {{ neighbour_group_sizes('members') }}
),

final as (
    select
        groups.neighbour_group_id,
        groups.is_default_for_focus,
        groups.focus_la_number,
        focus.area_name as focus_la_name,
        focus.measure_code,
        focus.period_label,
        focus.period_label_as_published,
        focus.period_end_date,
        focus.version_vintage_seq,
        focus.version_vintage_id,
        focus.valid_from,
        focus.valid_from_date,
        focus.valid_to,
        focus.valid_to_date,
        focus.is_in_latest_vintage,
        focus.value as focus_value,
        focus.missing_reason as focus_missing_reason,
        averages.neighbours_average_value,
        cast(coalesce(averages.count_neighbours_with_value, 0) as integer) as count_neighbours_with_value,
        cast(groups.count_neighbours_in_group as integer) as count_neighbours_in_group,
        averages.neighbours_min_value,
        averages.neighbours_max_value,
        focus.value - averages.neighbours_average_value as gap_to_neighbours_average,
        focus.england_value,
        focus.rank_among_las,
        focus.count_las_ranked,
        focus.quartile_band
    from groups
    inner join benchmarks as focus
        on groups.focus_la_number = focus.la_number
    left join averages
        on groups.neighbour_group_id = averages.neighbour_group_id
        and groups.focus_la_number = averages.focus_la_number
        and focus.measure_code = averages.measure_code
        and focus.period_label = averages.period_label
        and focus.version_vintage_seq = averages.version_vintage_seq
)

select * from final
