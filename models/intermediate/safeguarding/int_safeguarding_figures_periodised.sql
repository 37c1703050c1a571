-- Safeguarding figures with their period normalised by the one owner of period logic, parse_period, and
-- spelt canonically (canonical_period_label; the printed label kept as period_label_as_printed).
with figures as (
    select * from {{ ref('stg_safeguarding__figures') }}
),

periodised as (
    select
        figures.figure_id,
        figures.domain,
        figures.measure,
        figures.category,
        figures.subcategory,
        figures.age_band,
        {{ canonical_period_label('figures.period_label') }} as period_label,
        figures.period_label as period_label_as_printed,
        figures.year_type,
        figures.value,
        figures.unit,
        figures.parent_figure_id,
        figures.missing_reason,
        figures.is_missing,
        figures.source_document_id,
        figures.source_section,
        figures.source_table,
        figures.source_line,
        figures.note,
        {{ parse_period('figures.period_label', 'figures.year_type') }}
    from figures
)

select * from periodised
