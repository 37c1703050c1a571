-- Matrix figures with their period parsed (kind, start and end dates) by the one period macro.
with matrix_values as (
    select * from {{ ref('stg_education__matrix_values') }}
),

periodised as (
    select
        indicator_id,
        area,
        period_label,
        year_type,
        {{ parse_period('period_label', 'year_type') }},
        measure,
        value,
        value_text,
        missing_reason,
        source_document_id,
        source_section,
        source_table,
        source_line,
        note
    from matrix_values
)

select * from periodised
