{#-
  register_raw_sources(): make the raw extracts (DfE's LAIT files, see models/staging/lait/_lait__sources.yml)
  readable as the dbt sources `lait.*` on engines that cannot read them through `external_location`.

  DuckDB (default__): nothing to do, dbt-duckdb reads each file in place through the source's
  external_location. Spark (spark__): one external table per source over the SAME file (the paths are the
  dbt vars that scrutiny.lait.prepare() returns; when the extract is absent they point at its empty typed
  files). Run it before the build: `dbt run-operation register_raw_sources --vars '<the same vars>'`
  (scrutiny/spark.py does).
-#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'scrutiny')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {{ log("register_raw_sources: nothing to do on " ~ target.type ~ " (sources read through external_location)", info=true) }}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- set sources = [
        ('bds_long', 'lait_bds_path', 'parquet'),
        ('data_dictionary', 'lait_dictionary_path', 'csv'),
        ('statistical_neighbours', 'lait_neighbours_path', 'parquet'),
        ('la_codes', 'lait_la_codes_path', 'parquet'),
    ] -%}
    {%- do run_query('create database if not exists lait') -%}
    {%- for name, path_var, format in sources -%}
        {%- set path = var(path_var, '') -%}
        {%- if not path -%}
            {{ exceptions.raise_compiler_error("register_raw_sources: var " ~ path_var ~ " is not set; pass the vars scrutiny.lait.prepare() returns") }}
        {%- endif -%}
        {%- do run_query('drop table if exists lait.' ~ name) -%}
        {#- csv as DuckDB's read_csv reads it: a header row, quoted fields spanning lines ("\r\r\n" inside them kept
            as is: lineSep \n, which also ends CRLF lines), "" inside quotes -#}
        {%- set csv_options = ", header 'true', multiLine 'true', lineSep '\\n', quote '\"', escape '\"'" -%}
        {%- set options = "path '" ~ path ~ "'" ~ (csv_options if format == 'csv' else '') -%}
        {%- do run_query('create table lait.' ~ name ~ ' using ' ~ format ~ ' options (' ~ options ~ ')') -%}
        {{ log("register_raw_sources: lait." ~ name ~ " <- " ~ path, info=true) }}
    {%- endfor -%}
{%- endmacro %}
