-- One row per number a source document prints in digits that no seed cites as a figure, with the reviewed
-- reason (and, for a repeat, the figure it repeats). Typed.
with source as (
    select * from {{ ref('pack_number_exclusions') }}
),

renamed as (
    select
        source_document_id,
        cast(source_line as integer) as source_line,
        number_as_printed,
        reason,
        nullif(trim(repeats_figure_id), '') as repeats_figure_id,
        nullif(trim(note), '') as note
    from source
)

select * from renamed
