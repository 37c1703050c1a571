-- One row per figure printed in the paper "Community Inpatient Beds in Mid and South Essex" (or shown only in
-- its exhibits, then with a NULL value and missing_reason chart_only). Typed.
with source as (
    select * from {{ ref('community_beds_figures') }}
),

renamed as (
    select
        figure_id,
        measure,
        nullif(trim(category), '') as category,
        period_label,
        cast(value as decimal(18, 4)) as value,
        unit,
        nullif(trim(missing_reason), '') as missing_reason,
        value is null as is_missing,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
