-- Registered source documents, one row per document.
with

source as (
    select * from {{ ref('source_documents') }}
),

final as (
    select
        source_document_id,
        title as document_title,
        publisher,
        meeting_name,
        meeting_date,
        path as text_path,
        lower(sha256) as text_sha256,
        extraction_note
    from source
)

select * from final
