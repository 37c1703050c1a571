{#- Column test: every non-null value is a missing-value reason of `source_family` (pack, dfe_lait, dfe_ees) in
    the one list of them (seeds/reference/missing_reasons.csv, which also words each reason for readers).
    Fails with every row whose reason is not listed for that family. -#}
{% test is_missing_reason(model, column_name, source_family) %}
select *
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        select missing_reason from {{ ref('missing_reasons') }}
        where source_family = '{{ source_family }}'
    )
{% endtest %}
