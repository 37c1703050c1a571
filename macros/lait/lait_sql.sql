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

{#- Spark's percentile() can differ from DuckDB's quantile_cont (lo * (1 - d) + hi * d for doubles) in the
    last bit, enough to move a value sitting on a quartile boundary into the next band (2yr_Ofsted_rating
    2020, Isle of Wight: 99.10000000000001 against a q3 of 99.1); this spells DuckDB's formula out over the
    sorted non-null values (null for none). -#}
{% macro spark__lait_quantile_cont(expr, p) -%}
    {%- set sorted = "array_sort(collect_list(cast(" ~ expr ~ " as double)))" -%}
    {%- set pos = "((size(" ~ sorted ~ ") - 1) * cast(" ~ p ~ " as double))" -%}
    {%- set lo = "element_at(" ~ sorted ~ ", cast(floor(" ~ pos ~ ") as int) + 1)" -%}
    {%- set hi = "element_at(" ~ sorted ~ ", cast(ceil(" ~ pos ~ ") as int) + 1)" -%}
    {%- set d = "(" ~ pos ~ " - floor(" ~ pos ~ "))" %}
    (case when size({{ sorted }}) > 0 then {{ lo }} * (1.0D - {{ d }}) + {{ hi }} * {{ d }} end)
{%- endmacro %}
