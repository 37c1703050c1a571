{#- True when `expr` matches the regular expression `pattern` (a SQL expression, usually a quoted literal).
    The one engine-specific spelling of a regex test. -#}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'scrutiny')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike {{ pattern }})
{%- endmacro %}
