{#- Column test: every non-null value is a code of `vocabulary` in the one vocabulary seed
    (seeds/reference/vocabularies.csv). Fails with every row whose value is not. One anti-join (a hash join on
    any engine), never a per-row lookup; a null code in the seed cannot make the test pass vacuously. -#}
{% test in_vocabulary(model, column_name, vocabulary) %}
with
codes as (
    select code from {{ ref('vocabularies') }}
    where vocabulary = '{{ vocabulary }}'
),
checked as (
    select * from {{ model }}
    where {{ column_name }} is not null
)
select checked.*
from checked
left join codes
    on checked.{{ column_name }} = codes.code
where codes.code is null
{% endtest %}
