-- One row per measure of the community inpatient beds paper's figures: its label in the paper's own words, with
-- the line those words are on. Typed.
with source as (
    select * from {{ ref('community_beds_measure_labels') }}
),

renamed as (
    select
        measure,
        measure_label,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
