-- One row per figure (measure, area, period) whose value DfE really revised across the published versions held,
-- netted: the figure's first value and its last value are compared by the one rule (macro lait_pair_change_class),
-- so a re-rounding, a unit change or a relabelled period is not a revision, and a value that went back to what it
-- was is not one either. A figure counts once, with its first and last values, the versions that published them,
-- the revision steps between (count_revision_steps: every different number published on the way, undone ones
-- included) and the path of values. "Revised since the committee saw it" is fct_lait_revisions_since_pack.
with

states as (
    select * from {{ ref('int_lait_vintage_states') }}
),

changes as (
    select * from {{ ref('int_lait_vintage_changes') }}
),

manifest as (
    select * from {{ ref('stg_lait_vintages__manifest') }}
),

measures as (
    select * from {{ ref('int_lait_vintage_measures') }}
),

labels as (
    select * from {{ ref('int_lait_vintage_period_labels') }}
),

areas as (
    select * from {{ ref('int_lait_areas') }}
),

-- figures with at least one revision step: only they can be revised, first to last
stepped as (
    select
        measure_code,
        la_number,
        period_label_base,
        count(*) as count_revision_steps
    from changes
    where is_revision
    group by
        measure_code,
        la_number,
        period_label_base
),

-- the numbers each of those figures was published with, in order
numbers as (
    select
        states.measure_code,
        states.la_number,
        states.period_label_base,
        states.period_label,
        states.value,
        states.value_text,
        states.from_vintage_seq,
        states.to_vintage_seq,
        row_number() over figure_ascending as position_first,
        row_number() over figure_descending as position_last
    from states
    inner join stepped
        on states.measure_code = stepped.measure_code
        and states.la_number = stepped.la_number
        and states.period_label_base = stepped.period_label_base
    where states.value is not null
    window
        figure_ascending as (
            partition by states.measure_code, states.la_number, states.period_label_base
            order by states.from_vintage_seq
        ),
        figure_descending as (
            partition by states.measure_code, states.la_number, states.period_label_base
            order by states.from_vintage_seq desc
        )
),

-- every state each of those figures was published in, markers included, in order
paths as (
    select
        states.measure_code,
        states.la_number,
        states.period_label_base,
        {{ lait_revision_path('states.value_text', 'manifest.committed_on', 'states.from_vintage_seq') }}
            as revision_path
    from states
    inner join stepped
        on states.measure_code = stepped.measure_code
        and states.la_number = stepped.la_number
        and states.period_label_base = stepped.period_label_base
    inner join manifest
        on states.from_vintage_seq = manifest.vintage_seq
    group by
        states.measure_code,
        states.la_number,
        states.period_label_base
),

compared as (
    select
        firsts.measure_code,
        firsts.la_number,
        firsts.period_label_base,
        lasts.period_label as period_label_as_published,
        firsts.value as first_value,
        firsts.value_text as first_value_text,
        firsts.from_vintage_seq as first_vintage_seq,
        lasts.value as last_value,
        lasts.value_text as last_value_text,
        lasts.from_vintage_seq as last_vintage_seq,
        lasts.to_vintage_seq is not null as is_withdrawn_in_latest_vintage,
        {{ lait_pair_change_class('lasts.value', 'firsts.value', 'measures.decimal_places') }} as net_change_class
    from numbers as firsts
    inner join numbers as lasts
        on firsts.measure_code = lasts.measure_code
        and firsts.la_number = lasts.la_number
        and firsts.period_label_base = lasts.period_label_base
        and lasts.position_last = 1
    left join measures
        on lasts.measure_code = measures.measure_code
        and lasts.from_vintage_seq = measures.vintage_seq
    where firsts.position_first = 1
),

final as (
    select
        compared.measure_code,
        compared.la_number,
        areas.area_name,
        {{ lait_area_type('compared.la_number') }} as area_type,
        labels.period_label_canonical as period_label,
        compared.period_label_as_published,
        compared.first_value,
        compared.first_value_text,
        first_vintage.vintage_id as first_vintage_id,
        first_vintage.committed_on as first_committed_on,
        compared.last_value,
        compared.last_value_text,
        last_vintage.vintage_id as last_vintage_id,
        last_vintage.committed_on as last_committed_on,
        compared.last_value - compared.first_value as net_change_in_value,
        case
            when compared.first_value <> 0
                then 100 * (compared.last_value - compared.first_value) / abs(compared.first_value)
        end as net_change_pct,
        cast(stepped.count_revision_steps as integer) as count_revision_steps,
        paths.revision_path,
        compared.is_withdrawn_in_latest_vintage
    from compared
    inner join stepped
        on compared.measure_code = stepped.measure_code
        and compared.la_number = stepped.la_number
        and compared.period_label_base = stepped.period_label_base
    inner join paths
        on compared.measure_code = paths.measure_code
        and compared.la_number = paths.la_number
        and compared.period_label_base = paths.period_label_base
    inner join labels
        on compared.period_label_base = labels.period_label_base
    inner join manifest as first_vintage
        on compared.first_vintage_seq = first_vintage.vintage_seq
    inner join manifest as last_vintage
        on compared.last_vintage_seq = last_vintage.vintage_seq
    left join areas
        on compared.la_number = areas.la_number
    where compared.net_change_class = 'revised'
)

select * from final
