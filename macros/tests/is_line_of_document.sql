{#- Column test: every non-null value is a line of the source document the row cites (1 to that document's
    line_count in the source registry, seeds/reference/source_documents.csv). `document_column` names the
    row's document; without one, the line must be a line of some registered document. Fails with each
    row whose line is not. -#}
{% test is_line_of_document(model, column_name, document_column=none) %}
with

documents as (
    select
        source_document_id,
        line_count
    from {{ ref('stg_reference__source_documents') }}
),

cited as (
    select
        {{ column_name }} as source_line
        {%- if document_column %},
        {{ document_column }} as source_document_id
        {%- endif %}
    from {{ model }}
    where {{ column_name }} is not null
)

select cited.*
from cited
{%- if document_column %}
left join documents
    on cited.source_document_id = documents.source_document_id
where
    documents.line_count is null
    or cited.source_line < 1
    or cited.source_line > documents.line_count
{%- else %}
where
    cited.source_line < 1
    or cited.source_line > (select max(line_count) from documents)
{%- endif %}
{% endtest %}
