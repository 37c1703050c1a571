-- One row per LAIT measure, area and period with the measure's metadata, the parsed period, and
-- the all-England benchmarks computed as LAIT computes them:
--   rank among authorities: every LA (LA number below 970, legacy authorities included when they
--     have a value, as in LAIT) with a value for that measure and period; 1 = best: highest value
--     for high_better, lowest for low_better; ties share the lowest rank (R's ties.method = "min");
--     no rank for missing values, regions, England, or measures with no polarity.
--   quartile band: thresholds are the 25th/50th/75th percentiles of those LA values (linear
--     interpolation, R's quantile() type 7); low_better: A = [min, Q1], B = (Q1, Q2], C = (Q2, Q3],
--     D = (Q3, max]; high_better the mirror (A = (Q3, max] ... D = [min, Q1]). None when the data
--     dictionary sets No_Quartile = "N" (range too small) or the measure has no polarity.
--   change from previous period: this value minus the value of the same area's previous period
--     in the measure's series (by period end date), with that period's label.
--   consecutive periods improved: how many periods in a row, ending with this one, improved on the
--     one before (up for high_better, down for low_better); 0 when this period did not improve.
-- The band rule is a macro (macros/lait/lait_benchmarks.sql) shared with the benchmarks as published in each
-- past vintage (int_lait_vintage_values_ranked).
-- Built to scale with the extract (a 100x synthetic extract is 64 million rows): no holistic aggregate (the
-- quartile thresholds are read from the ranked rows: the values at the two positions either side of each
-- quantile, lait_quantile_bounds) and no join of window results back to the rows. Every step is a window
-- over the rows carrying the few columns it needs; the wide descriptive columns (measure, area, period) are
-- small dimensions joined once at the end.
with

values_ as (
    select * from {{ ref('stg_lait__bds_values') }}
),

measures as (
    select
        measure_code,
        lait_year_type,
        polarity,
        is_no_quartile,
        row_number() over (order by measure_code) as measure_id
    from {{ ref('stg_lait__measures') }}
),

periods as (
    select * from {{ ref('int_lait_periods_parsed') }}
),

-- the period label's suffix and what it says, as staging reads it, once per label
period_labels as (
    select
        period_id,
        {{ lait_period_suffix('period_label') }} as period_suffix
    from periods
),

period_flags as (
    select
        period_id,
        period_suffix,
        {{ lait_period_suffix_flags('period_suffix') }}
    from period_labels
),

areas as (
    select * from {{ ref('int_lait_areas') }}
),

-- one row per value with integer keys (series_id = measure and period, measure_id, period_id) and what the
-- windows below order by; the sort key is the value negated for high_better, so rank 1 is always the best
keyed as (
    select
        cast(measures.measure_id * 1000 + periods.period_id as bigint) as series_id,
        measures.measure_id,
        periods.period_id,
        values_.la_number,
        values_.period_label,
        periods.period_label_canonical,
        values_.value_text,
        values_.value,
        values_.missing_reason,
        measures.polarity,
        periods.period_start_date,
        periods.period_end_date,
        case when measures.polarity = 'high_better' then -1 else 1 end as sort_sign,
        case when measures.polarity = 'high_better' then -values_.value else values_.value end as sort_key,
        areas.area_type = 'local_authority'
        and values_.value is not null
        and periods.period_kind is not null as is_rankable,
        periods.period_kind is not null as is_dated
    from values_
    inner join measures
        on values_.measure_code = measures.measure_code
    inner join periods
        on values_.period_label = periods.period_label
        and measures.lait_year_type is not distinct from periods.lait_year_type
    left join areas
        on values_.la_number = areas.la_number
),

-- rank among the rankable rows of a series and how many there are (one sort per series)
ranked as (
    select
        *,
        rank() over (partition by series_id, is_rankable order by sort_key) as sort_rank,
        count(*) over (
            partition by series_id, is_rankable
            order by sort_key
            rows between unbounded preceding and unbounded following
        ) as count_in_partition
    from keyed
),

-- the values either side of each quartile, from the series' ranked rows: one small row per series
series_bounds as (
    select
        series_id,
        max(count_in_partition) as count_ranked,
        {{ lait_quartile_bounds('sort_key', 'sort_sign', 'sort_rank', 'count_in_partition') }}
    from ranked
    where is_rankable
    group by series_id
),

series_thresholds as (
    select
        series_id,
        count_ranked,
        {{ lait_quartiles_interpolated() }}
    from series_bounds
),

-- the same area's previous period in the measure's series
with_previous as (
    select
        series_id,
        measure_id,
        period_id,
        la_number,
        period_label,
        period_label_canonical,
        value_text,
        value,
        missing_reason,
        polarity,
        is_rankable,
        is_dated,
        sort_rank,
        period_end_date,
        period_start_date,
        lag(value) over area_series as previous_value,
        lag(period_label_canonical) over area_series as previous_period_label,
        row_number() over area_series as position_in_series,
        is_dated and lead(period_id) over area_series is null as is_latest_period
    from ranked
    window area_series as (
        partition by measure_id, la_number, is_dated
        order by period_end_date, period_start_date
    )
),

improvement as (
    select
        *,
        case
            when value is null or previous_value is null or polarity = 'neither' then null
            when polarity = 'high_better' then value > previous_value
            else value < previous_value
        end as is_improved
    from with_previous
),

-- the streak ending at a period: its position minus the position of the latest period (up to and including
-- it) that did not improve; every series starts with such a period (nothing to improve on), so one running
-- max over the same window order does it
streaks as (
    select
        *,
        case
            when polarity = 'neither' or value is null or not is_dated then null
            else
                position_in_series - max(case when is_improved then null else position_in_series end) over (
                    partition by measure_id, la_number, is_dated
                    order by period_end_date, period_start_date
                    rows between unbounded preceding and current row
                )
        end as count_consecutive_periods_improved
    from improvement
),

final as (
    select
        streaks.series_id,
        measures.measure_code,
        streaks.la_number,
        areas.area_name,
        areas.area_type,
        areas.region_la_number,
        streaks.period_label,
        periods.period_label_base,
        periods.period_label_canonical,
        period_flags.period_suffix,
        period_flags.is_labelled_revised,
        period_flags.is_labelled_provisional,
        period_flags.is_labelled_outturn,
        period_flags.is_labelled_final,
        periods.period_kind,
        periods.period_start_date,
        periods.period_end_date,
        periods.period_end_year,
        streaks.value_text,
        streaks.value,
        streaks.missing_reason,
        streaks.polarity,
        case
            when streaks.is_rankable and streaks.polarity in ('high_better', 'low_better')
                then streaks.sort_rank
        end as rank_among_las,
        case when streaks.is_rankable then series_thresholds.count_ranked end as count_las_ranked,
        series_thresholds.quartile_q1,
        series_thresholds.quartile_q2,
        series_thresholds.quartile_q3,
        {{ lait_quartile_band(
            'streaks.value', 'streaks.polarity', 'streaks.is_rankable', 'measures.is_no_quartile',
            'series_thresholds.quartile_q1', 'series_thresholds.quartile_q2', 'series_thresholds.quartile_q3'
        ) }} as quartile_band,
        streaks.is_latest_period,
        streaks.previous_period_label,
        streaks.previous_value,
        streaks.value - streaks.previous_value as change_from_previous,
        streaks.is_improved,
        streaks.count_consecutive_periods_improved
    from streaks
    left join series_thresholds
        on streaks.series_id = series_thresholds.series_id
    inner join measures
        on streaks.measure_id = measures.measure_id
    inner join periods
        on streaks.period_id = periods.period_id
    inner join period_flags
        on streaks.period_id = period_flags.period_id
    left join areas
        on streaks.la_number = areas.la_number
)

select * from final
