-- One row per area in the LAIT extract or DfE's LA code list: LAs, regions and England.
with

areas as (
    select * from {{ ref('int_lait_areas') }}
),

final as (
    select
        la_number,
        area_name,
        area_type,
        la_type as la_type_code,
        region_name,
        region_la_number,
        is_legacy_authority,
        is_in_extract
    from areas
)

select * from final
