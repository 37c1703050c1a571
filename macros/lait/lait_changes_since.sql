{#-
  What DfE published for one authority after a date: the rows of a committee's "since the last meeting" briefing
  (marts.fct_lait_changes_since for the default authority and date; the DuckDB table macro
  marts.fct_lait_changes_since(la_number, since_date, neighbour_group_id) for any). Arguments are SQL expressions.

  The baseline is the extract as published on `since` (the latest version committed on or before that date, by the
  as-published rule of marts.fct_lait_vintage_benchmarks); "now" is the latest version. Each figure (measure,
  period) of the authority is compared between the two, netted: what happened between counts only through where
  it ended. One row per figure and kind of change, kinds in order of importance:
    1 new_period   a value now where there was none on the date, with its rank, band and RAG, the neighbours'
                   average as published, and the movement from the authority's previous period with a value
    2 rag_change   the same period's quartile band changed and its RAG status with it
    3 band_change  the band changed within the same RAG status
    4 revision     a real revision of a value published by the date (lait_pair_change_class: re-roundings, unit
                   and label changes, and values that went back to what they were, are not revisions), with the
                   version that made the last revision and how many real revisions came between
    5 withdrawn    a measure with a value on the date and none now for any period (one row, at its latest
                   period then)
    6 value_withdrawn  a value on the date, none now (DfE's reason), for a period the measure still publishes
    7 period_dropped   a value on the date for a period older than every period the measure now has a value for
                   (DfE keeps a rolling number of years): not a change to the figure, listed last
  A band change comes from the figure's own revision or from other authorities' figures; a revised figure whose
  band also changed has both rows.
-#}
{% macro lait_changes_since(focus_la, since, neighbour_group) -%}
with

vintages as (
    select
        vintage_seq,
        vintage_id,
        committed_on
    from {{ ref('dim_lait_vintages').include(database=false) }}
),

bounds as (
    select
        max(case when committed_on <= {{ since }} then vintage_seq end) as baseline_vintage_seq,
        max(vintage_seq) as latest_vintage_seq
    from vintages
),

measures as (
    select
        measure_code,
        topic_order,
        topic_label,
        measure_order,
        measure_label,
        unit_label,
        polarity,
        decimal_places
    from {{ ref('int_lait_matrix_measures').include(database=false) }}
),

-- DfE's published decimal places (the re-rounding rule's), beside the matrix's display places
dfe_measures as (
    select
        measure_code,
        decimal_places as dfe_decimal_places
    from {{ ref('dim_lait_measures').include(database=false) }}
),

benchmarks as (
    select
        measure_code,
        period_label,
        period_label_as_published,
        period_end_date,
        la_number,
        area_name,
        version_vintage_seq,
        valid_from_date,
        valid_to_date,
        is_in_latest_vintage,
        value,
        missing_reason,
        rank_among_las,
        count_las_ranked,
        quartile_band,
        england_value
    from {{ ref('fct_lait_vintage_benchmarks').include(database=false) }}
    where la_number = {{ focus_la }}
),

then_figures as (
    select * from benchmarks
    where
        valid_from_date <= {{ since }}
        and (valid_to_date > {{ since }} or valid_to_date is null)
),

now_figures as (
    select * from benchmarks
    where is_in_latest_vintage
),

-- each period now with the authority's previous period that has a value (the movement of a new period)
now_sequenced as (
    select
        measure_code,
        period_label,
        lag(period_label) over by_period as previous_period_label,
        lag(value) over by_period as previous_value,
        lag(rank_among_las) over by_period as previous_rank_among_las,
        lag(count_las_ranked) over by_period as previous_count_las_ranked,
        lag(quartile_band) over by_period as previous_quartile_band
    from now_figures
    where value is not null
    window by_period as (partition by measure_code order by period_end_date, period_label)
),

neighbour_averages as (
    select
        measure_code,
        period_label,
        neighbours_average_value,
        count_neighbours_with_value,
        count_neighbours_in_group
    from {{ ref('fct_lait_vintage_neighbour_benchmarks_all_groups').include(database=false) }}
    where
        focus_la_number = {{ focus_la }}
        and neighbour_group_id = {{ neighbour_group }}
        and is_in_latest_vintage
),

-- the authority's changes after the baseline, from the consecutive-version comparisons
steps as (
    select
        revisions.measure_code,
        revisions.period_label,
        max(case when revisions.change_class = 'new_figure' then revisions.vintage_seq end) as new_figure_vintage_seq,
        max(case when revisions.change_class = 'withdrawn' then revisions.vintage_seq end) as withdrawn_vintage_seq,
        max(case when revisions.is_value_revised then revisions.vintage_seq end) as revised_vintage_seq,
        sum(case when revisions.is_value_revised then 1 else 0 end) as count_revisions_between
    from {{ ref('fct_lait_vintage_changes').include(database=false) }} as revisions
    cross join bounds
    where
        revisions.la_number = {{ focus_la }}
        and revisions.vintage_seq > coalesce(bounds.baseline_vintage_seq, 0)
    group by
        revisions.measure_code,
        revisions.period_label
),

figures as (
    select
        coalesce(now_figures.measure_code, then_figures.measure_code) as measure_code,
        coalesce(now_figures.period_label, then_figures.period_label) as period_label,
        coalesce(now_figures.period_label_as_published, then_figures.period_label_as_published)
            as period_label_as_published,
        coalesce(now_figures.period_end_date, then_figures.period_end_date) as period_end_date,
        coalesce(now_figures.area_name, then_figures.area_name) as focus_la_name,
        then_figures.value as value_then,
        then_figures.rank_among_las as rank_then,
        then_figures.count_las_ranked as count_las_ranked_then,
        then_figures.quartile_band as quartile_band_then,
        now_figures.value as value_now,
        now_figures.missing_reason as missing_reason_now,
        now_figures.rank_among_las as rank_now,
        now_figures.count_las_ranked as count_las_ranked_now,
        now_figures.quartile_band as quartile_band_now,
        now_figures.england_value as england_value_now,
        now_figures.version_vintage_seq as now_version_vintage_seq,
        now_figures.measure_code is not null as is_in_extract_now
    from now_figures
    full outer join then_figures
        on
            now_figures.measure_code = then_figures.measure_code
            and now_figures.period_label = then_figures.period_label
),

classified as (
    select
        figures.*,
        measures.decimal_places,
        measures.polarity,
        {{ lait_pair_change_class('figures.value_now', 'figures.value_then', 'dfe_measures.dfe_decimal_places') }}
            as pair_change_class,
        {{ rag_status('figures.quartile_band_then', 'measures.polarity') }} as rag_status_then,
        {{ rag_status('figures.quartile_band_now', 'measures.polarity') }} as rag_status_now,
        max(case when figures.value_now is not null then 1 else 0 end)
            over (partition by figures.measure_code) as has_value_now,
        min(case when figures.value_now is not null then figures.period_end_date end)
            over (partition by figures.measure_code) as earliest_period_end_now,
        row_number() over (
            partition by figures.measure_code, case when figures.value_then is null then 1 else 0 end
            order by figures.period_end_date desc, figures.period_label desc
        ) as recency_then
    from figures
    inner join measures
        on figures.measure_code = measures.measure_code
    left join dfe_measures
        on figures.measure_code = dfe_measures.measure_code
),

kinds as (
    select
        classified.*,
        'new_period' as change_kind,
        1 as change_kind_order
    from classified
    where value_then is null and value_now is not null
    union all
    select
        classified.*,
        case when rag_status_then <> rag_status_now then 'rag_change' else 'band_change' end as change_kind,
        case when rag_status_then <> rag_status_now then 2 else 3 end as change_kind_order
    from classified
    where
        value_then is not null
        and value_now is not null
        and coalesce(quartile_band_then, '-') <> coalesce(quartile_band_now, '-')
    union all
    select
        classified.*,
        'revision' as change_kind,
        4 as change_kind_order
    from classified
    where pair_change_class = 'revised'
    union all
    select
        classified.*,
        case
            when has_value_now = 0 then 'withdrawn'
            when is_in_extract_now or period_end_date >= earliest_period_end_now then 'value_withdrawn'
            else 'period_dropped'
        end as change_kind,
        case
            when has_value_now = 0 then 5
            when is_in_extract_now or period_end_date >= earliest_period_end_now then 6
            else 7
        end as change_kind_order
    from classified
    where
        value_then is not null
        and value_now is null
        and (has_value_now = 1 or recency_then = 1)
),

final as (
    select
        cast({{ focus_la }} as integer) as focus_la_number,
        kinds.focus_la_name,
        cast({{ since }} as date) as since_date,
        baseline.vintage_id as baseline_vintage_id,
        baseline.committed_on as baseline_committed_on,
        latest.vintage_id as latest_vintage_id,
        latest.committed_on as latest_committed_on,
        kinds.change_kind,
        kinds.change_kind_order,
        measures.topic_order,
        measures.topic_label,
        measures.measure_order,
        kinds.measure_code,
        measures.measure_label,
        measures.unit_label,
        kinds.polarity,
        cast(kinds.decimal_places as integer) as decimal_places,
        kinds.period_label,
        kinds.period_label_as_published,
        kinds.period_end_date,
        kinds.value_then,
        kinds.value_now,
        case when kinds.change_kind = 'revision' then kinds.value_now - kinds.value_then end as change_in_value,
        kinds.missing_reason_now,
        kinds.rank_then,
        kinds.count_las_ranked_then,
        kinds.quartile_band_then,
        kinds.rag_status_then,
        kinds.rank_now,
        kinds.count_las_ranked_now,
        kinds.quartile_band_now,
        kinds.rag_status_now,
        kinds.england_value_now,
        neighbour_averages.neighbours_average_value as neighbours_average_value_now,
        cast(neighbour_averages.count_neighbours_with_value as integer) as count_neighbours_with_value,
        case when kinds.change_kind = 'new_period' then now_sequenced.previous_period_label end
            as previous_period_label,
        case when kinds.change_kind = 'new_period' then now_sequenced.previous_value end as previous_value,
        case when kinds.change_kind = 'new_period' then now_sequenced.previous_rank_among_las end
            as previous_rank_among_las,
        case when kinds.change_kind = 'new_period' then now_sequenced.previous_count_las_ranked end
            as previous_count_las_ranked,
        case when kinds.change_kind = 'new_period' then now_sequenced.previous_quartile_band end
            as previous_quartile_band,
        case
            when kinds.change_kind = 'new_period'
                then {{ rag_status('now_sequenced.previous_quartile_band', 'kinds.polarity') }}
        end as previous_rag_status,
        case when kinds.change_kind = 'new_period' then kinds.value_now - now_sequenced.previous_value end
            as change_from_previous,
        case
            when kinds.change_kind = 'new_period'
                then {{ direction_of_travel('kinds.value_now', 'now_sequenced.previous_value', 'kinds.polarity') }}
        end as direction_of_travel,
        cast(case when kinds.change_kind = 'revision' then steps.count_revisions_between end as integer)
            as count_revisions_between,
        changed_by.vintage_id as changed_in_vintage_id,
        changed_by.committed_on as changed_on
    from kinds
    cross join bounds
    inner join measures
        on kinds.measure_code = measures.measure_code
    left join vintages as baseline
        on bounds.baseline_vintage_seq = baseline.vintage_seq
    inner join vintages as latest
        on bounds.latest_vintage_seq = latest.vintage_seq
    left join steps
        on
            kinds.measure_code = steps.measure_code
            and kinds.period_label = steps.period_label
    left join now_sequenced
        on
            kinds.measure_code = now_sequenced.measure_code
            and kinds.period_label = now_sequenced.period_label
    left join neighbour_averages
        on
            kinds.change_kind = 'new_period'
            and kinds.measure_code = neighbour_averages.measure_code
            and kinds.period_label = neighbour_averages.period_label
    left join vintages as changed_by
        on changed_by.vintage_seq = case kinds.change_kind
            when 'new_period' then steps.new_figure_vintage_seq
            when 'revision' then steps.revised_vintage_seq
            when 'withdrawn' then steps.withdrawn_vintage_seq
            when 'value_withdrawn' then steps.withdrawn_vintage_seq
            when 'period_dropped' then steps.withdrawn_vintage_seq
            else kinds.now_version_vintage_seq
        end
)

select * from final
{%- endmacro %}

{#- The same rows as a DuckDB table macro analysts call with any authority, date and group:
    select * from marts.fct_lait_changes_since(879, date '2025-06-01', 'dfe_2025_05'). Created after the view
    fct_lait_changes_since is built (its post-hook); Spark has no table macros (query the view there). -#}
{% macro create_lait_changes_since_function(schema) -%}
    {{ return(adapter.dispatch('create_lait_changes_since_function', 'scrutiny')(schema)) }}
{%- endmacro %}

{% macro default__create_lait_changes_since_function(schema) -%}
    create or replace macro {{ schema }}.fct_lait_changes_since(p_focus_la, p_since, p_neighbour_group) as table
    {{ lait_changes_since('p_focus_la', 'p_since', 'p_neighbour_group') }}
{%- endmacro %}

{% macro spark__create_lait_changes_since_function(schema) -%}
    select 1
{%- endmacro %}
