{#- A percentage: fails on every row outside 0..100. Nulls (missing values) pass.
    `where` limits the check (e.g. "unit = 'percent'") in a long table that mixes units. -#}
{% test between_0_and_100(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} < 0
    or {{ column_name }} > 100
{% endtest %}
