{#- Column test: every non-null value is a code of `vocabulary` in the one vocabulary seed
    (seeds/reference/vocabularies.csv). Fails with one row per value that is not. -#}
{% test in_vocabulary(model, column_name, vocabulary) %}
select distinct {{ column_name }} as value_not_in_vocabulary
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        select code from {{ ref('vocabularies') }}
        where vocabulary = '{{ vocabulary }}'
    )
{% endtest %}
