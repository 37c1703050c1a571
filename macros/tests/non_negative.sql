{#- Fails on every row where the column is below zero. Nulls (missing values) pass. -#}
{% test non_negative(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} < 0
{% endtest %}
