-- One row per figure (measure, area, period) and value as DfE published it, per period of validity: valid from
-- the commit of the vintage that published it to the commit of the vintage that next changed or withdrew it
-- (valid_to null: it still stands in the latest vintage). Every published state is a row, markers ("-", "x")
-- included, and so are re-spellings (opened_by_change_class says which kind of change started the row; only
-- 'revised' is a real revision). As published on date D: valid_from_date <= D and (valid_to_date > D or
-- valid_to_date is null) (dates in UTC; a vintage superseded the same day is never "as published on" a date).
-- Rows valid from the first vintage held (November 2024) may have been published earlier.
with

states as (
    select * from {{ ref('int_lait_vintage_states') }}
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

final as (
    select
        states.measure_code,
        states.la_number,
        areas.area_name,
        {{ lait_area_type('states.la_number') }} as area_type,
        labels.period_label_canonical as period_label,
        states.period_label as period_label_as_published,
        states.value,
        states.value_text,
        states.missing_reason,
        states.opened_by_change_class,
        states.from_vintage_seq as valid_from_vintage_seq,
        states.from_vintage_id as valid_from_vintage_id,
        valid_from.committed_at as valid_from,
        valid_from.committed_on as valid_from_date,
        states.to_vintage_seq as valid_to_vintage_seq,
        valid_to.vintage_id as valid_to_vintage_id,
        valid_to.committed_at as valid_to,
        valid_to.committed_on as valid_to_date,
        states.to_vintage_seq is null as is_in_latest_vintage,
        states.opened_by_change_class = 'first_vintage' as is_from_first_vintage,
        cast(
            coalesce(states.to_vintage_seq, latest.vintage_seq + 1) - states.from_vintage_seq as integer
        ) as count_vintages
    from states
    inner join manifest as valid_from
        on states.from_vintage_seq = valid_from.vintage_seq
    left join manifest as valid_to
        on states.to_vintage_seq = valid_to.vintage_seq
    cross join (select max(vintage_seq) as vintage_seq from manifest) as latest
    left join areas
        on states.la_number = areas.la_number
    inner join labels
        on states.period_label_base = labels.period_label_base
)

select * from final
