-- One row per figure (measure, area, period_label_base) and published state (period label and value text,
-- markers included) per run of vintages it stood in: from the vintage that published it (from_vintage_seq) to the
-- vintage that next changed or withdrew it (to_vintage_seq, exclusive; null while it stands). Built from every
-- change in int_lait_vintage_changes that leaves the figure present. The history marts add names and dates.
with

changes as (
    select * from {{ ref('int_lait_vintage_changes') }}
),

ordered as (
    select
        vintage_seq,
        vintage_id,
        measure_code,
        la_number,
        period_label_base,
        is_present,
        change_class,
        period_label,
        value_text,
        value,
        missing_reason,
        lead(vintage_seq) over (
            partition by measure_code, la_number, period_label_base
            order by vintage_seq
        ) as next_change_vintage_seq
    from changes
),

final as (
    select
        measure_code,
        la_number,
        period_label_base,
        period_label,
        value_text,
        value,
        missing_reason,
        vintage_seq as from_vintage_seq,
        vintage_id as from_vintage_id,
        next_change_vintage_seq as to_vintage_seq,
        change_class as opened_by_change_class
    from ordered
    where is_present
)

select * from final
