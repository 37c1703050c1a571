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
        nullif(trim(la_code), '') as la_code,
        cast(nullif(trim(la_code), '') as integer) as la_number,
        meeting_name,
        meeting_date,
        path as text_path,
        lower(sha256) as text_sha256,
        line_count,
        extraction_note
    from source
)

select * from final
