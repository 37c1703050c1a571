-- One row per figure the committee's pack printed for an indicator mapped to DfE's data (the rows of
-- fct_lait_revisions_since_pack: Southend's and England's values, by indicator and year), with that figure's
-- history across DfE's published vintages: the value the committee saw (the pack, November 2021), the value in
-- the earliest vintage held (November 2024) and in the latest, each rounded to the decimals the pack printed,
-- whether DfE really revised it across the versions (netted: fct_lait_revisions_between_versions), the revision
-- steps between and the revision path: every published state in order, "value (date)". A figure whose year is
-- not in the current extract has no history here.
with

pack as (
    select * from {{ ref('fct_lait_revisions_since_pack') }}
),

states as (
    select * from {{ ref('int_lait_vintage_states') }}
),

changes as (
    select * from {{ ref('int_lait_vintage_changes') }}
),

manifest as (
    select * from {{ ref('stg_lait_vintages__manifest') }}
),

net_revisions as (
    select
        measure_code,
        la_number,
        period_label
    from {{ ref('fct_lait_revisions_between_versions') }}
),

figures as (
    select
        indicator_id,
        area,
        pack_period_label,
        measure_code,
        la_number,
        {{ lait_period_label_base('lait_period_label') }} as period_label_base,
        {{ canonical_period_label('lait_period_label') }} as period_label
    from pack
    where lait_period_label is not null
),

figure_states as (
    select
        figures.indicator_id,
        figures.area,
        figures.pack_period_label,
        states.from_vintage_seq,
        states.to_vintage_seq,
        states.value,
        states.value_text,
        manifest.vintage_id,
        manifest.committed_on,
        row_number() over (
            partition by figures.indicator_id, figures.area, figures.pack_period_label
            order by states.from_vintage_seq
        ) as position_first,
        row_number() over (
            partition by figures.indicator_id, figures.area, figures.pack_period_label
            order by states.from_vintage_seq desc
        ) as position_last
    from figures
    inner join states
        on figures.measure_code = states.measure_code
        and figures.la_number = states.la_number
        and figures.period_label_base = states.period_label_base
    inner join manifest
        on states.from_vintage_seq = manifest.vintage_seq
),

paths as (
    select
        indicator_id,
        area,
        pack_period_label,
        count(*) as count_published_states,
        {{ lait_revision_path('value_text', 'committed_on', 'from_vintage_seq') }} as revision_path
    from figure_states
    group by
        indicator_id,
        area,
        pack_period_label
),

revisions as (
    select
        figures.indicator_id,
        figures.area,
        figures.pack_period_label,
        count(*) as count_revisions
    from figures
    inner join changes
        on figures.measure_code = changes.measure_code
        and figures.la_number = changes.la_number
        and figures.period_label_base = changes.period_label_base
    where changes.is_revision
    group by
        figures.indicator_id,
        figures.area,
        figures.pack_period_label
),

final as (
    select
        pack.indicator_id,
        pack.area,
        pack.la_number,
        pack.measure_code,
        pack.match_quality,
        pack.pack_period_label,
        pack.lait_period_label,
        figures.period_label,
        pack.pack_value,
        pack.pack_decimal_places,
        pack.revision_status,
        earliest.vintage_id as earliest_value_vintage_id,
        earliest.committed_on as earliest_value_vintage_date,
        earliest.value_text as earliest_vintage_value_text,
        earliest.value as earliest_vintage_value,
        {{ round_to_places('earliest.value', 'coalesce(pack.pack_decimal_places, 1)') }}
            as earliest_vintage_value_rounded,
        latest.vintage_id as latest_value_vintage_id,
        latest.committed_on as latest_value_vintage_date,
        latest.value_text as latest_vintage_value_text,
        latest.value as latest_vintage_value,
        {{ round_to_places('latest.value', 'coalesce(pack.pack_decimal_places, 1)') }} as latest_vintage_value_rounded,
        coalesce(latest.to_vintage_seq is not null, false) as is_withdrawn_in_latest_vintage,
        cast(coalesce(paths.count_published_states, 0) as integer) as count_published_states,
        net_revisions.measure_code is not null as is_revised_between_versions,
        cast(coalesce(revisions.count_revisions, 0) as integer) as count_revision_steps,
        paths.revision_path,
        pack.pack_source_line
    from pack
    left join figures
        on pack.indicator_id = figures.indicator_id
        and pack.area = figures.area
        and pack.pack_period_label = figures.pack_period_label
    left join figure_states as earliest
        on pack.indicator_id = earliest.indicator_id
        and pack.area = earliest.area
        and pack.pack_period_label = earliest.pack_period_label
        and earliest.position_first = 1
    left join figure_states as latest
        on pack.indicator_id = latest.indicator_id
        and pack.area = latest.area
        and pack.pack_period_label = latest.pack_period_label
        and latest.position_last = 1
    left join paths
        on pack.indicator_id = paths.indicator_id
        and pack.area = paths.area
        and pack.pack_period_label = paths.pack_period_label
    left join net_revisions
        on figures.measure_code = net_revisions.measure_code
        and figures.la_number = net_revisions.la_number
        and figures.period_label = net_revisions.period_label
    left join revisions
        on pack.indicator_id = revisions.indicator_id
        and pack.area = revisions.area
        and pack.pack_period_label = revisions.pack_period_label
)

select * from final
