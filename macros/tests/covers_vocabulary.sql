{#- Column test (coverage): every code of `vocabulary` in the one vocabulary seed appears in the column
    at least once, e.g. every complaints stream has figures. Fails with one row per code never seen. -#}
{% test covers_vocabulary(model, column_name, vocabulary) %}
select code as code_not_covered
from {{ ref('vocabularies') }}
where
    vocabulary = '{{ vocabulary }}'
    and code not in (
        select {{ column_name }} from {{ model }}
        where {{ column_name }} is not null
    )
{% endtest %}
