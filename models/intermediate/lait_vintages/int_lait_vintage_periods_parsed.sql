-- Every period label base the vintages publish with each LAIT year type its measure had in a vintage's
-- dictionary, read once by the shared parse_period macro exactly as the current extract's labels are
-- (int_lait_periods_parsed; the "Annual" snapshot types through lait_period_label_to_parse). A null
-- period_kind marks a label parse_period does not understand: left out of ranks and bands.
with

figures as (
    select distinct
        measure_code,
        period_label_base
    from {{ ref('int_lait_vintage_states') }}
),

year_types as (
    select distinct
        measure_code,
        lait_year_type,
        year_type
    from {{ ref('int_lait_vintage_measures') }}
),

labels as (
    select distinct
        figures.period_label_base,
        year_types.lait_year_type,
        year_types.year_type
    from figures
    inner join year_types
        on figures.measure_code = year_types.measure_code
),

to_parse as (
    select
        period_label_base,
        lait_year_type,
        year_type,
        {{ lait_period_label_to_parse('period_label_base', 'lait_year_type') }} as period_label_parsed
    from labels
),

parsed as (
    select
        period_label_base,
        lait_year_type,
        year_type,
        period_label_parsed,
        {{ parse_period('period_label_parsed', 'year_type') }}
    from to_parse
),

final as (
    select
        period_label_base,
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
