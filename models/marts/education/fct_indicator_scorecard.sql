-- Southend's latest position on every indicator of the data matrix: the latest period with a Southend value,
-- its rank, quartile band, England and neighbours' comparison, the improvement rankings and the RAG status.
with benchmark_values as (
    select * from {{ ref('fct_benchmark_values') }}
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

improvement as (
    select * from {{ ref('int_improvement_rankings_latest') }}
),

latest as (
    select
        *,
        row_number() over (partition by indicator_id order by period_end_date desc) as recency
    from benchmark_values
    where southend_value is not null
),

final as (
    select
        indicators.indicator_id,
        indicators.indicator_label,
        indicators.topic,
        indicators.unit,
        indicators.polarity,
        indicators.decimal_places,
        latest.period_label as latest_period_label,
        latest.period_end_date as latest_period_end_date,
        latest.southend_value as latest_southend_value,
        latest.england_value as latest_england_value,
        latest.sn_average_value as latest_sn_average_value,
        latest.gap_to_england,
        latest.gap_to_neighbours,
        latest.comparison_with_england,
        latest.comparison_with_neighbours,
        latest.southend_rank as latest_rank,
        latest.quartile_band as latest_quartile_band,
        latest.previous_period_label,
        latest.change_since_previous,
        latest.direction_of_travel,
        improvement.improvement_3yr_period_label,
        improvement.improvement_rank_3yr,
        improvement.improvement_band_3yr,
        improvement.improvement_yoy_period_label,
        improvement.improvement_rank_yoy,
        improvement.improvement_band_yoy,
        improvement.sn_comparison,
        {{ rag_status('latest.quartile_band', 'indicators.polarity') }} as rag_status,
        indicators.source_section,
        indicators.source_table,
        latest.southend_value_source_line
    from indicators
    left join latest
        on indicators.indicator_id = latest.indicator_id
        and latest.recency = 1
    left join improvement
        on indicators.indicator_id = improvement.indicator_id
)

select * from final
