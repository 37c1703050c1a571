-- Ofsted judgements on Southend's children's services, one row per framework and judgement area.
with

source as (
    select * from {{ ref('inspection_judgements') }}
),

final as (
    select
        judgement_id,
        trim(la_code) as la_code,
        framework,
        framework_label,
        nullif(trim(inspection_type), '') as inspection_type,
        published_date,
        published_date_printed,
        judgement_area,
        judgement_area_printed,
        judgement_printed,
        judgement,
        case judgement
            when 'outstanding' then 1
            when 'good' then 2
            when 'requires_improvement' then 3
            when 'inadequate' then 4
        end as judgement_grade,
        source_document_id,
        source_section,
        source_table,
        source_line,
        published_date_source_line,
        nullif(trim(note), '') as note
    from source
)

select * from final
