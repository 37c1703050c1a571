{{ config(materialized='view') }}
-- Per neighbour group, focus LA and series (measure and period): the neighbours' average as LAIT
-- computes it: the mean of the neighbours that have a value (missing neighbours are left out, never
-- counted as zero), with how many neighbours it used, their minimum, maximum and median. Series where no
-- neighbour has a value have no row. The macro neighbour_statistics computes them, the same to the last bit
-- on every build. A view: computing it for every LA and group means ~12 million neighbour-value pairs
-- (several seconds of build); a query for one focus LA is filtered before the join and takes milliseconds.
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
    {{ neighbour_statistics('members', 'values_', with_median=true) }}
)

select * from final
