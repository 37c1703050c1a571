{#- Column test: every non-null value is a code of `vocabulary` in the one vocabulary seed
    (seeds/reference/vocabularies.csv). Fails with every row whose value is not. -#}
{% test in_vocabulary(model, column_name, vocabulary) %}
select *
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        select code from {{ ref('vocabularies') }}
        where vocabulary = '{{ vocabulary }}'
    )
{% endtest %}
