-- One row per source family and missing-value reason: what the reason means in words (seed
-- missing_reasons), for the app and the exported matrix to say why a figure is missing.
with

reasons as (
    select * from {{ ref('missing_reasons') }}
),

final as (
    select
        source_family,
        missing_reason,
        source_symbols,
        wording
    from reasons
)

select * from final
