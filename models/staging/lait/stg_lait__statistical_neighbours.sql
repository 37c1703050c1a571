-- DfE statistical neighbour models (the workbooks the registry of neighbour groups names), one row
-- per group, focus LA and neighbour position, as landed from the xlsx by scrutiny/sources/lait/land.py.
with

source as (
    select * from {{ source('lait', 'statistical_neighbours') }}
),

final as (
    select
        neighbour_group_id,
        focus_la_number,
        focus_la_name,
        focus_region_name,
        is_legacy_authority,
        neighbour_position,
        neighbour_la_number,
        lower(closeness) as closeness,
        source_file,
        source_row
    from source
)

select * from final
