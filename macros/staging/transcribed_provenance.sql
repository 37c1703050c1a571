{#-
  transcribed_provenance(): the provenance columns of a figure transcribed from a document, typed as every staging
  model of a transcribed seed types them: the document, section and table as given, the line as an integer, and a
  blank note as null. The one owner of how a transcribed seed's provenance is read.
-#}
{% macro transcribed_provenance() -%}
    source_document_id,
    source_section,
    source_table,
    cast(source_line as integer) as source_line,
    nullif(trim(note), '') as note
{%- endmacro %}
