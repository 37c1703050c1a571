{#- Model-level test: none of `columns` is null in any row (one query for a model's required columns; not-null
    contract constraints would do it at no cost on DuckDB, but Spark cannot add them to a parquet table). -#}
{% test columns_not_null(model, columns) %}
select *
from {{ model }}
where
    {%- for column in columns %}
    {{ column }} is null{{ " or" if not loop.last }}
    {%- endfor %}
{% endtest %}
