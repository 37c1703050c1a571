{#-
  Small engine-specific spellings used by the LAIT models, kept here so a Spark target only needs
  a spark__ version of each.
-#}

{#- A text cell as a double, null when it is not a number. -#}
{% macro lait_to_double(expr) -%}
    {{ return(adapter.dispatch('lait_to_double', 'scrutiny')(expr)) }}
{%- endmacro %}

{% macro default__lait_to_double(expr) -%}
    try_cast({{ expr }} as double)
{%- endmacro %}

{% macro spark__lait_to_double(expr) -%}
    try_cast({{ expr }} as double)
{%- endmacro %}

{#- The p-th quantile with linear interpolation between order statistics (R's default type 7, what
    LAIT's quantile() uses). Aggregate function. -#}
{% macro lait_quantile_cont(expr, p) -%}
    {{ return(adapter.dispatch('lait_quantile_cont', 'scrutiny')(expr, p)) }}
{%- endmacro %}

{% macro default__lait_quantile_cont(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__lait_quantile_cont(expr, p) -%}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}
