-- One row per number printed in the executive summary's "Southend – A Quick View", placed with its label where
-- the text decides it, else unplaced with the labels it could belong to. Typed.
with source as (
    select * from {{ ref('quick_view_figures') }}
),

renamed as (
    select
        figure_id,
        nullif(trim(panel), '') as panel,
        nullif(trim(measure), '') as measure,
        nullif(trim(category), '') as category,
        nullif(trim(label_as_printed), '') as label_as_printed,
        placement,
        placement = 'placed' as is_placed,
        nullif(trim(candidate_labels), '') as candidate_labels,
        cast(value as decimal(18, 4)) as value,
        unit,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
