-- One row per cell of the 2020 regional comparison of safeguarding partnership budgets, typed (GBP).
with source as (
    select * from {{ ref('partnership_budgets') }}
),

renamed as (
    select
        figure_id,
        authority_name,
        authority_name_as_printed,
        cast(is_group_average as boolean) as is_group_average,
        budget_area,
        contributor,
        period_label,
        year_type,
        cast(value as decimal(18, 2)) as gbp_value,
        unit,
        nullif(trim(parent_figure_id), '') as parent_figure_id,
        nullif(trim(missing_reason), '') as missing_reason,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
