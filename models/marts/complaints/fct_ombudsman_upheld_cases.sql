-- The complaints the Ombudsman (LGSCO) investigated and upheld in 2020/21: function, summary, service
-- improvement recommendations and agreed remedy, as printed in section 6.6.
with cases as (
    select * from {{ ref('stg_complaints__ombudsman_upheld_cases') }}
),

periodised as (
    select
        cases.*,
        {{ parse_period('cases.period_label', 'cases.year_type') }}
    from cases
),

final as (
    select
        case_id,
        case_order,
        council_function,
        summary_of_complaint,
        service_improvement_recommendations,
        agreed_remedy,
        {{ period_columns() }},
        source_document_id,
        source_section,
        source_table,
        source_line,
        source_line_summary,
        source_line_service_improvement,
        source_line_remedy,
        source_line_end,
        note
    from periodised
)

select * from final
