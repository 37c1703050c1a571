-- One row per DfE LAIT measure: where it sits in the generated data matrix. A measure the pack's matrix
-- uses (seed pack_measure_map, exact or close) takes the pack's topic, label and decimal places and the
-- pack's order: topics and indicators in the order the pack prints them (the first line of their
-- figures, the Progress Rankings pages left out). Every other measure follows, under its DfE topic
-- (alphabetical) with DfE's label.
with

measures as (
    select * from {{ ref('stg_lait__measures') }}
),

measure_map as (
    select
        indicator_id,
        measure_code,
        match_quality,
        note
    from {{ ref('pack_measure_map') }}
    where match_quality in ('exact', 'close')
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

topics as (
    select
        topic,
        topic_label
    from {{ ref('matrix_topics') }}
),

printed_lines as (
    select
        indicator_id,
        min(source_line) as first_source_line
    from {{ ref('stg_education__matrix_values') }}
    where source_section not like '%Progress Rankings%'
    group by indicator_id
),

pack_indicators as (
    select
        indicators.indicator_id,
        indicators.indicator_label,
        indicators.topic,
        indicators.polarity as pack_polarity,
        indicators.unit as pack_unit,
        indicators.decimal_places as pack_decimal_places,
        printed_lines.first_source_line,
        min(printed_lines.first_source_line) over (partition by indicators.topic) as topic_first_source_line
    from indicators
    left join printed_lines
        on indicators.indicator_id = printed_lines.indicator_id
),

pack_topic_order as (
    select
        topic,
        dense_rank() over (order by topic_first_source_line, topic) as topic_order
    from (select distinct
        topic,
        topic_first_source_line
    from pack_indicators) as pack_topics
),

placed as (
    select
        measures.measure_code,
        measure_map.indicator_id,
        measure_map.indicator_id is not null as is_in_pack_matrix,
        measure_map.match_quality as pack_match_quality,
        measure_map.note as pack_match_note,
        coalesce(pack_indicators.topic, 'dfe: ' || coalesce(measures.topic, 'Other')) as matrix_topic,
        coalesce(topics.topic_label, coalesce(measures.topic, 'Other')) as topic_label,
        case
            when pack_indicators.topic is not null then pack_topic_order.topic_order
        end as pack_topic_order,
        coalesce(pack_indicators.indicator_label, measures.measure_label, measures.measure_code) as measure_label,
        measures.measure_label as dfe_measure_label,
        measures.topic as dfe_topic,
        coalesce(pack_indicators.pack_unit, measures.unit_label) as unit_label,
        measures.polarity,
        pack_indicators.pack_polarity,
        coalesce(pack_indicators.pack_decimal_places, measures.decimal_places, 1) as decimal_places,
        measures.is_no_quartile,
        measures.lait_year_type,
        measures.source_url,
        measures.last_updated_date as dfe_last_updated_date,
        pack_indicators.first_source_line as pack_first_source_line
    from measures
    left join measure_map
        on measures.measure_code = measure_map.measure_code
    left join pack_indicators
        on measure_map.indicator_id = pack_indicators.indicator_id
    left join pack_topic_order
        on pack_indicators.topic = pack_topic_order.topic
    left join topics
        on pack_indicators.topic = topics.topic
),

max_pack_topic as (
    select coalesce(max(topic_order), 0) as topic_order
    from pack_topic_order
),

ordered as (
    select
        placed.*,
        coalesce(
            placed.pack_topic_order,
            max_pack_topic.topic_order + dense_rank() over (
                order by case when placed.is_in_pack_matrix then 1 else 0 end, placed.dfe_topic
            )
        ) as topic_order
    from placed
    cross join max_pack_topic
),

final as (
    select
        measure_code,
        is_in_pack_matrix,
        indicator_id,
        pack_match_quality,
        pack_match_note,
        matrix_topic,
        topic_label,
        cast(topic_order as integer) as topic_order,
        cast(row_number() over (
            partition by matrix_topic
            order by pack_first_source_line, measure_label, measure_code
        ) as integer) as measure_order,
        measure_label,
        dfe_measure_label,
        dfe_topic,
        unit_label,
        polarity,
        pack_polarity,
        cast(decimal_places as integer) as decimal_places,
        is_no_quartile,
        lait_year_type,
        source_url,
        dfe_last_updated_date
    from ordered
)

select * from final
