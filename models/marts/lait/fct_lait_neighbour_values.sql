{{ config(materialized='view') }}
-- The default neighbour group only: the focus authority's row (position 0) and each neighbour's, side by side, with
-- the neighbours' average, for every focus authority compared with the group it is compared with by default (macro
-- neighbour_group_sizes: the pack's group for the pack's authority, else DfE's latest model). One group per focus
-- authority, so a count or sum needs no group filter; every group is in fct_lait_neighbour_values_all_groups.
with

all_groups as (
    select * from {{ ref('fct_lait_neighbour_values_all_groups') }}
    where is_default_for_focus
),

final as (
    select
        neighbour_group_id,
        focus_la_number,
        measure_code,
        period_label,
        period_end_year,
        neighbour_position,
        is_focus,
        la_number,
        la_name,
        closeness,
        value,
        missing_reason,
        rank_among_las,
        quartile_band,
        neighbours_average_value,
        count_neighbours_with_value
    from all_groups
)

select * from final
