-- One row per printed complaints figure, with its period parsed (parse_period) and spelt canonically
-- (canonical_period_label), its outcome mapped to the one vocabulary shared by the four streams
-- (complaint_outcome_map), the printed total it is a part of (total_figure_id) and its denominator and numerator
-- resolved to those figures' first printings, and whether it breaks a stream's figure down (by service area,
-- category or outcome). The only place any of this happens; the marts split it by grain
-- (fct_complaint_measures: whole streams; fct_complaint_breakdowns: their breakdowns; a restatement is in
-- neither, its line listed on the original).
with figures as (
    select * from {{ ref('stg_complaints__figures') }}
),

outcome_map as (
    select * from {{ ref('stg_complaints__outcome_map') }}
),

-- a discrepancy names the total as printed where its parts are; it belongs to the figure's first printing
known_discrepancies as (
    select
        known.discrepancy_id,
        coalesce(printed.restates_figure_id, known.parent_figure_id) as figure_id
    from {{ ref('known_discrepancies') }} as known
    left join figures as printed
        on known.parent_figure_id = printed.figure_id
    where known.seed_name = 'complaints_figures'
),

periodised as (
    select
        figures.*,
        {{ parse_period('figures.period_label', 'figures.year_type') }}
    from figures
),

-- the lines where each figure is printed again
restatements as (
    select
        restates_figure_id as figure_id,
        {{ string_agg_ordered('cast(source_line as ' ~ dbt.type_string() ~ ')', "', '", 'source_line') }}
            as restated_on_source_lines
    from figures
    where restates_figure_id is not null
    group by restates_figure_id
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
        {{ canonical_period_label('outcomes_mapped.period_label') }} as period_label,
        outcomes_mapped.period_label as period_label_as_printed,
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
        coalesce(parents.restates_figure_id, outcomes_mapped.parent_figure_id) as total_figure_id,
        outcomes_mapped.service_area <> 'all'
        or outcomes_mapped.category is not null
        or outcomes_mapped.outcome_as_printed is not null as is_breakdown,
        restatements.restated_on_source_lines,
        coalesce(denominators.restates_figure_id, outcomes_mapped.denominator_figure_id) as denominator_figure_id,
        coalesce(numerators.restates_figure_id, outcomes_mapped.numerator_figure_id) as numerator_figure_id,
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
    left join figures as parents
        on outcomes_mapped.parent_figure_id = parents.figure_id
    left join figures as denominators
        on outcomes_mapped.denominator_figure_id = denominators.figure_id
    left join figures as numerators
        on outcomes_mapped.numerator_figure_id = numerators.figure_id
    left join restatements
        on outcomes_mapped.figure_id = restatements.figure_id
    left join known_discrepancies
        on outcomes_mapped.figure_id = known_discrepancies.figure_id
)

select * from final
