-- The long fact: every figure printed in the 2020/21 annual complaints report, by stream, measure, breakdown
-- and period, with the one outcome vocabulary and full provenance. Restatements (a figure printed again
-- elsewhere) are kept and flagged so that analysts can filter them out with `where not is_restatement`.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
),

final as (
    select
        figure_id,
        stream,
        measure,
        service_area,
        category,
        outcome_as_printed,
        outcome_code,
        outcome_group,
        is_combined_outcome,
        period_label,
        year_type,
        period_kind,
        period_start_date,
        period_end_date,
        value,
        unit,
        value_printed_as,
        value_qualifier,
        value is null as is_missing,
        missing_reason,
        parent_figure_id,
        denominator_figure_id,
        numerator_figure_id,
        restates_figure_id,
        is_restatement,
        has_known_discrepancy,
        known_discrepancy_id,
        source_document_id,
        source_section,
        source_table,
        source_line,
        note
    from figures
)

select * from final
