-- Every part's total_figure_id names a figure an analyst can find: a row of fct_complaint_measures (a whole
-- stream's figure) or of fct_complaint_breakdowns, never a restatement left out of both.
with

figures as (
    select
        figure_id,
        total_figure_id
    from {{ ref('fct_complaint_measures') }}
    union all
    select
        figure_id,
        total_figure_id
    from {{ ref('fct_complaint_breakdowns') }}
)

select
    parts.figure_id,
    parts.total_figure_id
from figures as parts
left join figures as totals
    on parts.total_figure_id = totals.figure_id
where
    parts.total_figure_id is not null
    and totals.figure_id is null
