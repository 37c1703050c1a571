-- The figures of the paper "Community Inpatient Beds in Mid and South Essex" (agenda pack lines 12057-12312):
-- one row per figure the paper prints (beds, admissions a month, length of stay, beds and wards moved) or shows
-- only in its exhibits of beds by site (then no value, missing_reason chart_only), with provenance.
with figures as (
    select * from {{ ref('stg_context__community_beds') }}
),

final as (
    select
        figure_id,
        measure,
        category,
        period_label,
        value,
        unit,
        is_missing,
        missing_reason,
        note,
        source_document_id,
        source_section,
        source_table,
        source_line
    from figures
)

select * from final
