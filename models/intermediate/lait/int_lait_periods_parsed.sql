-- Every distinct LAIT period label and measure year type, with the label's base (suffix split off
-- in staging) read once by the shared parse_period macro, by the measure's year type, and the label in the
-- canonical spelling every mart's period_label uses (macro canonical_period_label). LAIT's "Annual"
-- snapshot year types are read as the snapshot they stand for before parsing:
--   Annual                 (children looked after, in need, on plans: at 31 March)  '2019' -> '31 March 2019'
--   Annual (end of Sept)   (children's social care workforce: at 30 September)      '2019' -> '30 September 2019'
--   Annual - January       (school census, January)                                  '2019' -> 'January 2019'
-- Labels parse_period does not understand (LAIT has one: '0', on 170 rows of CINPermExclusion)
-- keep a null period_kind and are left out of every comparison.
with

labels as (
    select distinct
        values_.period_label,
        values_.period_label_base,
        measures.lait_year_type,
        measures.year_type
    from {{ ref('stg_lait__bds_values') }} as values_
    inner join {{ ref('stg_lait__measures') }} as measures
        on values_.measure_code = measures.measure_code
),

to_parse as (
    select
        period_label,
        period_label_base,
        lait_year_type,
        year_type,
        {{ lait_period_label_to_parse('period_label_base', 'lait_year_type') }} as period_label_parsed
    from labels
),

parsed as (
    select
        period_label,
        period_label_base,
        lait_year_type,
        year_type,
        period_label_parsed,
        {{ parse_period('period_label_parsed', 'year_type') }}
    from to_parse
),

final as (
    select
        -- a small integer key of (period_label, lait_year_type), used to build series ids
        row_number() over (order by lait_year_type, period_label) as period_id,
        period_label,
        period_label_base,
        {{ canonical_period_label('period_label') }} as period_label_canonical,
        lait_year_type,
        year_type,
        period_label_parsed,
        period_kind,
        period_start_date,
        period_end_date,
        extract(year from period_end_date) as period_end_year
    from parsed
)

select * from final
