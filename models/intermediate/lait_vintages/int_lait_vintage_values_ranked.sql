{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ lait_vintages_forget_rewritten_history('version_vintage_seq', 'version_vintage_id') }}",
    )
}}
-- depends_on: {{ ref('stg_lait_vintages__manifest') }} (read by the pre-hook)
-- One row per series version and area: a series is a measure and period (period_label_base); a new version of it
-- starts with every vintage that changed any of its figures (or first published it). Each row is the area's
-- figure as it stood in that version, with the all-England rank and quartile band computed then, by the same
-- rules and macros as the current extract's (int_lait_values_ranked, macros/lait/lait_benchmarks.sql), with the
-- measure's polarity and no-quartile flag from the data dictionary in force at that vintage:
--   rank among authorities: every local authority with a value in the version; 1 = best; ties share the lowest;
--   quartile band: R type-7 quartiles of those values; A best ... D worst; none for no-quartile measures.
-- A version holds from its vintage until the series' next version (fct_lait_vintage_benchmarks has the dates).
-- Incremental: a run over a warehouse that already holds this table ranks only the versions the vintages after
-- the last one held start; the values of a version never change once its vintage is published.
with

changes as (
    select * from {{ ref('int_lait_vintage_changes') }}
),

states as (
    select * from {{ ref('int_lait_vintage_states') }}
),

versions as (
    select distinct
        measure_code,
        period_label_base,
        vintage_seq as version_vintage_seq,
        vintage_id as version_vintage_id
    from changes
    {% if is_incremental() -%}
        where vintage_seq > (select coalesce(max(version_vintage_seq), 0) from {{ this }})
    {%- endif %}
),

measures as (
    select * from {{ ref('int_lait_vintage_measures') }}
),

periods as (
    select * from {{ ref('int_lait_vintage_periods_parsed') }}
),

-- each version's figures: the states standing at its vintage
joined as (
    select
        versions.measure_code,
        versions.period_label_base,
        versions.version_vintage_seq,
        versions.version_vintage_id,
        states.la_number,
        states.period_label,
        states.value_text,
        states.value,
        states.missing_reason,
        coalesce(measures.polarity, 'neither') as polarity,
        coalesce(measures.is_no_quartile, false) as is_no_quartile,
        periods.period_kind,
        periods.period_end_date,
        coalesce(
            {{ lait_area_type('states.la_number') }} = 'local_authority'
            and states.value is not null
            and periods.period_kind is not null,
            false
        ) as is_rankable
    from versions
    inner join states
        on versions.measure_code = states.measure_code
        and versions.period_label_base = states.period_label_base
        and versions.version_vintage_seq >= states.from_vintage_seq
        and (states.to_vintage_seq is null or versions.version_vintage_seq < states.to_vintage_seq)
    left join measures
        on versions.version_vintage_seq = measures.vintage_seq
        and versions.measure_code = measures.measure_code
    left join periods
        on versions.period_label_base = periods.period_label_base
        and measures.lait_year_type = periods.lait_year_type
),

quartiles as (
    select
        measure_code,
        period_label_base,
        version_vintage_seq,
        {{ lait_quartile_thresholds('value') }}
    from joined
    where is_rankable
    group by
        measure_code,
        period_label_base,
        version_vintage_seq
),

ranked as (
    select
        *,
        {{ lait_rank_among_las(
            'value', 'polarity', 'is_rankable', 'measure_code, period_label_base, version_vintage_seq'
        ) }} as rank_among_las
    from joined
),

final as (
    select
        ranked.version_vintage_seq,
        ranked.version_vintage_id,
        ranked.measure_code,
        ranked.period_label_base,
        ranked.la_number,
        ranked.period_label,
        ranked.value_text,
        ranked.value,
        ranked.missing_reason,
        ranked.polarity,
        ranked.is_no_quartile,
        ranked.period_kind,
        ranked.period_end_date,
        ranked.is_rankable,
        cast(ranked.rank_among_las as integer) as rank_among_las,
        cast(case when ranked.is_rankable then quartiles.count_las_with_value end as integer) as count_las_ranked,
        quartiles.quartile_q1,
        quartiles.quartile_q2,
        quartiles.quartile_q3,
        {{ lait_quartile_band(
            'ranked.value', 'ranked.polarity', 'ranked.is_rankable', 'ranked.is_no_quartile',
            'quartiles.quartile_q1', 'quartiles.quartile_q2', 'quartiles.quartile_q3'
        ) }} as quartile_band
    from ranked
    left join quartiles
        on ranked.measure_code = quartiles.measure_code
        and ranked.period_label_base = quartiles.period_label_base
        and ranked.version_vintage_seq = quartiles.version_vintage_seq
)

select * from final
