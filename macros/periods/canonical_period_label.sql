{#-
  canonical_period_label(label)

  The one spelling of a period label every mart's `period_label` uses; the label as the source printed or
  published it stays beside it (`period_label_as_printed`, `period_label_as_published`). It respells, never
  re-expresses, a period: DfE's "2019" for an academic year stays "2019".
    - a status suffix is dropped: '2019 (Rev)' -> '2019', '2024 (prov)' -> '2024', '2016-17 (OT)' -> '2016/17'
    - two consecutive years are written yyyy/yy: '2020/2021', '2020-21', '2020 - 21' -> '2020/21'
      (a span of non-consecutive years, '2016-18', is left as it is)
    - the same inside a quarter: 'Q4 2020/2021' -> 'Q4 2020/21'
    - a month is written in full: 'Jan 2021' -> 'January 2021'
    - anything else is trimmed and kept: 'as at 31 March 2021', '2016/17-18/19', '2019'
-#}
{% macro canonical_period_label(label) -%}
{%- set status = "'(?i)[(] *(prov|provisional|p|rev|revised|r|ot|outturn|final) *[)] *$'" -%}
{%- set l = "trim("
    ~ regex_replace_all("trim(cast(" ~ label ~ " as " ~ dbt.type_string() ~ "))", status, "''") ~ ")" -%}
{%- set pair = "'^[0-9]{4} *[/-] *([0-9]{2}|[0-9]{4})$'" -%}
{%- set quarter_pair = "'^[qQ][1-4] +[0-9]{4} *[/-] *([0-9]{2}|[0-9]{4})$'" -%}
{%- set months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                  'October', 'November', 'December'] -%}
(case
    when {{ regex_matches(l, pair) }} then {{ _canonical_year_pair(l) }}
    when {{ regex_matches(l, quarter_pair) }}
        then upper(substr({{ l }}, 1, 2)) || ' ' || {{ _canonical_year_pair("trim(substr(" ~ l ~ ", 3))") }}
    {%- for month in months %}
    when {{ regex_matches(l, "'^(?i)" ~ month[:3] ~ "[a-z]* +[0-9]{4}$'") }}
        then '{{ month }} ' || regexp_extract({{ l }}, '([0-9]{4})$', 1)
    {%- endfor %}
    else {{ l }}
end)
{%- endmacro %}

{#- 'yyyy/yy' for a label of two consecutive years ('2020/2021', '2020-21'); the label itself otherwise. -#}
{% macro _canonical_year_pair(l) -%}
{%- set y1 = "cast(regexp_extract(" ~ l ~ ", '^([0-9]{4})', 1) as integer)" -%}
{%- set y2_raw = "regexp_extract(" ~ l ~ ", '([0-9]{2,4})$', 1)" -%}
{%- set y2 = "(case when length(" ~ y2_raw ~ ") = 4 then cast(" ~ y2_raw ~ " as integer) else "
    ~ y1 ~ " - mod(" ~ y1 ~ ", 100) + cast(" ~ y2_raw ~ " as integer)"
    ~ " + (case when cast(" ~ y2_raw ~ " as integer) < mod(" ~ y1 ~ ", 100) then 100 else 0 end) end)" -%}
case
    when {{ y2 }} = {{ y1 }} + 1
        then cast({{ y1 }} as {{ dbt.type_string() }}) || '/' || lpad(cast(mod({{ y2 }}, 100) as {{ dbt.type_string() }}), 2, '0')
    else {{ l }}
end
{%- endmacro %}
