{#- `expr` (a double) rounded to `places` decimal places, where `places` is a column (not a constant), as
    DuckDB's round(double, places) does it: scale by 10^places, round half away from zero, scale back (so
    22.15 gives 22.1: 221.49999999999997 in binary). Spark's round() wants a constant scale and rounds the
    decimal spelling (22.15 -> 22.2), so spark__ spells DuckDB's arithmetic out. Null places give null. -#}
{% macro round_to_places(expr, places) -%}
    {{ return(adapter.dispatch('round_to_places', 'scrutiny')(expr, places)) }}
{%- endmacro %}

{% macro default__round_to_places(expr, places) -%}
    round({{ expr }}, {{ places }})
{%- endmacro %}

{% macro spark__round_to_places(expr, places) -%}
    (round(cast({{ expr }} as double) * power(10, {{ places }}), 0) / power(10, {{ places }}))
{%- endmacro %}
