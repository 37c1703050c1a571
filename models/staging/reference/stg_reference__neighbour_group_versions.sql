-- The registry of statistical-neighbour groups, one row per group version: groups printed in a source
-- document and DfE's models (members from a workbook in the LAIT extract).
with

source as (
    select * from {{ ref('neighbour_group_versions') }}
),

final as (
    select
        neighbour_group_id,
        label as group_label,
        short_label as group_short_label,
        publisher,
        published as published_year_month,
        cast(published || '-01' as date) as published_month_start_date,
        members_from,
        nullif(trim(workbook_file), '') as workbook_file,
        nullif(trim(source_document_id), '') as source_document_id,
        source as members_source
    from source
)

select * from final
