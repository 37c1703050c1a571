-- One row per period label base the vintages publish (the label without its status suffix: the key of a figure
-- across vintages), with the canonical spelling every mart's period_label uses (macro canonical_period_label).
with

bases as (
    select distinct period_label_base
    from {{ ref('int_lait_vintage_states') }}
),

final as (
    select
        period_label_base,
        {{ canonical_period_label('period_label_base') }} as period_label_canonical
    from bases
)

select * from final
