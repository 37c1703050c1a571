{{ config(materialized='view') }}
-- The default neighbour group only: the focus authority's value beside its neighbours' average, England, its region,
-- rank and band, for every focus authority compared with the group it is compared with by default (macro
-- neighbour_group_sizes: the pack's group for the pack's authority, else DfE's latest model). One group per focus
-- authority, so a count or sum needs no group filter; every group is in fct_lait_neighbour_benchmarks_all_groups.
with

all_groups as (
    select * from {{ ref('fct_lait_neighbour_benchmarks_all_groups') }}
    where is_default_for_focus
),

final as (
    select
        neighbour_group_id,
        focus_la_number,
        focus_la_name,
        series_id,
        measure_code,
        period_label,
        period_label_as_published,
        period_kind,
        period_start_date,
        period_end_date,
        period_end_year,
        is_latest_period,
        is_labelled_revised,
        is_labelled_provisional,
        polarity,
        focus_value,
        focus_missing_reason,
        neighbours_average_value,
        count_neighbours_with_value,
        count_neighbours_in_group,
        neighbours_min_value,
        neighbours_max_value,
        neighbours_median_value,
        gap_to_neighbours_average,
        england_value,
        region_la_number,
        region_value,
        rank_among_las,
        count_las_ranked,
        quartile_band,
        change_from_previous,
        count_consecutive_periods_improved
    from all_groups
)

select * from final
