-- Southend, England and neighbours' values of percentage indicators lie within 0-100 (percentage changes have
-- their own unit, percent_change, and may be negative).
with figures as (
    select * from {{ ref('stg_education__matrix_values') }}
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

final as (
    select
        figures.indicator_id,
        figures.area,
        figures.period_label,
        figures.value,
        figures.source_line
    from figures
    inner join indicators
        on figures.indicator_id = indicators.indicator_id
    where
        indicators.unit = 'percent'
        and figures.measure = 'value'
        and (figures.value < 0 or figures.value > 100)
)

select * from final
