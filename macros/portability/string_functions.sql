{#- Text aggregation and regex replacement, spelled per engine. -#}

{#- `expr` values of a group joined with `delimiter` (a SQL string literal) in `order_by` order; nulls skipped. -#}
{% macro string_agg_ordered(expr, delimiter, order_by) -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'scrutiny')(expr, delimiter, order_by)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expr, delimiter, order_by) -%}
    string_agg({{ expr }}, {{ delimiter }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__string_agg_ordered(expr, delimiter, order_by) -%}
    array_join(
        transform(
            array_sort(collect_list(named_struct('k', {{ order_by }}, 'v', {{ expr }}))),
            s -> s.v
        ),
        {{ delimiter }}
    )
{%- endmacro %}

{#- Every match of `pattern` in `expr` replaced (DuckDB's regexp_replace replaces only the first unless 'g';
    Spark's replaces all). `pattern` and `replacement` are SQL expressions (usually quoted literals). -#}
{% macro regex_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'scrutiny')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}
