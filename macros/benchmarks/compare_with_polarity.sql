{#-
  Polarity-aware comparison of a value with a reference value (England, the neighbours' average, last year).
  polarity: high_better | low_better | neither.
    compare_with_polarity  -> 'better' | 'worse' | 'same'; for polarity neither: 'higher' | 'lower' | 'same';
                              null when either value is missing.
  The one place the project decides what "better" means.
-#}
{% macro compare_with_polarity(value, reference, polarity) -%}
(case
    when {{ value }} is null or {{ reference }} is null then null
    when {{ value }} = {{ reference }} then 'same'
    when {{ polarity }} = 'high_better' then case when {{ value }} > {{ reference }} then 'better' else 'worse' end
    when {{ polarity }} = 'low_better' then case when {{ value }} < {{ reference }} then 'better' else 'worse' end
    else case when {{ value }} > {{ reference }} then 'higher' else 'lower' end
end)
{%- endmacro %}

{#- Direction of travel since the previous period, in the same words: improving | worsening | no_change, or
    up | down | no_change where the indicator has no polarity; null without both values. -#}
{% macro direction_of_travel(current_value, previous_value, polarity) -%}
(case {{ compare_with_polarity(current_value, previous_value, polarity) }}
    when 'better' then 'improving'
    when 'worse' then 'worsening'
    when 'same' then 'no_change'
    when 'higher' then 'up'
    when 'lower' then 'down'
end)
{%- endmacro %}
