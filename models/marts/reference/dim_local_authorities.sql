-- One row per authority, region and country the project names (seed local_authorities): DfE LA number, name,
-- ONS code, region and type. Names here come from the seed, so they are there without DfE's extract.
with

authorities as (
    select * from {{ ref('stg_reference__local_authorities') }}
),

final as (
    select
        la_number,
        la_code,
        la_name,
        ons_code,
        region_name,
        la_type,
        is_local_authority
    from authorities
)

select * from final
