-- The figures of the paper "Community Inpatient Beds in Mid and South Essex" (agenda pack lines 12057-12312):
-- one row per figure the paper prints (beds, admissions a month, length of stay, beds and wards moved) or shows
-- only in its exhibits of beds by site (then no value, missing_reason chart_only), with provenance and its measure
-- in the paper's own words.
with figures as (
    select * from {{ ref('stg_context__community_beds') }}
),

labels as (
    select * from {{ ref('stg_context__community_beds_measure_labels') }}
),

final as (
    select
        figures.figure_id,
        figures.measure,
        labels.measure_label,
        figures.category,
        figures.period_label,
        figures.value,
        figures.unit,
        figures.is_missing,
        figures.missing_reason,
        figures.note,
        figures.source_document_id,
        figures.source_section,
        figures.source_table,
        figures.source_line
    from figures
    left join labels
        on figures.measure = labels.measure
)

select * from final
