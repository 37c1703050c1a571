-- One row per registered source document (seed source_documents): what it is, the authority it reports on,
-- the meeting it was published for, and the path and SHA-256 of the text every transcribed figure cites.
with

documents as (
    select * from {{ ref('stg_reference__source_documents') }}
),

authorities as (
    select
        la_number,
        la_name
    from {{ ref('stg_reference__local_authorities') }}
),

final as (
    select
        documents.source_document_id,
        documents.document_title,
        documents.publisher,
        documents.la_number,
        authorities.la_name,
        documents.meeting_name,
        documents.meeting_date,
        documents.text_path,
        documents.text_sha256,
        documents.line_count,
        documents.extraction_note
    from documents
    left join authorities
        on documents.la_number = authorities.la_number
)

select * from final
