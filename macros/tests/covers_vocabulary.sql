{#- Column test (coverage): every code of `vocabulary` in the one vocabulary seed appears in the column
    at least once, e.g. every complaints stream has figures. Fails with one row per code never seen. One
    anti-join against the column's distinct values. -#}
{% test covers_vocabulary(model, column_name, vocabulary) %}
with
codes as (
    select code from {{ ref('vocabularies') }}
    where vocabulary = '{{ vocabulary }}'
),
seen as (
    select distinct {{ column_name }} as code
    from {{ model }}
    where {{ column_name }} is not null
)
select codes.code as code_not_covered
from codes
left join seen
    on codes.code = seen.code
where seen.code is null
{% endtest %}
