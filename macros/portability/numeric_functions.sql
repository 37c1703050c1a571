{#- `expr` (a double) rounded to `places` decimal places, where `places` is a column (not a constant), as
    DuckDB's round(double, places) does it: the exact binary value rounded half away from zero (4.55 is
    4.5499999999999998 in binary, so it gives 4.5). Spark's round() wants a constant scale and rounds the
    shortest decimal spelling (4.55 -> 4.6), so spark__ scales by 10^places and, only where the scaled double
    lands exactly on a half, decides the side by the exact rounding error of that product (Dekker's
    two-product: the double is split into two 26-bit halves whose products with 10^places are exact; valid
    for places 0-6). Null places give null. -#}
{% macro round_to_places(expr, places) -%}
    {{ return(adapter.dispatch('round_to_places', 'scrutiny')(expr, places)) }}
{%- endmacro %}

{% macro default__round_to_places(expr, places) -%}
    round({{ expr }}, {{ places }})
{%- endmacro %}

{% macro spark__round_to_places(expr, places) -%}
    {%- set x = "cast(" ~ expr ~ " as double)" -%}
    {%- set m = "power(10, " ~ places ~ ")" -%}
    {%- set p = "(" ~ x ~ " * " ~ m ~ ")" -%}
    {%- set split = "(134217729.0D * " ~ x ~ ")" -%}
    {%- set x_hi = "(" ~ split ~ " - (" ~ split ~ " - " ~ x ~ "))" -%}
    {%- set x_lo = "(" ~ x ~ " - " ~ x_hi ~ ")" -%}
    {#- exact x * m minus the double p: its sign says which side of p the true product lies -#}
    {%- set error = "((" ~ x_hi ~ " * " ~ m ~ " - " ~ p ~ ") + " ~ x_lo ~ " * " ~ m ~ ")" -%}
    ((case
        when (case when {{ p }} >= 0 then {{ p }} - floor({{ p }}) else ceil({{ p }}) - {{ p }} end) = 0.5D then
            case
                when {{ p }} > 0 then case when {{ error }} < 0 then floor({{ p }}) else ceil({{ p }}) end
                else case when {{ error }} > 0 then ceil({{ p }}) else floor({{ p }}) end
            end
        else round({{ p }}, 0)
    end) / {{ m }})
{%- endmacro %}
