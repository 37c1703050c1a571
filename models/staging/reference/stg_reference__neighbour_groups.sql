-- Members of the statistical-neighbour group printed in the agenda pack, in printed order.
with

source as (
    select * from {{ ref('neighbour_groups') }}
),

final as (
    select
        neighbour_group_id,
        trim(focus_la_code) as focus_la_code,
        trim(neighbour_la_code) as neighbour_la_code,
        neighbour_position,
        closeness as closeness_printed,
        lower(closeness) as closeness,
        source_document_id,
        source_section,
        source_table,
        source_line
    from source
)

select * from final
