-- One row per headline measure (seed headline_measures), in the order a reader expects them: the measure
-- the app's pages open on, as DfE's LAIT measure, the pack's indicator and DfE's children's social care
-- statistics measure, with their labels.
with

headlines as (
    select * from {{ ref('headline_measures') }}
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

lait_measures as (
    select * from {{ ref('stg_lait__measures') }}
),

final as (
    select
        cast(headlines.headline_order as integer) as headline_order,
        headlines.measure_code,
        lait_measures.measure_label as dfe_measure_label,
        headlines.indicator_id,
        indicators.indicator_label,
        indicators.topic,
        headlines.ees_measure_id,
        headlines.why
    from headlines
    left join indicators
        on headlines.indicator_id = indicators.indicator_id
    left join lait_measures
        on headlines.measure_code = lait_measures.measure_code
)

select * from final
