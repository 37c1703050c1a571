-- Every figure the pack prints in its data matrix for the authority it is about (the source registry's
-- la_code for the pack, whatever focus authority the warehouse is built for; with the neighbour group the
-- registry says the pack prints) that
-- fct_lait_matrix_pack_reconciliation compares (its value, rank and quartile band, England's value, the
-- neighbours' average, the improvement ranks and bands), beside the figure generated from DfE's extract
-- for the same measure and year and what is needed to say why they differ: the existing value and
-- benchmark reconciliations' results, the improvement rankings (int_lait_improvement_ranked) for the
-- focus authority, the neighbours' median, and how many authorities share the focus authority's value
-- or change (a tie).
with

printed as (
    select
        indicator_id,
        case
            when area = 'england' then 'england_value'
            when area = 'statistical_neighbours' then 'neighbours_average'
            else measure
        end as statistic,
        area,
        measure,
        period_label as pack_period_label,
        cast(extract(year from period_end_date) as integer) as pack_period_end_year,
        value as pack_value,
        value_text as pack_value_text,
        source_line
    from {{ ref('int_matrix_values_periodised') }}
    where
        (value is not null or value_text is not null)
        and (
            (area = 'southend' and measure in (
                'value', 'rank', 'quartile_band', 'improvement_rank_3yr', 'improvement_band_3yr',
                'improvement_rank_yoy', 'improvement_band_yoy'
            ))
            or (area in ('england', 'statistical_neighbours') and measure = 'value')
        )
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

matrix_measures as (
    select
        indicator_id,
        measure_code,
        topic_order,
        measure_order
    from {{ ref('int_lait_matrix_measures') }}
    where is_in_pack_matrix
),

measure_map as (
    select
        indicator_id,
        measure_code,
        match_quality
    from {{ ref('pack_measure_map') }}
),

revisions as (
    select * from {{ ref('fct_lait_revisions_since_pack') }}
),

benchmarks as (
    select * from {{ ref('fct_lait_pack_benchmark_reconciliation') }}
),

all_matches as (
    select * from {{ ref('int_lait_pack_matches') }}
),

matches as (
    select * from all_matches
    where area = 'southend'
),

neighbour_matches as (
    select * from all_matches
    where area = 'statistical_neighbours'
),

focus_values as (
    select
        series_id,
        measure_code,
        la_number,
        period_end_year,
        value,
        rank_among_las,
        polarity
    from {{ ref('fct_lait_values') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
),

improvements as (
    select * from {{ ref('int_lait_improvement_ranked') }}
),

-- the authority each source document reports on and the neighbour group it prints (the pack's)
pack_authority as (
    select
        documents.la_number,
        versions.neighbour_group_id
    from {{ ref('stg_reference__source_documents') }} as documents
    inner join {{ ref('stg_reference__neighbour_group_versions') }} as versions
        on documents.source_document_id = versions.source_document_id
),

pack_authority_values as (
    select * from focus_values
    where la_number in (select la_number from pack_authority)
),

members as (
    select
        neighbour_group_id,
        focus_la_number,
        neighbour_la_number
    from {{ ref('int_lait_neighbour_group_members') }}
    where
        neighbour_group_id in (select neighbour_group_id from pack_authority)
        and focus_la_number in (select la_number from pack_authority)
),

-- the neighbours' median in the series the pack prints an average for (does the pack print the mean?)
neighbour_series_values as (
    select
        focus_values.series_id,
        focus_values.la_number,
        focus_values.value
    from focus_values
    where
        focus_values.value is not null
        and focus_values.series_id in (select series_id from neighbour_matches)
),

neighbour_medians as (
    {{ neighbour_statistics('members', 'neighbour_series_values', with_median=true) }}
),

-- how many authorities share the focus authority's value (a tie) in each series
level_ties as (
    select
        focus.series_id,
        count(*) as count_las_tied
    from focus_values as focus
    inner join focus_values as others
        on
        focus.series_id = others.series_id
        and focus.value = others.value
    where focus.la_number in (select la_number from pack_authority)
    group by focus.series_id
),

focus_improvements as (
    select
        focus.series_id,
        focus.start_period_label_3yr,
        focus.change_3yr,
        focus.improvement_rank_3yr,
        focus.count_las_ranked_3yr,
        focus.improvement_band_3yr,
        focus.start_period_label_yoy,
        focus.change_yoy,
        focus.improvement_rank_yoy,
        focus.count_las_ranked_yoy,
        focus.improvement_band_yoy,
        sum(case when others.change_3yr = focus.change_3yr then 1 else 0 end) as count_las_tied_3yr,
        sum(case when others.change_yoy = focus.change_yoy then 1 else 0 end) as count_las_tied_yoy
    from improvements as focus
    inner join improvements as others
        on focus.series_id = others.series_id
    where focus.la_number in (select la_number from pack_authority)
    group by
        focus.series_id,
        focus.start_period_label_3yr,
        focus.change_3yr,
        focus.improvement_rank_3yr,
        focus.count_las_ranked_3yr,
        focus.improvement_band_3yr,
        focus.start_period_label_yoy,
        focus.change_yoy,
        focus.improvement_rank_yoy,
        focus.count_las_ranked_yoy,
        focus.improvement_band_yoy
),

-- the pack's printed value for the focus authority by indicator and year, to tell whether a span's ends were revised
pack_focus_values as (
    select
        indicator_id,
        period_end_year,
        revision_status
    from revisions
    where area = 'southend'
),

improvement_rows as (
    select
        matches.indicator_id,
        matches.measure as statistic,
        matches.pack_period_label,
        matches.lait_period_label,
        matches.series_id,
        case
            when matches.measure like '%3yr' then focus_improvements.improvement_rank_3yr
            else focus_improvements.improvement_rank_yoy
        end as generated_rank,
        case
            when matches.measure like '%3yr' then focus_improvements.improvement_band_3yr
            else focus_improvements.improvement_band_yoy
        end as generated_band,
        case
            when matches.measure like '%3yr' then focus_improvements.count_las_ranked_3yr
            else focus_improvements.count_las_ranked_yoy
        end as count_las_ranked,
        case
            when matches.measure like '%3yr' then focus_improvements.count_las_tied_3yr
            else focus_improvements.count_las_tied_yoy
        end as count_las_tied,
        case
            when matches.measure like '%3yr' then focus_improvements.start_period_label_3yr
            else focus_improvements.start_period_label_yoy
        end as start_period_label,
        focus_values.polarity,
        coalesce(end_revision.revision_status = 'revised', false)
        or coalesce(start_revision.revision_status = 'revised', false) as is_end_revised
    from matches
    left join focus_improvements
        on matches.series_id = focus_improvements.series_id
    left join pack_authority_values as focus_values
        on matches.series_id = focus_values.series_id
    left join pack_focus_values as end_revision
        on
        matches.indicator_id = end_revision.indicator_id
        and matches.period_end_year = end_revision.period_end_year
    left join pack_focus_values as start_revision
        on
        matches.indicator_id = start_revision.indicator_id
        and matches.period_end_year - case when matches.measure like '%3yr' then 2 else 1 end
        = start_revision.period_end_year
    where matches.measure like 'improvement%'
),

joined as (
    select
        printed.indicator_id,
        indicators.indicator_label,
        indicators.topic,
        matrix_measures.topic_order,
        matrix_measures.measure_order,
        printed.statistic,
        printed.pack_period_label,
        printed.pack_value,
        printed.pack_value_text,
        measure_map.measure_code,
        coalesce(measure_map.match_quality, 'none') as match_quality,
        matrix_measures.measure_code is not null as is_measure_in_extract,
        coalesce(revisions.lait_period_label, benchmarks.lait_period_label, improvement_rows.lait_period_label)
            as lait_period_label,
        revisions.extract_value_rounded,
        revisions.revision_status,
        benchmarks.computed_value as benchmark_value,
        benchmarks.computed_value_text as benchmark_value_text,
        benchmarks.is_match as is_benchmark_match,
        benchmarks.count_neighbours_with_value,
        benchmarks.count_las_ranked as benchmark_count_las_ranked,
        benchmarks.southend_revision_status,
        benchmarks.explanation as benchmark_explanation,
        benchmarks.pack_period_label is not null as has_benchmark_row,
        neighbour_medians.neighbours_median_value,
        neighbour_medians.neighbours_average_value as neighbours_mean_value,
        neighbour_matches.pack_decimal_places as neighbours_pack_decimal_places,
        level_ties.count_las_tied as level_count_las_tied,
        improvement_rows.generated_rank as improvement_rank,
        improvement_rows.generated_band as improvement_band,
        improvement_rows.count_las_ranked as improvement_count_las_ranked,
        improvement_rows.count_las_tied as improvement_count_las_tied,
        improvement_rows.start_period_label as improvement_start_period_label,
        improvement_rows.polarity as improvement_polarity,
        improvement_rows.is_end_revised,
        printed.source_line
    from printed
    left join indicators
        on printed.indicator_id = indicators.indicator_id
    left join matrix_measures
        on printed.indicator_id = matrix_measures.indicator_id
    left join measure_map
        on printed.indicator_id = measure_map.indicator_id
    left join revisions
        on
        printed.measure = 'value'
        and printed.area = revisions.area
        and printed.indicator_id = revisions.indicator_id
        and printed.pack_period_label = revisions.pack_period_label
    left join benchmarks
        on
        printed.indicator_id = benchmarks.indicator_id
        and printed.pack_period_label = benchmarks.pack_period_label
        and printed.statistic = benchmarks.statistic
    left join neighbour_matches
        on
        printed.indicator_id = neighbour_matches.indicator_id
        and printed.pack_period_label = neighbour_matches.pack_period_label
        and printed.area = 'statistical_neighbours'
    left join neighbour_medians
        on neighbour_matches.series_id = neighbour_medians.series_id
    left join (
        select
            indicator_id,
            pack_period_label,
            series_id
        from matches
        where measure = 'rank'
    ) as rank_matches
        on
        printed.indicator_id = rank_matches.indicator_id
        and printed.pack_period_label = rank_matches.pack_period_label
        and printed.statistic = 'rank'
    left join level_ties
        on rank_matches.series_id = level_ties.series_id
    left join improvement_rows
        on
        printed.indicator_id = improvement_rows.indicator_id
        and printed.pack_period_label = improvement_rows.pack_period_label
        and printed.statistic = improvement_rows.statistic
),

generated as (
    select
        *,
        case
            when statistic in ('value', 'england_value') then extract_value_rounded
            when statistic in ('rank', 'neighbours_average') then benchmark_value
            when statistic like 'improvement_rank%' then cast(improvement_rank as double)
        end as generated_value,
        case
            when statistic = 'quartile_band' then benchmark_value_text
            when statistic like 'improvement_band%' then improvement_band
        end as generated_value_text,
        coalesce(benchmark_count_las_ranked, improvement_count_las_ranked) as count_las_ranked,
        coalesce(level_count_las_tied, improvement_count_las_tied) as count_las_tied
    from joined
)

select * from generated
