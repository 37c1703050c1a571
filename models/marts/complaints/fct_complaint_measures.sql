-- One row per stream, measure and period: every figure the 2020/21 annual complaints report prints about a
-- whole stream (no service area, category or outcome breakdown), once however often the pack prints it
-- (restated_on_source_lines lists the repeats). Breakdowns are rows of fct_complaint_breakdowns, so the obvious
-- aggregate is right: complaints received in 2020/21 by stream is
--   sum(value) where measure = 'complaints_received' and period_label = '2020/21' group by stream.
-- A quarter or month of a year is its own period_label (period_kind quarter / month), its total_figure_id the
-- year's or the quarter's figure.
with

figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where
        not is_restatement
        and not is_breakdown
),

final as (
    select
        figure_id,
        stream,
        measure,
        {{ complaint_figure_columns() }}
    from figures
)

select * from final
