-- The pack's data-matrix figures for its authority, England and the statistical neighbours, each joined
-- to the DfE LAIT measure it maps to (seed pack_measure_map, match_quality exact or close) and to
-- the extract's series for the same measure and year. "Same year" is the calendar year the period
-- ends in: the pack prints KS2 "2019" and LAIT "2019" (2018/19), the pack "2019-20" and LAIT
-- "2019-20 (OT)", the pack "2020" for children in need at 31 March and LAIT "2020". Where the
-- pack labels years differently from LAIT, the seed's year_offset shifts the pack's year.
with

pack as (
    select * from {{ ref('int_matrix_values_periodised') }}
),

indicators as (
    select * from {{ ref('stg_education__indicators') }}
),

measure_map as (
    select
        indicator_id,
        measure_code,
        match_quality,
        coalesce(year_offset, 0) as year_offset,
        note as match_note
    from {{ ref('pack_measure_map') }}
    where match_quality in ('exact', 'close')
),

-- measures in the extract: without the extract there is nothing to reconcile and this is empty
extract_measures as (
    select measure_code from {{ ref('stg_lait__measures') }}
),

series as (
    select distinct
        series_id,
        measure_code,
        period_label_as_published,
        period_end_year
    from {{ ref('fct_lait_values') }}
    where period_kind is not null
),

final as (
    select
        pack.indicator_id,
        pack.area,
        pack.measure,
        pack.period_label as pack_period_label,
        cast(extract(year from pack.period_end_date) as integer) as pack_period_end_year,
        cast(extract(year from pack.period_end_date) + measure_map.year_offset as integer) as period_end_year,
        pack.value as pack_value,
        pack.value_text as pack_value_text,
        pack.missing_reason as pack_missing_reason,
        pack.source_document_id,
        pack.source_line,
        -- decimals the pack prints this figure with: the catalogue's, or more when the figure has
        -- them (the statistical neighbours' average is printed to one decimal place)
        greatest(
            coalesce(indicators.decimal_places, 0),
            case
                when pack.value is null or pack.value = round(pack.value, 0) then 0
                when pack.value = round(pack.value, 1) then 1
                when pack.value = round(pack.value, 2) then 2
                else 3
            end
        ) as pack_decimal_places,
        measure_map.measure_code,
        measure_map.match_quality,
        measure_map.match_note,
        series.series_id,
        series.period_label_as_published as lait_period_label
    from pack
    inner join measure_map
        on pack.indicator_id = measure_map.indicator_id
    inner join extract_measures
        on measure_map.measure_code = extract_measures.measure_code
    left join indicators
        on pack.indicator_id = indicators.indicator_id
    left join series
        on measure_map.measure_code = series.measure_code
        and extract(year from pack.period_end_date) + measure_map.year_offset = series.period_end_year
)

select * from final
