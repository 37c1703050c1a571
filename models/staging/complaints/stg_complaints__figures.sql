-- One row per figure printed in the annual complaints report (pack sections 3-6), typed; blanks become nulls.
with source as (
    select * from {{ ref('complaints_figures') }}
),

renamed as (
    select
        figure_id,
        stream,
        measure,
        service_area,
        nullif(trim(category), '') as category,
        nullif(trim(outcome_as_printed), '') as outcome_as_printed,
        period_label,
        year_type,
        value,
        nullif(trim(value_printed_as), '') as value_printed_as,
        nullif(trim(value_qualifier), '') as value_qualifier,
        unit,
        nullif(trim(parent_figure_id), '') as parent_figure_id,
        nullif(trim(denominator_figure_id), '') as denominator_figure_id,
        nullif(trim(numerator_figure_id), '') as numerator_figure_id,
        nullif(trim(restates_figure_id), '') as restates_figure_id,
        nullif(trim(missing_reason), '') as missing_reason,
        source_document_id,
        source_section,
        source_table,
        source_line,
        nullif(trim(note), '') as note
    from source
)

select * from renamed
