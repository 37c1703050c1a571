{#- `expr` rounded to `places` decimal places, where `places` is a column (not a constant). DuckDB's round()
    takes any integer expression; Spark's wants a constant scale, so spark__ picks the constant per row (0-6
    places; beyond that, scaling by a power of ten). Null places give null, as DuckDB's round() does. -#}
{% macro round_to_places(expr, places) -%}
    {{ return(adapter.dispatch('round_to_places', 'scrutiny')(expr, places)) }}
{%- endmacro %}

{% macro default__round_to_places(expr, places) -%}
    round({{ expr }}, {{ places }})
{%- endmacro %}

{% macro spark__round_to_places(expr, places) -%}
    case cast({{ places }} as int)
        {%- for p in range(0, 7) %}
        when {{ p }} then round({{ expr }}, {{ p }})
        {%- endfor %}
        else round({{ expr }} * power(10, {{ places }})) / power(10, {{ places }})
    end
{%- endmacro %}
