-- DfE's LA code list: LAs, regions and England with their LAIT numbers.
with

source as (
    select * from {{ source('lait', 'la_codes') }}
),

final as (
    select
        la_number,
        la_name,
        nullif(region_name, 'NA') as region_name,
        nullif(la_type, 'NA') as la_type,
        source_row
    from source
)

select * from final
