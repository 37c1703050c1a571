{#-
  portable_type(type): a type name as written in this project (DuckDB spelling: seeds' column_types, marts'
  contract data_type, casts) translated for the target engine. The one owner of type-name differences.
  Spark has no length-less varchar/text (it wants `string`) and no hugeint.
-#}
{% macro portable_type(type) -%}
    {{ return(adapter.dispatch('portable_type', 'scrutiny')(type)) }}
{%- endmacro %}

{% macro default__portable_type(type) -%}
    {{ return(type) }}
{%- endmacro %}

{% macro spark__portable_type(type) -%}
    {%- set t = (type | string).strip().lower() -%}
    {%- if t in ('varchar', 'text', 'string', 'bpchar') or t.startswith('varchar(') -%}
        {{ return('string') }}
    {%- elif t in ('hugeint', 'int128') -%}
        {{ return('decimal(38,0)') }}
    {%- elif t in ('integer', 'int4', 'int') -%}
        {{ return('int') }}
    {%- elif t in ('float8', 'double precision') -%}
        {{ return('double') }}
    {%- else -%}
        {{ return(type) }}
    {%- endif -%}
{%- endmacro %}

{#- dbt's cast() (used by contracts' empty-schema query) with the type translated: Spark contracts
    then accept the marts' `data_type: varchar`. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ portable_type(type) }})
{%- endmacro %}

{#- dbt-spark's seed table DDL with each declared column type translated (seeds declare `varchar`). -#}
{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = portable_type(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }}
            {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{#- dbt-spark's seed loader, with literals rendered here instead of bound: in session mode its bindings turn a
    blank cell into the text 'None' and do not escape quotes. Types are translated as in the DDL above. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set batch_size = get_batch_size() -%}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(batch_size) -%}
      {%- set sql -%}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                  {%- set type = portable_type(column_override.get(col_name, inferred_type)) -%}
                  cast({{ spark_seed_literal(row[loop.index0]) }} as {{ type }})
                  {%- if not loop.last %}, {% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},
          {% endif -%}
          {%- endfor %}
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- if loop.index0 == 0 -%}
          {%- do statements.append(sql) -%}
      {%- endif -%}
  {%- endfor -%}
  {{ return(statements[0]) }}
{% endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ (value | string).replace('\\', '\\\\').replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
