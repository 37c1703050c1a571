{#- Column test: every non-null value lies within [min_value, max_value] (e.g. ranks 1..152). -#}
{% test within_range(model, column_name, min_value, max_value) %}
select *
from {{ model }}
where {{ column_name }} < {{ min_value }}
    or {{ column_name }} > {{ max_value }}
{% endtest %}
