{#- Column test: every non-null value is a missing-value reason of `source_family` (pack, dfe_lait, dfe_ees) in
    the one list of them (seeds/reference/missing_reasons.csv, which also words each reason for readers).
    Fails with every row whose reason is not listed for that family. One anti-join, never a per-row lookup. -#}
{% test is_missing_reason(model, column_name, source_family) %}
with
reasons as (
    select distinct missing_reason from {{ ref('missing_reasons') }}
    where source_family = '{{ source_family }}'
),
checked as (
    select * from {{ model }}
    where {{ column_name }} is not null
)
select checked.*
from checked
left join reasons
    on checked.{{ column_name }} = reasons.missing_reason
where reasons.missing_reason is null
{% endtest %}
