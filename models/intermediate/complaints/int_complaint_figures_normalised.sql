-- One row per printed complaints figure, with its period parsed (parse_period) and its outcome mapped to the
-- one vocabulary shared by the four streams (complaint_outcome_map). The only place either happens.
with figures as (
    select * from {{ ref('stg_complaints__figures') }}
),

outcome_map as (
    select * from {{ ref('stg_complaints__outcome_map') }}
),

known_discrepancies as (
    select * from {{ ref('known_discrepancies') }}
    where seed_name = 'complaints_figures'
),

periodised as (
    select
        figures.*,
        {{ parse_period('figures.period_label', 'figures.year_type') }}
    from figures
),

outcomes_mapped as (
    select
        periodised.*,
        outcome_map.outcome_code,
        outcome_map.outcome_group,
        outcome_map.is_combined_outcome
    from periodised
    left join outcome_map
        on lower(trim(periodised.outcome_as_printed)) = outcome_map.outcome_as_printed
),

final as (
    select
        outcomes_mapped.figure_id,
        outcomes_mapped.stream,
        outcomes_mapped.measure,
        outcomes_mapped.service_area,
        outcomes_mapped.category,
        outcomes_mapped.outcome_as_printed,
        outcomes_mapped.outcome_code,
        outcomes_mapped.outcome_group,
        coalesce(outcomes_mapped.is_combined_outcome, false) as is_combined_outcome,
        outcomes_mapped.period_label,
        outcomes_mapped.year_type,
        outcomes_mapped.period_kind,
        outcomes_mapped.period_start_date,
        outcomes_mapped.period_end_date,
        outcomes_mapped.value,
        outcomes_mapped.value_printed_as,
        outcomes_mapped.value_qualifier,
        outcomes_mapped.unit,
        outcomes_mapped.missing_reason,
        outcomes_mapped.parent_figure_id,
        outcomes_mapped.denominator_figure_id,
        outcomes_mapped.numerator_figure_id,
        outcomes_mapped.restates_figure_id,
        outcomes_mapped.restates_figure_id is not null as is_restatement,
        known_discrepancies.discrepancy_id is not null as has_known_discrepancy,
        known_discrepancies.discrepancy_id as known_discrepancy_id,
        outcomes_mapped.source_document_id,
        outcomes_mapped.source_section,
        outcomes_mapped.source_table,
        outcomes_mapped.source_line,
        outcomes_mapped.note
    from outcomes_mapped
    left join known_discrepancies
        on outcomes_mapped.figure_id = known_discrepancies.parent_figure_id
)

select * from final
