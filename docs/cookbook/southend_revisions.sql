-- How many of Southend-on-Sea's figures (DfE LA 882) has DfE really revised across the published versions of
-- its extract held (November 2024 on), and which five moved most? Netted: a re-rounding, a unit change or a
-- relabelled period is not a revision, and a value that went back to what it was is not one.
with

revised as (
    select
        measure_code,
        period_label,
        first_value_text,
        first_committed_on,
        last_value_text,
        last_committed_on,
        net_change_pct,
        count_revision_steps,
        count(*) over () as count_figures_revised
    from marts.fct_lait_revisions_between_versions
    where la_number = 882
)

select
    revised.count_figures_revised,
    revised.measure_code,
    measures.measure_label,
    revised.period_label,
    revised.first_value_text,
    revised.first_committed_on,
    revised.last_value_text,
    revised.last_committed_on,
    round(revised.net_change_pct, 1) as net_change_pct,
    revised.count_revision_steps
from revised
inner join marts.dim_lait_measures as measures
    on revised.measure_code = measures.measure_code
order by abs(revised.net_change_pct) desc nulls last, revised.measure_code, revised.period_label
limit 5;
