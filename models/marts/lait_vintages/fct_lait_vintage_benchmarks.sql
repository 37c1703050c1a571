-- One row per series version (a measure and period as it stood from one vintage until the next vintage that
-- changed any of its figures) and area: the figure as published then, with the all-England rank, quartile band
-- and thresholds computed from that version's values (the rules of fct_lait_values, shared through
-- macros/lait/lait_benchmarks.sql) and England's value in the same version. valid_from / valid_to are the
-- version's: a rank can change when another authority's figure is revised. As published on date D:
-- valid_from_date <= D and (valid_to_date > D or valid_to_date is null).
with

ranked as (
    select * from {{ ref('int_lait_vintage_values_ranked') }}
),

manifest as (
    select * from {{ ref('stg_lait_vintages__manifest') }}
),

areas as (
    select * from {{ ref('int_lait_areas') }}
),

labels as (
    select * from {{ ref('int_lait_vintage_period_labels') }}
),

-- every vintage that changed a figure of the series starts a version (one that withdrew them all has no rows)
versions as (
    select
        measure_code,
        period_label_base,
        vintage_seq as version_vintage_seq,
        lead(vintage_seq) over (
            partition by measure_code, period_label_base
            order by vintage_seq
        ) as next_version_vintage_seq
    from (
        select distinct
            measure_code,
            period_label_base,
            vintage_seq
        from {{ ref('int_lait_vintage_changes') }}
    ) as changed
),

england as (
    select
        measure_code,
        period_label_base,
        version_vintage_seq,
        value
    from ranked
    where la_number = {{ var('england_la_number') }}
),

final as (
    select
        ranked.measure_code,
        labels.period_label_canonical as period_label,
        ranked.period_label as period_label_as_published,
        ranked.period_end_date,
        ranked.la_number,
        areas.area_name,
        {{ lait_area_type('ranked.la_number') }} as area_type,
        ranked.version_vintage_seq,
        ranked.version_vintage_id,
        valid_from.committed_at as valid_from,
        valid_from.committed_on as valid_from_date,
        valid_to.vintage_id as valid_to_vintage_id,
        valid_to.committed_at as valid_to,
        valid_to.committed_on as valid_to_date,
        versions.next_version_vintage_seq is null as is_in_latest_vintage,
        ranked.value,
        ranked.value_text,
        ranked.missing_reason,
        ranked.polarity,
        ranked.period_kind is not null as has_readable_period,
        ranked.rank_among_las,
        ranked.count_las_ranked,
        ranked.quartile_band,
        ranked.quartile_q1 as quartile_threshold_q1,
        ranked.quartile_q2 as quartile_threshold_median,
        ranked.quartile_q3 as quartile_threshold_q3,
        england.value as england_value
    from ranked
    inner join versions
        on ranked.measure_code = versions.measure_code
        and ranked.period_label_base = versions.period_label_base
        and ranked.version_vintage_seq = versions.version_vintage_seq
    inner join manifest as valid_from
        on ranked.version_vintage_seq = valid_from.vintage_seq
    left join manifest as valid_to
        on versions.next_version_vintage_seq = valid_to.vintage_seq
    left join england
        on ranked.measure_code = england.measure_code
        and ranked.period_label_base = england.period_label_base
        and ranked.version_vintage_seq = england.version_vintage_seq
    left join areas
        on ranked.la_number = areas.la_number
    inner join labels
        on ranked.period_label_base = labels.period_label_base
)

select * from final
