-- Every figure of the 2020-21 Safeguarding Partnership annual report, long, with parsed periods and provenance, and
-- its measure and category in the report's own words.
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
),

labels as (
    select * from {{ ref('stg_safeguarding__measure_labels') }}
),

category_labels as (
    select * from {{ ref('stg_safeguarding__category_labels') }}
),

final as (
    select
        figures.figure_id,
        figures.domain,
        figures.measure,
        labels.measure_label,
        figures.category,
        category_labels.category_label,
        figures.subcategory,
        figures.age_band,
        figures.period_label,
        figures.period_label_as_printed,
        figures.year_type,
        figures.period_kind,
        figures.period_start_date,
        figures.period_end_date,
        figures.value,
        figures.unit,
        figures.parent_figure_id,
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
    left join category_labels
        on figures.category = category_labels.category
)

select * from final
