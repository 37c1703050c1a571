-- One row per day from 1990 to 2035: the time spine dbt's semantic layer (MetricFlow) joins time dimensions to.
-- Covers every period the marts hold (DfE's series start in the 1990s; the pack's in 2017).
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('1990-01-01' as date)",
        "cast('2036-01-01' as date)"
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
