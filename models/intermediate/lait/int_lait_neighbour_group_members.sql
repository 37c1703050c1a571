-- Every statistical-neighbour group, versioned by neighbour_group_id, in one shape:
--   pack_2021    the ten printed in the agenda pack (seed neighbour_groups; focus Southend only)
--   dfe_2021_04  DfE's model of April 2021 (sn_april_2021.xlsx, every LA as focus)
--   dfe_2025_05  DfE's model of May 2025 (sn_may_2025.xlsx, every LA as focus)
-- is_default_for_focus: the group a focus LA is compared with unless an analyst picks another:
-- var default_neighbour_group_id (pack_2021) where that group has the focus, else the latest DfE model.
with

pack_groups as (
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

dfe_groups as (
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
    select * from pack_groups
    union all
    select * from dfe_groups
),

latest_dfe as (
    select max(neighbour_group_id) as neighbour_group_id
    from dfe_groups
),

defaults as (
    select
        unioned.focus_la_number,
        coalesce(
            max(case
                when unioned.neighbour_group_id = '{{ var("default_neighbour_group_id", "pack_2021") }}'
                    then unioned.neighbour_group_id
            end),
            max(latest_dfe.neighbour_group_id)
        ) as default_neighbour_group_id
    from unioned
    cross join latest_dfe
    group by unioned.focus_la_number
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
