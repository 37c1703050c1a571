-- One row per Ofsted judgement on an authority's children's services that the warehouse holds (today those the
-- committee pack prints for Southend: ILACS 2019 and the Single Inspection Framework 2016), per framework,
-- publication and judgement area, as printed, with the judgement as a code and its grade, and provenance.
-- The data matrix's context block reads it; an authority with no rows has no judgements held.
with

judgements as (
    select * from {{ ref('stg_reference__inspection_judgements') }}
),

final as (
    select
        judgement_id,
        cast(la_code as integer) as la_number,
        framework,
        framework_label,
        inspection_type,
        published_date,
        published_date_printed,
        judgement_area,
        judgement_area_printed,
        judgement_printed,
        judgement,
        cast(judgement_grade as integer) as judgement_grade,
        source_document_id,
        source_section,
        source_table,
        cast(source_line as integer) as source_line
    from judgements
)

select * from final
