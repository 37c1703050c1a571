-- The executive summary's "Southend – A Quick View" (agenda pack lines 12006-12053): one row per number the page
-- prints, with the label it belongs to where the text decides it (is_placed), else the labels it could belong to.
with figures as (
    select * from {{ ref('stg_context__quick_view') }}
),

final as (
    select
        figure_id,
        is_placed,
        panel,
        measure,
        category,
        label_as_printed,
        candidate_labels,
        value,
        unit,
        note,
        source_document_id,
        source_section,
        source_table,
        source_line
    from figures
)

select * from final
