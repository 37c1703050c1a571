-- The data matrix for any authority: one row per neighbour group, focus local authority and DfE LAIT
-- measure, laid out as the pack's Appendix 1 is (its topics, order and labels for the measures it uses,
-- DfE's for the rest). Per row: the focus authority's value in each of the measure's last five periods
-- (periods in which any authority has a value), and for the latest of them its all-England rank and
-- quartile band (fct_lait_values), England's and its region's value, the neighbours' mean (what the
-- pack prints), median, minimum and maximum, the direction of travel, the year-on-year and three-year
-- improvement ranks and bands (int_lait_improvement_ranked) and the RAG status by the pack's rule; England's
-- value and the neighbours' mean and median in each of the five periods, and the latest value compared with
-- the neighbours' mean in words (macro compare_with_polarity).
with

members as (
    select * from {{ ref('int_lait_neighbour_group_members') }}
),

matrix_measures as (
    select * from {{ ref('int_lait_matrix_measures') }}
),

lait_values as (
    select * from {{ ref('fct_lait_values') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
),

improvements as (
    select * from {{ ref('int_lait_improvement_ranked') }}
),


areas as (
    select * from {{ ref('int_lait_areas') }}
),

group_versions as (
    select * from {{ ref('stg_reference__neighbour_group_versions') }}
),

groups as (
    {{ neighbour_group_sizes('members') }}
),

-- the periods of each measure in which at least one authority has a value, newest first
measure_periods as (
    select
        measure_code,
        series_id,
        period_label,
        period_end_date,
        row_number() over (partition by measure_code order by period_end_date desc) as recency
    from (
        select distinct
            measure_code,
            series_id,
            period_label,
            period_end_date
        from lait_values
        where value is not null
    ) as with_values
),

last_five as (
    select * from measure_periods
    where recency <= 5
),

-- each measure's five columns: period labels, 1 = oldest of the five
measure_columns as (
    select
        measure_code,
        count(*) as count_periods_shown,
        {% for position in range(1, 6) -%}
            max(case when recency = {{ 6 - position }} then period_label end) as period_{{ position }}_label,
        {% endfor -%}
        max(case when recency = 1 then series_id end) as latest_series_id,
        max(case when recency = 1 then period_end_date end) as latest_period_end_date
    from last_five
    group by measure_code
),

-- every authority's values in those periods, one column per period
values_wide as (
    select
        last_five.measure_code,
        lait_values.la_number,
    {% for position in range(1, 6) -%}
        max(case when last_five.recency = {{ 6 - position }} then lait_values.value end) as value_period_{{ position }},
        max(case when last_five.recency = {{ 6 - position }} then lait_values.missing_reason end)
            as missing_reason_period_{{ position }},
        max(case when last_five.recency = {{ 6 - position }} then lait_values.england_value end)
            as england_value_period_{{ position }}{{ ',' if not loop.last }}
    {% endfor -%}
    from last_five
    inner join lait_values
        on last_five.series_id = lait_values.series_id
    group by
        last_five.measure_code,
        lait_values.la_number
),

latest as (
    select
        values_wide.*,
        measure_columns.count_periods_shown,
        {% for position in range(1, 6) -%}
            measure_columns.period_{{ position }}_label,
        {% endfor -%}
        measure_columns.latest_series_id,
        measure_columns.period_5_label as latest_period_label,
        measure_columns.latest_period_end_date,
        values_wide.value_period_5 as latest_value,
        lait_values.missing_reason as latest_missing_reason,
        lait_values.rank_among_las,
        lait_values.count_las_ranked,
        lait_values.quartile_band,
        lait_values.england_value,
        lait_values.region_value,
        lait_values.previous_period_label,
        lait_values.previous_value,
        lait_values.change_from_previous
    from values_wide
    inner join measure_columns
        on values_wide.measure_code = measure_columns.measure_code
    left join lait_values
        on
        measure_columns.latest_series_id = lait_values.series_id
        and values_wide.la_number = lait_values.la_number
),

-- the neighbours' statistics in each measure's last five periods, for every group and focus (macro
-- neighbour_statistics, as int_lait_neighbour_averages; computed here only for those periods)
shown_values as (
    select
        lait_values.series_id,
        lait_values.la_number,
        lait_values.value
    from lait_values
    inner join last_five
        on lait_values.series_id = last_five.series_id
    where lait_values.value is not null
),

neighbour_statistics_shown as (
    {{ neighbour_statistics('members', 'shown_values', with_median=true) }}
),

neighbour_averages as (
    select neighbour_statistics_shown.*
    from neighbour_statistics_shown
    inner join measure_columns
        on neighbour_statistics_shown.series_id = measure_columns.latest_series_id
),

-- the neighbours' mean and median in each of the five periods, one column per period
neighbour_periods as (
    select
        stats.neighbour_group_id,
        stats.focus_la_number,
        last_five.measure_code,
    {% for position in range(1, 6) -%}
        max(case when last_five.recency = {{ 6 - position }} then stats.neighbours_average_value end)
            as neighbours_average_value_period_{{ position }},
        max(case when last_five.recency = {{ 6 - position }} then stats.neighbours_median_value end)
            as neighbours_median_value_period_{{ position }}{{ ',' if not loop.last }}
    {% endfor -%}
    from neighbour_statistics_shown as stats
    inner join last_five
        on stats.series_id = last_five.series_id
    group by
        stats.neighbour_group_id,
        stats.focus_la_number,
        last_five.measure_code
),

joined as (
    select
        groups.neighbour_group_id,
        group_versions.group_label as neighbour_group_label,
        groups.is_default_for_focus,
        groups.is_legacy_focus,
        groups.focus_la_number,
        areas.area_name as focus_la_name,
        areas.region_la_number,
        matrix_measures.topic_order,
        matrix_measures.matrix_topic,
        matrix_measures.topic_label,
        matrix_measures.measure_order,
        matrix_measures.measure_code,
        matrix_measures.measure_label,
        matrix_measures.dfe_measure_label,
        matrix_measures.is_in_pack_matrix,
        matrix_measures.indicator_id,
        matrix_measures.pack_match_quality,
        matrix_measures.unit_label,
        matrix_measures.polarity,
        matrix_measures.decimal_places,
        matrix_measures.dfe_last_updated_date,
        latest.count_periods_shown,
        {% for position in range(1, 6) -%}
            latest.period_{{ position }}_label,
            latest.value_period_{{ position }},
            latest.missing_reason_period_{{ position }},
            latest.england_value_period_{{ position }},
            neighbour_periods.neighbours_average_value_period_{{ position }},
            neighbour_periods.neighbours_median_value_period_{{ position }},
        {% endfor -%}
        latest.latest_series_id,
        latest.latest_period_label,
        latest.latest_period_end_date,
        latest.latest_value,
        latest.latest_missing_reason,
        latest.rank_among_las,
        latest.count_las_ranked,
        latest.quartile_band,
        latest.england_value,
        latest.region_value,
        neighbour_averages.neighbours_average_value,
        neighbour_averages.count_neighbours_with_value,
        groups.count_neighbours_in_group,
        neighbour_averages.neighbours_median_value,
        neighbour_averages.neighbours_min_value,
        neighbour_averages.neighbours_max_value,
        latest.previous_period_label,
        latest.previous_value,
        latest.change_from_previous,
        improvements.start_period_label_yoy,
        improvements.change_yoy,
        improvements.improvement_rank_yoy,
        improvements.count_las_ranked_yoy,
        improvements.improvement_band_yoy,
        improvements.start_period_label_3yr,
        improvements.change_3yr,
        improvements.improvement_rank_3yr,
        improvements.count_las_ranked_3yr,
        improvements.improvement_band_3yr
    from groups
    inner join latest
        on groups.focus_la_number = latest.la_number
    inner join matrix_measures
        on latest.measure_code = matrix_measures.measure_code
    left join areas
        on groups.focus_la_number = areas.la_number
    left join group_versions
        on groups.neighbour_group_id = group_versions.neighbour_group_id
    left join neighbour_averages
        on
        groups.neighbour_group_id = neighbour_averages.neighbour_group_id
        and groups.focus_la_number = neighbour_averages.focus_la_number
        and latest.latest_series_id = neighbour_averages.series_id
    left join neighbour_periods
        on
        groups.neighbour_group_id = neighbour_periods.neighbour_group_id
        and groups.focus_la_number = neighbour_periods.focus_la_number
        and latest.measure_code = neighbour_periods.measure_code
    left join improvements
        on
        latest.latest_series_id = improvements.series_id
        and latest.la_number = improvements.la_number
),

final as (
    select
        neighbour_group_id,
        neighbour_group_label,
        is_default_for_focus,
        is_legacy_focus,
        focus_la_number,
        focus_la_name,
        region_la_number,
        topic_order,
        matrix_topic,
        topic_label,
        measure_order,
        measure_code,
        measure_label,
        dfe_measure_label,
        is_in_pack_matrix,
        indicator_id,
        pack_match_quality,
        unit_label,
        polarity,
        decimal_places,
        dfe_last_updated_date,
        cast(count_periods_shown as integer) as count_periods_shown,
        {% for position in range(1, 6) -%}
            period_{{ position }}_label,
            value_period_{{ position }},
            case
                when period_{{ position }}_label is not null and value_period_{{ position }} is null
                    then coalesce(missing_reason_period_{{ position }}, 'not_published')
            end as missing_reason_period_{{ position }},
            england_value_period_{{ position }},
            neighbours_average_value_period_{{ position }},
            neighbours_median_value_period_{{ position }},
        {% endfor -%}
        latest_series_id,
        latest_period_label,
        latest_period_end_date,
        latest_value,
        case when latest_value is null then coalesce(latest_missing_reason, 'not_published') end
            as latest_missing_reason,
        rank_among_las,
        count_las_ranked,
        quartile_band,
        england_value,
        region_value,
        neighbours_average_value,
        cast(coalesce(count_neighbours_with_value, 0) as integer) as count_neighbours_with_value,
        cast(count_neighbours_in_group as integer) as count_neighbours_in_group,
        neighbours_median_value,
        neighbours_min_value,
        neighbours_max_value,
        'mean' as pack_neighbour_statistic,
        latest_value - neighbours_average_value as gap_to_neighbours_average,
        latest_value - england_value as gap_to_england,
        {{ compare_with_polarity(
            round_to_places('latest_value', 'decimal_places'),
            round_to_places('neighbours_average_value', 'decimal_places'),
            'polarity',
        ) }} as neighbours_comparison,
        previous_period_label,
        previous_value,
        change_from_previous,
        {{ direction_of_travel('latest_value', 'previous_value', 'polarity') }} as direction_of_travel,
        start_period_label_yoy,
        change_yoy,
        cast(improvement_rank_yoy as integer) as improvement_rank_yoy,
        cast(count_las_ranked_yoy as integer) as count_las_ranked_yoy,
        improvement_band_yoy,
        start_period_label_3yr,
        change_3yr,
        cast(improvement_rank_3yr as integer) as improvement_rank_3yr,
        cast(count_las_ranked_3yr as integer) as count_las_ranked_3yr,
        improvement_band_3yr,
        {{ rag_status('quartile_band', 'polarity') }} as rag_status
    from joined
)

select * from final
