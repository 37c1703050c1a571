-- Every total an outcome breakdown names is a printed figure with a value: the parts-within-totals
-- check (GX suite complaint_outcomes_within_totals) then always has a total to compare with.
with

totals as (
    select distinct total_figure_id
    from {{ ref('fct_complaint_outcomes') }}
    where total_figure_id is not null
),

measures as (
    select
        figure_id,
        value
    from {{ ref('fct_complaint_measures') }}
    union all
    select
        figure_id,
        value
    from {{ ref('fct_complaint_breakdowns') }}
)

select totals.total_figure_id
from totals
left join measures
    on totals.total_figure_id = measures.figure_id
where measures.value is null
