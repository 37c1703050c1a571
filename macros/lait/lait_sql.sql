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

{#- DuckDB interpolates doubles as lo * (1 - d) + hi * d, and its x86-64 build fuses that into one
    multiply-add: fma(lo, 1 - d, hi * d), rounded once. Spark's percentile() rounds differently in the last
    bit, enough to move a value sitting on a quartile boundary into the next band (2yr_Ofsted_rating 2020,
    Isle of Wight: 99.10000000000001 against a q3 of 99.1). spark__ computes the same fused result over the
    sorted non-null values (null for none): Dekker's exact product lo * (1 - d) as p + e, then p + q summed
    with its exact error (Knuth's two-sum), the errors added last. Lambdas (transform over a one-element
    array) bind the intermediate values. -#}
{% macro spark__lait_quantile_cont(expr, p) -%}
    {%- set sorted = "array_sort(collect_list(cast(" ~ expr ~ " as double)))" -%}
    {%- set pos = "((size(" ~ sorted ~ ") - 1) * cast(" ~ p ~ " as double))" -%}
    {%- set lo = "element_at(" ~ sorted ~ ", cast(floor(" ~ pos ~ ") as int) + 1)" -%}
    {%- set hi = "element_at(" ~ sorted ~ ", cast(ceil(" ~ pos ~ ") as int) + 1)" -%}
    {%- set d = "(" ~ pos ~ " - floor(" ~ pos ~ "))" -%}
    (case when size({{ sorted }}) > 0 then
        transform(
            array(named_struct('lo', {{ lo }}, 'w', 1.0D - {{ d }}, 'q', {{ hi }} * {{ d }})),
            a -> transform(
                array(named_struct(
                    'lo', a.lo, 'w', a.w, 'q', a.q, 'p', a.lo * a.w,
                    'lo_h', 134217729.0D * a.lo - (134217729.0D * a.lo - a.lo),
                    'w_h', 134217729.0D * a.w - (134217729.0D * a.w - a.w)
                )),
                b -> transform(
                    array(named_struct(
                        'p', b.p, 'q', b.q, 's', b.p + b.q,
                        'e', ((b.lo_h * b.w_h - b.p) + b.lo_h * (b.w - b.w_h) + (b.lo - b.lo_h) * b.w_h)
                            + (b.lo - b.lo_h) * (b.w - b.w_h)
                    )),
                    c -> c.s + (((c.p - (c.s - (c.s - c.p))) + (c.q - (c.s - c.p))) + c.e)
                )[0]
            )[0]
        )[0]
    end)
{%- endmacro %}

{#- The `k` lowest values of a group in ascending order, as a list (an aggregate whose state holds at most `k`
    values, however large the group). -#}
{% macro lait_lowest_values(expr, k) -%}
    {{ return(adapter.dispatch('lait_lowest_values', 'scrutiny')(expr, k)) }}
{%- endmacro %}

{% macro default__lait_lowest_values(expr, k) -%}
    min({{ expr }}, {{ k }})
{%- endmacro %}

{% macro spark__lait_lowest_values(expr, k) -%}
    slice(array_sort(collect_list({{ expr }})), 1, {{ k }})
{%- endmacro %}

{#- The list's element at 1-based `position` (null past its end). -#}
{% macro lait_list_element(list, position) -%}
    {{ return(adapter.dispatch('lait_list_element', 'scrutiny')(list, position)) }}
{%- endmacro %}

{% macro default__lait_list_element(list, position) -%}
    {{ list }}[{{ position }}]
{%- endmacro %}

{% macro spark__lait_list_element(list, position) -%}
    element_at({{ list }}, {{ position }})
{%- endmacro %}
