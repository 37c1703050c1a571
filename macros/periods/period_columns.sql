{#-
  period_columns(relation): the five columns that say which period a row is of (the label, its year type, its
  kind and its first and last days), in the order every mart gives them, for a select list or a group by; each
  qualified by relation when it is given.
-#}
{% macro period_columns(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in ['period_label', 'year_type', 'period_kind', 'period_start_date', 'period_end_date'] -%}
        {{ prefix ~ column }}{{ ',\n' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
