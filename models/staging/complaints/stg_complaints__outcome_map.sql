-- The one complaint outcome vocabulary: printed wording (lower-cased) to outcome_code and outcome_group.
with source as (
    select * from {{ ref('complaint_outcome_map') }}
),

renamed as (
    select
        lower(trim(outcome_as_printed)) as outcome_as_printed,
        outcome_code,
        outcome_group,
        is_combined_outcome,
        definition as outcome_definition
    from source
)

select * from renamed
