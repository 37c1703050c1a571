-- The indicator catalogue for analysts: what each indicator measures, in what unit, which way is better,
-- and the periods the pack gives for it.
with indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

topics as (
    select * from {{ ref('matrix_topics') }}
),

coverage as (
    select
        indicator_id,
        count(*) as count_periods,
        count(southend_value) as count_periods_with_value,
        min(period_start_date) as first_period_start_date,
        max(period_end_date) as last_period_end_date
    from {{ ref('int_benchmark_values_pivoted') }}
    group by indicator_id
),

final as (
    select
        indicators.indicator_id,
        indicators.indicator_label,
        indicators.topic,
        topics.topic_label,
        indicators.unit,
        indicators.polarity,
        indicators.decimal_places,
        indicators.year_type,
        indicators.source_collection,
        indicators.source_section,
        indicators.source_table,
        indicators.notes,
        coalesce(coverage.count_periods, 0) as count_periods,
        coalesce(coverage.count_periods_with_value, 0) as count_periods_with_value,
        coverage.first_period_start_date,
        coverage.last_period_end_date
    from indicators
    left join coverage
        on indicators.indicator_id = coverage.indicator_id
    left join topics
        on indicators.topic = topics.topic
)

select * from final
