-- Local authorities, the East of England region and England, keyed by DfE LA number.
with

source as (
    select * from {{ ref('local_authorities') }}
),

final as (
    select
        trim(la_code) as la_code,
        cast(trim(la_code) as integer) as la_number,
        trim(la_name) as la_name,
        upper(trim(ons_code)) as ons_code,
        nullif(trim(region_name), '') as region_name,
        lower(trim(la_type)) as la_type,
        lower(trim(la_type)) not in ('region', 'country') as is_local_authority
    from source
)

select * from final
