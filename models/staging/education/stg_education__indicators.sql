-- The indicator catalogue: one row per indicator in the data matrix.
with source as (
    select * from {{ ref('indicator_catalogue') }}
),

renamed as (
    select
        indicator_id,
        indicator_label,
        topic,
        unit,
        polarity,
        decimal_places,
        year_type,
        source_collection,
        source_section,
        source_table,
        notes
    from source
)

select * from renamed
