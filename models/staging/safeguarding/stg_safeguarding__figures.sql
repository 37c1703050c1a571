-- One row per figure printed in the 2020-21 Safeguarding Partnership annual report, typed.
-- Blank cells stay NULL with their missing_reason; nothing else is changed.
with source as (
    select * from {{ ref('safeguarding_figures') }}
),

renamed as (
    select
        figure_id,
        domain,
        measure,
        nullif(trim(category), '') as category,
        nullif(trim(subcategory), '') as subcategory,
        age_band,
        period_label,
        year_type,
        cast(value as decimal(18, 4)) as value,
        unit,
        nullif(trim(parent_figure_id), '') as parent_figure_id,
        nullif(trim(missing_reason), '') as missing_reason,
        value is null as is_missing,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
