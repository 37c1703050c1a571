-- Rank 1 holds the best value: the highest for high_better, the lowest for low_better.
with

values_ as (
    select * from {{ ref('fct_lait_values') }}
    where rank_among_las is not null
),

extremes as (
    select
        measure_code,
        period_label,
        max(value) as max_value,
        min(value) as min_value
    from values_
    group by
        measure_code,
        period_label
)

select
    values_.measure_code,
    values_.period_label,
    values_.value
from values_
inner join extremes
    on values_.measure_code = extremes.measure_code
    and values_.period_label = extremes.period_label
where
    values_.rank_among_las = 1
    and (
        (values_.polarity = 'high_better' and values_.value <> extremes.max_value)
        or (values_.polarity = 'low_better' and values_.value <> extremes.min_value)
    )
