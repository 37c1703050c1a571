{{ config(materialized='view') }}
-- Per neighbour group, focus LA and series (measure and period): the neighbours' average as LAIT
-- computes it: the mean of the neighbours that have a value (missing neighbours are left out, never
-- counted as zero), with how many neighbours it used. Series where no neighbour has a value have no
-- row. The average is the same to the last bit on every build (see the sum below). A view: computing
-- it for every LA and group means ~12 million neighbour-value pairs (several seconds of build); a query
-- for one focus LA is filtered before the join and takes milliseconds.
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
),

values_ as (
    select
        series_id,
        la_number,
        value
    from {{ ref('int_lait_values_ranked') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
        and value is not null
),

final as (
    select
        members.neighbour_group_id,
        members.focus_la_number,
        values_.series_id,
        -- the mean of the values as published, in exact decimal arithmetic: each value as the shortest
        -- decimal that reads back as its double (19.4, not 19.39999999999999857891), summed as a decimal
        -- with 18 places, so in any order (a sum of doubles depends on the order the engine adds them in,
        -- which differs between runs and threads, and flipped averages lying on a rounding boundary)
        cast(avg(cast(cast(values_.value as {{ dbt.type_string() }}) as decimal(38, 18))) as double)
            as neighbours_average_value,
        count(*) as count_neighbours_with_value,
        min(values_.value) as neighbours_min_value,
        max(values_.value) as neighbours_max_value
    from members
    inner join values_
        on members.neighbour_la_number = values_.la_number
    group by
        members.neighbour_group_id,
        members.focus_la_number,
        values_.series_id
)

select * from final
