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
-- The rank, quartile and band rules are macros (macros/lait/lait_benchmarks.sql) shared with the
-- benchmarks as published in each past vintage (int_lait_vintage_values_ranked).
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

areas as (
    select * from {{ ref('int_lait_areas') }}
),

-- integer keys (measure_id, series_id) keep the window functions and joins below fast
joined as (
    select
        cast(measures.measure_id * 1000 + periods.period_id as bigint) as series_id,
        measures.measure_id,
        values_.measure_code,
        values_.la_number,
        areas.area_name,
        areas.area_type,
        areas.region_la_number,
        values_.period_label,
        values_.period_label_base,
        values_.period_suffix,
        values_.is_revised,
        values_.is_provisional,
        values_.is_outturn,
        values_.is_final,
        periods.period_kind,
        periods.period_start_date,
        periods.period_end_date,
        periods.period_end_year,
        values_.value_text,
        values_.value,
        values_.missing_reason,
        measures.polarity,
        measures.is_no_quartile,
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

quartiles as (
    select
        series_id,
        {{ lait_quartile_thresholds('value') }}
    from joined
    where is_rankable
    group by series_id
),

-- the window functions run on a narrow projection (keys and value only) and are joined back
narrow as (
    select
        series_id,
        measure_id,
        la_number,
        is_dated,
        is_rankable,
        period_end_date,
        period_start_date,
        period_label,
        value,
        polarity
    from joined
),

ranked as (
    select
        series_id,
        la_number,
        {{ lait_rank_among_las('value', 'polarity', 'is_rankable', 'series_id') }} as rank_among_las
    from narrow
),

with_previous as (
    select
        series_id,
        measure_id,
        la_number,
        is_dated,
        period_end_date,
        period_start_date,
        value,
        polarity,
        lag(value) over series as previous_value,
        lag(period_label) over series as previous_period_label,
        row_number() over series as position_in_series
    from narrow
    window series as (
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
streak_counts as (
    select
        series_id,
        la_number,
        previous_value,
        previous_period_label,
        is_improved,
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
        joined.series_id,
        joined.measure_code,
        joined.la_number,
        joined.area_name,
        joined.area_type,
        joined.region_la_number,
        joined.period_label,
        joined.period_label_base,
        joined.period_suffix,
        joined.is_revised,
        joined.is_provisional,
        joined.is_outturn,
        joined.is_final,
        joined.period_kind,
        joined.period_start_date,
        joined.period_end_date,
        joined.period_end_year,
        joined.value_text,
        joined.value,
        joined.missing_reason,
        joined.polarity,
        ranked.rank_among_las,
        case when joined.is_rankable then quartiles.count_las_with_value end as count_las_ranked,
        quartiles.quartile_q1,
        quartiles.quartile_q2,
        quartiles.quartile_q3,
        {{ lait_quartile_band(
            'joined.value', 'joined.polarity', 'joined.is_rankable', 'joined.is_no_quartile',
            'quartiles.quartile_q1', 'quartiles.quartile_q2', 'quartiles.quartile_q3'
        ) }} as quartile_band,
        streak_counts.previous_period_label,
        streak_counts.previous_value,
        joined.value - streak_counts.previous_value as change_from_previous,
        streak_counts.is_improved,
        streak_counts.count_consecutive_periods_improved
    from joined
    inner join ranked
        on joined.series_id = ranked.series_id
        and joined.la_number = ranked.la_number
    inner join streak_counts
        on joined.series_id = streak_counts.series_id
        and joined.la_number = streak_counts.la_number
    left join quartiles
        on joined.series_id = quartiles.series_id
)

select * from final
