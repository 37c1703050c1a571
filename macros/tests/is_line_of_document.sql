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
    select * from {{ model }}
)

select cited.*
from cited
{%- if document_column %}
left join documents
    on cited.{{ document_column }} = documents.source_document_id
where
    cited.{{ column_name }} is not null
    and (
        documents.line_count is null
        or cited.{{ column_name }} < 1
        or cited.{{ column_name }} > documents.line_count
    )
{%- else %}
where
    cited.{{ column_name }} < 1
    or cited.{{ column_name }} > (select max(line_count) from documents)
{%- endif %}
{% endtest %}
