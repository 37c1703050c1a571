{#- Column test: every non-null value lies within the plausible bounds of its row's unit, as the one vocabulary
    seed states them (vocabulary unit: min_value, max_value; blank = unbounded), e.g. a percentage 0-100, a
    count or a rate never negative. Fails with each row outside its unit's bounds. -#}
{% test within_unit_bounds(model, column_name, unit_column='unit') %}
with

bounds as (
    select
        code as unit,
        min_value,
        max_value
    from {{ ref('vocabularies') }}
    where vocabulary = 'unit'
),

checked as (
    select
        {{ column_name }} as value,
        {{ unit_column }} as unit
    from {{ model }}
    where {{ column_name }} is not null
)

select
    checked.value,
    checked.unit,
    bounds.min_value,
    bounds.max_value
from checked
inner join bounds
    on checked.unit = bounds.unit
where
    checked.value < bounds.min_value
    or checked.value > bounds.max_value
{% endtest %}
