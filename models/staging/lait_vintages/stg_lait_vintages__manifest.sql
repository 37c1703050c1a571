-- One row per published version ("vintage") of DfE's LAIT extract, in publication order: vintage_seq 1 is the
-- oldest held (scrutiny/sources/lait_vintages.py checked the order, each file's SHA-256 and column layout).
-- committed_at is the commit time in UTC: a vintage is "as published" from then until the next vintage's
-- committed_at.
with

source as (
    select * from {{ source('lait_vintages', 'manifest') }}
),

final as (
    select
        cast(vintage_seq as integer) as vintage_seq,
        vintage_id,
        commit_sha,
        cast(committed_at_utc as timestamp) as committed_at,
        cast(cast(committed_at_utc as timestamp) as date) as committed_on,
        committed_at_source,
        bds_file,
        bds_sha256,
        landed_bds_file,
        nullif(dictionary_file, '') as dictionary_file,
        nullif(dictionary_sha256, '') as dictionary_sha256,
        nullif(landed_dictionary_file, '') as landed_dictionary_file,
        message,
        cast(manifest_row as integer) as manifest_row
    from source
)

select * from final
