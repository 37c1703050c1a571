-- One row per measure of the safeguarding report's figures: its label in the report's own words, with the line
-- those words are on. Typed.
with source as (
    select * from {{ ref('safeguarding_measure_labels') }}
),

renamed as (
    select
        measure,
        measure_label,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
