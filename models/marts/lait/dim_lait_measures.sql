-- One row per DfE LAIT measure: label, topic, polarity, decimal places, year type, coverage, and whether the
-- pack's data matrix uses it.
with

measures as (
    select * from {{ ref('stg_lait__measures') }}
),

coverage as (
    select
        measure_code,
        count(distinct period_label) as count_periods,
        min(period_start_date) as first_period_start_date,
        max(period_end_date) as last_period_end_date
    from {{ ref('int_lait_values_ranked') }}
    group by measure_code
),

matrix_measures as (
    select
        measure_code,
        is_in_pack_matrix
    from {{ ref('int_lait_matrix_measures') }}
),

latest as (
    select
        measure_code,
        max(period_end_date) as last_period_end_date
    from {{ ref('int_lait_values_ranked') }}
    where value is not null
    group by measure_code
),

final as (
    select
        measures.measure_code,
        measures.dfe_measure_number,
        measures.measure_label,
        measures.chart_title,
        measures.topic as lait_topic,
        measures.all_topics,
        measures.unit_label,
        measures.polarity,
        measures.polarity_raw,
        measures.decimal_places,
        measures.lait_year_type,
        measures.year_type,
        measures.is_no_quartile,
        measures.description,
        measures.data_owner,
        measures.source_url,
        cast(coalesce(coverage.count_periods, 0) as integer) as count_periods,
        coverage.first_period_start_date,
        latest.last_period_end_date as last_period_with_value_end_date,
        coalesce(matrix_measures.is_in_pack_matrix, false) as is_in_pack_matrix
    from measures
    left join coverage
        on measures.measure_code = coverage.measure_code
    left join latest
        on measures.measure_code = latest.measure_code
    left join matrix_measures
        on measures.measure_code = matrix_measures.measure_code
)

select * from final
