-- One row per complaint the Ombudsman upheld in 2020/21 (pack section 6.6), as text.
with source as (
    select * from {{ ref('ombudsman_upheld_cases') }}
),

renamed as (
    select
        case_id,
        case_order,
        trim(function) as council_function,
        trim(summary_of_complaint) as summary_of_complaint,
        trim(service_improvement_recommendations) as service_improvement_recommendations,
        trim(agreed_remedy) as agreed_remedy,
        period_label,
        year_type,
        source_document_id,
        source_section,
        source_table,
        source_line,
        source_line_summary,
        source_line_service_improvement,
        source_line_remedy,
        source_line_end,
        nullif(trim(note), '') as note
    from source
)

select * from renamed
