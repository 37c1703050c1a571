-- One row per code of every controlled vocabulary (seed vocabularies): units, missing reasons, complaint
-- streams, polarity, year types, quartile bands, outcome groups, comparisons, directions of travel, RAG
-- statuses, safeguarding domains and budget areas, each with the label a person reads and, for a unit,
-- its plausible bounds.
with

vocabularies as (
    select * from {{ ref('vocabularies') }}
),

final as (
    select
        vocabulary,
        code,
        label,
        description,
        cast(min_value as double) as min_value,
        cast(max_value as double) as max_value
    from vocabularies
)

select * from final
