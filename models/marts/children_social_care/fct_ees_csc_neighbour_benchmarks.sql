{{ config(materialized='view') }}
-- The default neighbour group only: DfE's official children's social care figure for the focus authority beside its
-- neighbours' mean, median, min and max and England, for every focus authority compared with the group it is
-- compared with by default (macro neighbour_group_sizes: the pack's group for the pack's authority, else DfE's
-- latest model). One group per focus authority, so a count or sum needs no group filter; every group is in
-- fct_ees_csc_neighbour_benchmarks_all_groups.
with

all_groups as (
    select * from {{ ref('fct_ees_csc_neighbour_benchmarks_all_groups') }}
    where is_default_for_focus
),

final as (
    select
        neighbour_group_id,
        focus_la_number,
        focus_la_name,
        measure_id,
        measure_label,
        unit,
        polarity,
        decimal_places,
        is_headline,
        time_period,
        period_label,
        is_latest_period,
        focus_value,
        focus_missing_reason,
        neighbours_average_value,
        count_neighbours_with_value,
        count_neighbours_in_group,
        neighbours_median_value,
        neighbours_min_value,
        neighbours_max_value,
        england_value,
        region_value,
        rank_among_las,
        count_las_ranked,
        rank_order
    from all_groups
)

select * from final
