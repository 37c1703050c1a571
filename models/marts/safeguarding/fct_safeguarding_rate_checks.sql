-- Each rate or change the report prints, beside the same figure recomputed from the counts it also prints.
with checks as (
    select * from {{ ref('int_safeguarding_rates_recomputed') }}
),

known as (
    select
        parent_figure_id,
        printed_total,
        sum_of_parts,
        explanation
    from {{ ref('known_discrepancies') }}
),

final as (
    select
        checks.check_id,
        checks.printed_figure_id,
        checks.measure,
        checks.unit,
        checks.period_label,
        checks.printed_value,
        checks.recomputed_value,
        checks.decimals_printed,
        checks.recompute_kind,
        checks.input_figure_ids,
        checks.is_match_at_printed_rounding,
        known.parent_figure_id is not null as has_known_discrepancy,
        known.explanation as known_discrepancy_explanation,
        checks.source_document_id,
        checks.source_section,
        checks.source_table,
        checks.source_line
    from checks
    left join known
        on checks.printed_figure_id = known.parent_figure_id
)

select * from final
