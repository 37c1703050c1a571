{#-
  register_raw_sources(): make the raw extracts (DfE's LAIT files, see models/staging/lait/_lait__sources.yml, and
  DfE's children's social care statistics landed by scrutiny/sources/ees.py, models/staging/ees_csc/_ees_csc__sources.yml,
  and the LAIT extract's published versions, models/staging/lait_vintages/_lait_vintages__sources.yml) readable as
  the dbt sources `lait.*`, `ees_csc.*` and `lait_vintages.*` on engines that cannot read them through
  `external_location`.

  DuckDB (default__): nothing to do, dbt-duckdb reads each file in place through the source's
  external_location. Spark (spark__): one external table per source over the SAME file (the paths are the
  dbt vars that scrutiny.sources.lait.land.prepare() returns; when the extract is absent they point at its empty typed
  files). Run it before the build: `dbt run-operation register_raw_sources --vars '<the same vars>'`
  (tools/spark_parity does, with the vars of every landing module in scrutiny.sources.registry.raw_sources()).
-#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'scrutiny')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {{ log("register_raw_sources: nothing to do on " ~ target.type
        ~ " (sources read through external_location)", info=true) }}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- set sources = [
        ('lait', 'bds_long', 'lait_bds_path', 'parquet'),
        ('lait', 'data_dictionary', 'lait_dictionary_path', 'csv'),
        ('lait', 'statistical_neighbours', 'lait_neighbours_path', 'parquet'),
        ('lait', 'la_codes', 'lait_la_codes_path', 'parquet'),
        ('ees_csc', 'cells', 'ees_csc_values_path', 'parquet'),
    ] -%}
    {%- for schema in sources | map(attribute=0) | unique -%}
        {%- do run_query('create database if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- for schema, name, path_var, format in sources -%}
        {%- set path = var(path_var, '') -%}
        {%- if not path -%}
            {{ exceptions.raise_compiler_error("register_raw_sources: var " ~ path_var ~ " is not set;"
                ~ " pass the vars the landing modules (scrutiny.sources.registry.raw_sources()) return") }}
        {%- endif -%}
        {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ name) -%}
        {#- csv as DuckDB's read_csv reads it: a header row, quoted fields spanning lines ("\r\r\n" inside them kept
            as is: lineSep \n, which also ends CRLF lines), "" inside quotes -#}
        {%- set csv_options = ", header 'true', multiLine 'true', lineSep '\\n', quote '\"', escape '\"'" -%}
        {%- set options = "path '" ~ path ~ "'" ~ (csv_options if format == 'csv' else '') -%}
        {%- do run_query('create table ' ~ schema ~ '.' ~ name ~ ' using ' ~ format ~ ' options (' ~ options ~ ')') -%}
        {{ log("register_raw_sources: " ~ schema ~ "." ~ name ~ " <- " ~ path, info=true) }}
    {%- endfor -%}
    {{ spark__register_lait_vintages() }}
{%- endmacro %}

{#- The published versions of the extract (models/staging/lait_vintages/_lait_vintages__sources.yml): the manifest
    parquet, and every landed extract and dictionary in their folders (the vars are globs; Spark reads the folder)
    as a table plus a view adding each row's file (`filename`, as DuckDB's filename = true does). -#}
{% macro spark__register_lait_vintages() -%}
    {%- set csv_options = ", header 'true', multiLine 'true', lineSep '\\n', quote '\"', escape '\"'" -%}
    {%- set sources = [
        ('bds_long', 'lait_vintages_bds_glob', 'parquet'),
        ('data_dictionary', 'lait_vintages_dictionary_glob', 'csv'),
    ] -%}
    {%- set manifest = var('lait_vintages_manifest_path', '') -%}
    {%- if not manifest -%}
        {{ exceptions.raise_compiler_error("register_raw_sources: var lait_vintages_manifest_path is not set;"
            ~ " pass the vars scrutiny.sources.lait_vintages.prepare() returns") }}
    {%- endif -%}
    {%- do run_query('create database if not exists lait_vintages') -%}
    {%- do run_query('drop table if exists lait_vintages.manifest') -%}
    {%- do run_query("create table lait_vintages.manifest using parquet options (path '" ~ manifest ~ "')") -%}
    {%- for name, path_var, format in sources -%}
        {%- set glob = var(path_var, '') -%}
        {%- if not glob -%}
            {{ exceptions.raise_compiler_error("register_raw_sources: var " ~ path_var ~ " is not set") }}
        {%- endif -%}
        {%- set folder = glob.rsplit('/', 1)[0] -%}
        {%- set options = "path '" ~ folder ~ "'" ~ (csv_options if format == 'csv' else '') -%}
        {%- do run_query('drop view if exists lait_vintages.' ~ name) -%}
        {%- do run_query('drop table if exists lait_vintages.' ~ name ~ '_files') -%}
        {%- do run_query('create table lait_vintages.' ~ name ~ '_files using ' ~ format
            ~ ' options (' ~ options ~ ')') -%}
        {%- do run_query('create view lait_vintages.' ~ name
            ~ ' as select *, input_file_name() as filename from lait_vintages.' ~ name ~ '_files') -%}
        {{ log("register_raw_sources: lait_vintages." ~ name ~ " <- " ~ folder, info=true) }}
    {%- endfor -%}
{%- endmacro %}
