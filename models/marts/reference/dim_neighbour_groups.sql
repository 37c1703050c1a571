-- One row per statistical-neighbour group of the registry (seed neighbour_group_versions): its labels,
-- publication date, where its members come from, how many focus authorities it covers in this build
-- (0 when its workbook was not in the extract), whether it is the latest published of the groups loaded,
-- and whether it is the default group (dbt var default_neighbour_group_id).
with

versions as (
    select * from {{ ref('stg_reference__neighbour_group_versions') }}
),

coverage as (
    select
        neighbour_group_id,
        count(distinct focus_la_number) as count_focus_las
    from {{ ref('int_lait_neighbour_group_members') }}
    group by neighbour_group_id
),

loaded as (
    select
        versions.*,
        coalesce(coverage.count_focus_las, 0) as count_focus_las
    from versions
    left join coverage
        on versions.neighbour_group_id = coverage.neighbour_group_id
),

ordered as (
    select
        *,
        case
            when count_focus_las > 0
                then row_number() over (
                    partition by count_focus_las > 0
                    order by published_month_start_date desc, neighbour_group_id
                )
        end as publication_rank
    from loaded
),

final as (
    select
        neighbour_group_id,
        group_label,
        group_short_label,
        publisher,
        published_year_month,
        published_month_start_date,
        members_from,
        workbook_file,
        source_document_id,
        members_source,
        cast(count_focus_las as integer) as count_focus_las,
        count_focus_las > 0 as is_loaded,
        coalesce(publication_rank = 1, false) as is_latest_published_group,
        neighbour_group_id = '{{ var("default_neighbour_group_id") }}' as is_configured_default_group
    from ordered
)

select * from final
