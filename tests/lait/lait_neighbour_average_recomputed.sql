-- The neighbours' average in the benchmark mart equals a plain recomputation from the staged
-- extract and the group members: mean of the neighbours with a value, count of those neighbours,
-- for every group of the focus authority (var focus_la_number).
-- Equal to 1e-9 relative: both are doubles (the mart sums exact decimals, this sums doubles), so
-- they may differ in the last bit, about 1e-8 on a budget of £100 million.
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
    where focus_la_number = {{ var('focus_la_number') }}
),

values_ as (
    select * from {{ ref('stg_lait__bds_values') }}
    where value is not null
),

recomputed as (
    select
        members.neighbour_group_id,
        members.focus_la_number,
        values_.measure_code,
        values_.period_label,
        avg(values_.value) as expected_average,
        count(*) as expected_count
    from members
    inner join values_
        on members.neighbour_la_number = values_.la_number
    group by
        members.neighbour_group_id,
        members.focus_la_number,
        values_.measure_code,
        values_.period_label
),

mart as (
    select * from {{ ref('fct_lait_neighbour_benchmarks_all_groups') }}
    where focus_la_number = {{ var('focus_la_number') }}
)

select
    mart.measure_code,
    mart.period_label,
    mart.neighbours_average_value,
    recomputed.expected_average,
    mart.count_neighbours_with_value,
    recomputed.expected_count
from mart
left join recomputed
    on mart.neighbour_group_id = recomputed.neighbour_group_id
    and mart.focus_la_number = recomputed.focus_la_number
    and mart.measure_code = recomputed.measure_code
    and mart.period_label_as_published = recomputed.period_label
where
    coalesce(recomputed.expected_count, 0) <> mart.count_neighbours_with_value
    or abs(coalesce(recomputed.expected_average, 0) - coalesce(mart.neighbours_average_value, 0))
    > 1e-9 * greatest(1, abs(coalesce(recomputed.expected_average, 0)))
