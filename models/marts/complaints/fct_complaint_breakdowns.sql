-- One row per stream, measure, period and breakdown (service area, category as printed, outcome as printed):
-- every figure the 2020/21 annual complaints report prints for a part of a stream, once however often the pack
-- prints it (restated_on_source_lines lists the repeats). total_figure_id names the printed total it is a part of
-- (a whole-stream figure in fct_complaint_measures, or a breakdown here), null when the pack prints none (the
-- adults' "top four issues" lists, for example, cover only part of the issues). Add parts up within one measure
-- and one kind of breakdown only; the topic marts (fct_complaint_issues, fct_complaint_outcomes,
-- fct_complaint_timeliness) hold the common breakdowns pivoted, with their totals beside them.
with

figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where
        not is_restatement
        and is_breakdown
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
        {{ complaint_figure_columns() }}
    from figures
)

select * from final
