-- One row per LAIT measure, local authority and period: the improvement over the year and over three
-- years ending with that period, ranked among English authorities as the pack's "Progress Rankings"
-- define them:
--   span: year on year ("2018-19") is the change from the period one year earlier; three years
--     ("2016-18", three years of data) is the change from the period two years earlier; periods are
--     matched by the year they end in (a measure has one period per end year).
--   change: this period's value minus the start's, rounded to 6 decimal places (so binary noise,
--     73.9 - 71.1 = 2.8000000000000114, does not break ties between equal changes).
--   improvement: the change made polarity-aware (the change for high_better, minus the change for
--     low_better), so a larger improvement is always better.
--   rank: among the authorities with a value at both ends (the count is kept), 1 = largest
--     improvement; ties share the lowest rank (as LAIT's and R's ties.method = "min"); no rank for
--     measures with no polarity.
--   band: quartiles of those improvements as LAIT bands levels (R's quantile() type 7, read from the ranked
--     rows as in int_lait_values_ranked: no holistic aggregate):
--     A = above Q3, B = above the median, C = above Q1, D = Q1 or below.
-- Computed for the periods the matrix and its reconciliation show (each measure's latest period with a
-- value, and every period ending a span the pack prints an improvement rank for), not for every period
-- of every measure: that keeps the build short; widen wanted_series to rank other periods.
with

values_ as (
    select
        series_id,
        measure_code,
        la_number,
        period_label,
        period_label_canonical,
        period_end_year,
        polarity,
        value
    from {{ ref('int_lait_values_ranked') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
        and value is not null
),

latest_series as (
    select
        measure_code,
        max(period_end_year) as period_end_year
    from values_
    group by measure_code
),

wanted_series as (
    select distinct values_.series_id
    from values_
    inner join latest_series
        on
        values_.measure_code = latest_series.measure_code
        and values_.period_end_year = latest_series.period_end_year
    union
    select series_id
    from {{ ref('int_lait_pack_matches') }}
    where measure like 'improvement%' and series_id is not null
),

spans as (
    select
        'yoy' as span,
        1 as span_years
    union all
    select
        '3yr' as span,
        2 as span_years
),

changes as (
    select
        ends.series_id,
        ends.measure_code,
        ends.la_number,
        ends.period_label,
        ends.polarity,
        spans.span,
        starts.period_label_canonical as start_period_label,
        starts.value as start_value,
        {{ round_to_places('ends.value - starts.value', '6') }} as change_value
    from values_ as ends
    inner join wanted_series
        on ends.series_id = wanted_series.series_id
    cross join spans
    inner join values_ as starts
        on
        ends.measure_code = starts.measure_code
        and ends.la_number = starts.la_number
        and starts.period_end_year = ends.period_end_year - spans.span_years
),

improvements as (
    select
        *,
        case polarity
            when 'high_better' then change_value
            when 'low_better' then -change_value
        end as improvement_value
    from changes
),

-- ranked with the sort key the quartile bounds read (the improvement negated: the largest ranks first)
ranked_improvements as (
    select
        *,
        -improvement_value as sort_key,
        -1 as sort_sign,
        rank() over (
            partition by series_id, span, improvement_value is null
            order by improvement_value desc
        ) as sort_rank,
        count(*) over (
            partition by series_id, span, improvement_value is null
            order by improvement_value desc
            rows between unbounded preceding and unbounded following
        ) as count_in_partition
    from improvements
),

-- the quartile thresholds from the ranked rows (no holistic aggregate): one small row per series and span
bounds as (
    select
        series_id,
        span,
        max(count_in_partition) as count_las_ranked,
        {{ lait_quartile_bounds('sort_key', 'sort_sign', 'sort_rank', 'count_in_partition') }}
    from ranked_improvements
    where improvement_value is not null
    group by
        series_id,
        span
),

quartiles as (
    select
        series_id,
        span,
        count_las_ranked,
        {{ lait_quartiles_interpolated() }}
    from bounds
),

ranked as (
    select
        ranked_improvements.*,
        case when ranked_improvements.improvement_value is not null then ranked_improvements.sort_rank end
            as improvement_rank,
        case when ranked_improvements.improvement_value is not null then quartiles.count_las_ranked end
            as count_las_ranked,
        case
            when ranked_improvements.improvement_value is null then null
            when ranked_improvements.improvement_value > quartiles.quartile_q3 then 'A'
            when ranked_improvements.improvement_value > quartiles.quartile_q2 then 'B'
            when ranked_improvements.improvement_value > quartiles.quartile_q1 then 'C'
            else 'D'
        end as improvement_band
    from ranked_improvements
    left join quartiles
        on
        ranked_improvements.series_id = quartiles.series_id
        and ranked_improvements.span = quartiles.span
),

final as (
    select
        series_id,
        measure_code,
        la_number,
        period_label,
        max(case when span = 'yoy' then start_period_label end) as start_period_label_yoy,
        max(case when span = 'yoy' then change_value end) as change_yoy,
        max(case when span = 'yoy' then improvement_rank end) as improvement_rank_yoy,
        max(case when span = 'yoy' then count_las_ranked end) as count_las_ranked_yoy,
        max(case when span = 'yoy' then improvement_band end) as improvement_band_yoy,
        max(case when span = '3yr' then start_period_label end) as start_period_label_3yr,
        max(case when span = '3yr' then change_value end) as change_3yr,
        max(case when span = '3yr' then improvement_rank end) as improvement_rank_3yr,
        max(case when span = '3yr' then count_las_ranked end) as count_las_ranked_3yr,
        max(case when span = '3yr' then improvement_band end) as improvement_band_3yr
    from ranked
    group by
        series_id,
        measure_code,
        la_number,
        period_label
)

select * from final
