-- Every figure of the 2020-21 Safeguarding Partnership annual report, long, with parsed periods and provenance.
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
),

final as (
    select
        figure_id,
        domain,
        measure,
        category,
        subcategory,
        age_band,
        period_label,
        period_label_as_printed,
        year_type,
        period_kind,
        period_start_date,
        period_end_date,
        value,
        unit,
        parent_figure_id,
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
