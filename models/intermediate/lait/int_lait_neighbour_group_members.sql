-- Every statistical-neighbour group, versioned by neighbour_group_id, in one shape: one row per group,
-- focus LA and neighbour. The groups are the registry's (seed neighbour_group_versions):
--   members_from source_document  printed in a source document (seed neighbour_groups; the pack's
--                                 ten, for the authority the pack is about only)
--   members_from lait_workbook    one of DfE's models, every LA as a focus (its workbook in the extract)
-- is_default_for_focus: the group a focus LA is compared with unless an analyst picks another: the var
-- default_neighbour_group_id where that group has the focus, else the group with the latest
-- `published` date (the registry's) that has it.
with

versions as (
    select * from {{ ref('stg_reference__neighbour_group_versions') }}
),

document_groups as (
    select
        neighbour_group_id,
        cast(focus_la_code as integer) as focus_la_number,
        cast(neighbour_la_code as integer) as neighbour_la_number,
        neighbour_position,
        closeness,
        'agenda pack seed (line ' || cast(source_line as {{ dbt.type_string() }}) || ')' as member_source,
        false as is_legacy_focus
    from {{ ref('stg_reference__neighbour_groups') }}
),

workbook_groups as (
    select
        neighbour_group_id,
        focus_la_number,
        neighbour_la_number,
        neighbour_position,
        closeness,
        source_file || ' row ' || cast(source_row as {{ dbt.type_string() }}) as member_source,
        is_legacy_authority as is_legacy_focus
    from {{ ref('stg_lait__statistical_neighbours') }}
),

unioned as (
    select * from document_groups
    union all
    select * from workbook_groups
),

-- per focus, its groups ordered: the var's group first, then by publication, latest first (the id only
-- breaks a tie between two groups published in the same month)
group_order as (
    select
        focus_groups.focus_la_number,
        focus_groups.neighbour_group_id,
        row_number() over (
            partition by focus_groups.focus_la_number
            order by
                case
                    when focus_groups.neighbour_group_id = '{{ var("default_neighbour_group_id") }}' then 0
                    else 1
                end,
                versions.published_month_start_date desc,
                focus_groups.neighbour_group_id
        ) as group_rank
    from (
        select distinct
            focus_la_number,
            neighbour_group_id
        from unioned
    ) as focus_groups
    inner join versions
        on focus_groups.neighbour_group_id = versions.neighbour_group_id
),

defaults as (
    select
        focus_la_number,
        neighbour_group_id as default_neighbour_group_id
    from group_order
    where group_rank = 1
),

final as (
    select
        unioned.neighbour_group_id,
        unioned.focus_la_number,
        unioned.neighbour_position,
        unioned.neighbour_la_number,
        unioned.closeness,
        unioned.is_legacy_focus,
        unioned.neighbour_group_id = defaults.default_neighbour_group_id as is_default_for_focus,
        unioned.member_source
    from unioned
    left join defaults
        on unioned.focus_la_number = defaults.focus_la_number
)

select * from final
