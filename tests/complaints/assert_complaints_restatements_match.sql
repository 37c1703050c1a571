-- A figure printed twice in the pack is printed with the same value both times (e.g. the 135 adult
-- complaints, the 129 children's issues, the 44 Ombudsman decisions, Q4 totals in both tables).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
)

select
    restatement.figure_id,
    restatement.value as restated_value,
    original.figure_id as original_figure_id,
    original.value as original_value
from figures as restatement
left join figures as original
    on restatement.restates_figure_id = original.figure_id
where
    restatement.is_restatement
    and (original.figure_id is null or restatement.value is distinct from original.value)
