{#- Column test: the column is null on every row (use `where` to say on which rows, e.g. a value is null
    wherever a missing_reason says why it is missing). Fails with every row holding a value. -#}
{% test is_null(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is not null
{% endtest %}
