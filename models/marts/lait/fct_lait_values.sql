-- One row per DfE LAIT measure, area (LA, region, England) and published period: the value as
-- published (latest revision in the extract), with England's and the LA's region's value for the
-- same period and LAIT-style all-England rank, quartile band, change and improvement streak.
-- is_latest_period marks each measure and area's latest period.
with

ranked as (
    select * from {{ ref('int_lait_values_ranked') }}
),

benchmarks as (
    select
        series_id,
        la_number,
        value
    from ranked
    where area_type in ('england', 'region')
),

final as (
    select
        ranked.series_id,
        ranked.measure_code,
        ranked.la_number,
        ranked.area_name,
        ranked.area_type,
        ranked.period_label_canonical as period_label,
        ranked.period_label as period_label_as_published,
        ranked.period_kind,
        ranked.period_start_date,
        ranked.period_end_date,
        cast(ranked.period_end_year as integer) as period_end_year,
        ranked.is_latest_period,
        ranked.is_labelled_revised,
        ranked.is_labelled_provisional,
        ranked.is_labelled_outturn,
        ranked.is_labelled_final,
        ranked.value,
        ranked.value_text,
        ranked.missing_reason,
        ranked.polarity,
        england.value as england_value,
        ranked.region_la_number,
        region.value as region_value,
        cast(ranked.rank_among_las as integer) as rank_among_las,
        cast(ranked.count_las_ranked as integer) as count_las_ranked,
        ranked.quartile_band,
        ranked.quartile_q1 as quartile_threshold_q1,
        ranked.quartile_q2 as quartile_threshold_median,
        ranked.quartile_q3 as quartile_threshold_q3,
        ranked.previous_period_label,
        ranked.previous_value,
        ranked.change_from_previous,
        ranked.is_improved,
        cast(ranked.count_consecutive_periods_improved as integer) as count_consecutive_periods_improved
    from ranked
    left join benchmarks as england
        on ranked.series_id = england.series_id
        and england.la_number = {{ var('england_la_number') }}
    left join benchmarks as region
        on ranked.series_id = region.series_id
        and ranked.region_la_number = region.la_number
)

select * from final
