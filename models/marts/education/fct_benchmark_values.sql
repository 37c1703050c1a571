-- One row per indicator and period of the pack's data matrix: Southend against England and its statistical
-- neighbours, with polarity-aware comparisons and the direction of travel since the previous period.
with values_by_period as (
    select
        *,
        {{ canonical_period_label('period_label') }} as period_label_canonical
    from {{ ref('int_benchmark_values_pivoted') }}
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

with_previous as (
    select
        values_by_period.*,
        indicators.polarity,
        indicators.unit,
        lag(values_by_period.southend_value) over (
            partition by values_by_period.indicator_id order by values_by_period.period_start_date
        ) as previous_southend_value,
        lag(values_by_period.period_label_canonical) over (
            partition by values_by_period.indicator_id order by values_by_period.period_start_date
        ) as previous_period_label
    from values_by_period
    inner join indicators
        on values_by_period.indicator_id = indicators.indicator_id
),

final as (
    select
        indicator_id,
        period_label_canonical as period_label,
        period_label as period_label_as_printed,
        year_type,
        period_kind,
        period_start_date,
        period_end_date,
        unit,
        polarity,
        southend_value,
        southend_missing_reason,
        england_value,
        sn_average_value,
        cast(southend_rank as integer) as southend_rank,
        quartile_band,
        cast(southend_value - england_value as decimal(18, 4)) as gap_to_england,
        cast(southend_value - sn_average_value as decimal(18, 4)) as gap_to_neighbours,
        {{ compare_with_polarity('southend_value', 'england_value', 'polarity') }} as comparison_with_england,
        {{ compare_with_polarity('southend_value', 'sn_average_value', 'polarity') }} as comparison_with_neighbours,
        previous_period_label,
        previous_southend_value,
        cast(southend_value - previous_southend_value as decimal(18, 4)) as change_since_previous,
        {{ direction_of_travel('southend_value', 'previous_southend_value', 'polarity') }} as direction_of_travel,
        source_document_id,
        source_section,
        source_table,
        southend_value_source_line,
        england_value_source_line,
        sn_average_source_line,
        rank_source_line,
        band_source_line
    from with_previous
)

select * from final
