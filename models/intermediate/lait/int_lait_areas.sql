-- Every LAIT area (LA, region, England) with its type and, for an LA, the region row it is compared
-- with. The extract names London LAs' regions "Inner London" / "Outer London" while the region rows
-- are "London (Inner)" / "London (Outer)" (as in DfE's neighbour workbooks); both spellings map here.
with

bds_areas as (
    select
        la_number,
        max(area_name) as area_name,
        max(region_name) as region_name
    from {{ ref('stg_lait__bds_values') }}
    group by la_number
),

la_codes as (
    select * from {{ ref('stg_lait__local_authorities') }}
),

-- authorities listed under "Old SNs:" in a DfE neighbour workbook no longer exist (reorganised)
legacy as (
    select distinct focus_la_number as la_number
    from {{ ref('stg_lait__statistical_neighbours') }}
    where is_legacy_authority
),

areas as (
    select
        coalesce(bds_areas.la_number, la_codes.la_number) as la_number,
        coalesce(bds_areas.area_name, la_codes.la_name) as area_name,
        coalesce(bds_areas.region_name, la_codes.region_name) as region_name,
        la_codes.la_type,
        bds_areas.la_number is not null as is_in_extract
    from bds_areas
    full outer join la_codes
        on bds_areas.la_number = la_codes.la_number
),

typed as (
    select
        *,
        case
            when la_number = {{ var('england_la_number') }} then 'england'
            when la_number between 980 and 999 then 'region'
            -- DfE numbers from England's up are not authorities
            when la_number >= {{ var('england_la_number') }} then 'other'
            else 'local_authority'
        end as area_type,
        lower(
            case region_name
                when 'Inner London' then 'London (Inner)'
                when 'Outer London' then 'London (Outer)'
                else region_name
            end
        ) as region_key
    from areas
),

regions as (
    select
        la_number as region_la_number,
        area_name as region_area_name,
        lower(area_name) as region_key
    from typed
    where area_type = 'region'
),

final as (
    select
        typed.la_number,
        typed.area_name,
        typed.area_type,
        typed.la_type,
        case when typed.area_type = 'local_authority' then typed.region_name end as region_name,
        case when typed.area_type = 'local_authority' then regions.region_la_number end as region_la_number,
        legacy.la_number is not null as is_legacy_authority,
        typed.is_in_extract
    from typed
    left join regions
        on typed.region_key = regions.region_key
        and typed.area_type = 'local_authority'
    left join legacy
        on typed.la_number = legacy.la_number
)

select * from final
