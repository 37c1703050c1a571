{{ config(materialized='view') }}
-- The default neighbour group only: the focus authority's figure as published in each version beside its neighbours'
-- average then, for every focus authority compared with the group it is compared with by default (macro
-- neighbour_group_sizes: the pack's group for the pack's authority, else DfE's latest model). One group per focus
-- authority, so a count or sum needs no group filter; every group is in
-- fct_lait_vintage_neighbour_benchmarks_all_groups.
with

all_groups as (
    select * from {{ ref('fct_lait_vintage_neighbour_benchmarks_all_groups') }}
    where is_default_for_focus
),

final as (
    select
        neighbour_group_id,
        focus_la_number,
        focus_la_name,
        measure_code,
        period_label,
        period_label_as_published,
        period_end_date,
        version_vintage_seq,
        version_vintage_id,
        valid_from,
        valid_from_date,
        valid_to,
        valid_to_date,
        is_in_latest_vintage,
        focus_value,
        focus_missing_reason,
        neighbours_average_value,
        count_neighbours_with_value,
        count_neighbours_in_group,
        neighbours_min_value,
        neighbours_max_value,
        gap_to_neighbours_average,
        england_value,
        rank_among_las,
        count_las_ranked,
        quartile_band
    from all_groups
)

select * from final
