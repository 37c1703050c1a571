-- The change log: one row per change DfE made to a figure (measure, area, period) between two consecutive
-- published vintages, classified (the rules, in order, are in int_lait_vintage_changes): new_figure, revised,
-- re_rounded, unit_change, label_change, withdrawn, marker_change. Only change_class = 'revised'
-- (is_value_revised) changes the figure; the other classes change what is printed. A figure revised and revised
-- back is two rows here: count revised figures in fct_lait_revisions_between_versions, which nets them.
-- With the old and new label, text and value, the size (change_in_value, change_pct), and the vintage.
with

changes as (
    select * from {{ ref('int_lait_vintage_changes') }}
    where change_class <> 'first_vintage'
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
        changes.vintage_seq,
        changes.vintage_id,
        vintage.committed_at,
        vintage.committed_on,
        previous_vintage.vintage_id as previous_vintage_id,
        changes.measure_code,
        changes.la_number,
        areas.area_name,
        {{ lait_area_type('changes.la_number') }} as area_type,
        labels.period_label_canonical as period_label,
        changes.change_class,
        changes.is_revision as is_value_revised,
        changes.previous_period_label as previous_period_label_as_published,
        changes.period_label as period_label_as_published,
        changes.is_label_changed,
        changes.label_change_kind,
        changes.previous_value_text as previous_vintage_value_text,
        changes.value_text,
        changes.previous_value as previous_vintage_value,
        changes.value,
        changes.previous_missing_reason as previous_vintage_missing_reason,
        changes.missing_reason,
        changes.change_in_value,
        changes.change_pct,
        changes.unit_factor,
        cast(changes.decimal_places as integer) as decimal_places
    from changes
    inner join manifest as vintage
        on changes.vintage_seq = vintage.vintage_seq
    inner join manifest as previous_vintage
        on changes.vintage_seq - 1 = previous_vintage.vintage_seq
    left join areas
        on changes.la_number = areas.la_number
    inner join labels
        on changes.period_label_base = labels.period_label_base
)

select * from final
