-- One row per figure printed in the pack's Appendix 1 data matrix, typed. Missing cells keep their reason.
with source as (
    select * from {{ ref('matrix_values') }}
),

renamed as (
    select
        indicator_id,
        area,
        period_label,
        year_type,
        measure,
        value,
        nullif(trim(value_text), '') as value_text,
        nullif(trim(missing_reason), '') as missing_reason,
        source_document_id,
        source_section,
        source_table,
        source_line,
        note
    from source
)

select * from renamed
