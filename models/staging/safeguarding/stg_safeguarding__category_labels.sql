-- One row per category of the safeguarding report's figures: its words as the report prints them, with the line
-- those words are on. Typed.
with source as (
    select * from {{ ref('safeguarding_category_labels') }}
),

renamed as (
    select
        category,
        category_label,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
