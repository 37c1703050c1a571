-- Every number a source document prints in digits that is not a transcribed figure, with why: one row per line
-- and number as printed (reviewed list; dates, periods, section and page numbers the coverage scan recognises
-- by rule are not listed). A repeat names the figure that is transcribed and its mart.
with exclusions as (
    select * from {{ ref('stg_reference__pack_number_exclusions') }}
),

reasons as (
    select * from {{ ref('stg_reference__pack_number_exclusion_reasons') }}
),

final as (
    select
        exclusions.source_document_id,
        exclusions.source_line,
        exclusions.number_as_printed,
        exclusions.reason,
        reasons.reason_description,
        exclusions.repeats_figure_id,
        exclusions.note
    from exclusions
    inner join reasons
        on exclusions.reason = reasons.reason
)

select * from final
