-- The vocabulary of reasons a printed number is not a transcribed figure, one row per reason.
with source as (
    select * from {{ ref('pack_number_exclusion_reasons') }}
),

renamed as (
    select
        reason,
        description as reason_description
    from source
)

select * from renamed
