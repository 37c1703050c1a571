-- The statistical-neighbour group versions: the pack's list and DfE's models.
with

source as (
    select * from {{ ref('neighbour_group_versions') }}
),

final as (
    select
        neighbour_group_id,
        label as group_label,
        publisher,
        published as published_year_month,
        cast(published || '-01' as date) as published_month_start_date,
        source as members_source,
        is_default_for_southend
    from source
)

select * from final
