-- Reconciliation (a): every value the pack printed for Southend or England for an indicator that
-- maps to a DfE LAIT measure, beside the extract's value for the same measure, authority and year.
-- "As reported" (the pack, Nov 2021) and "latest revision" (the extract) are both facts: a
-- difference after rounding the extract to the pack's decimal places is a revision, and its size
-- is kept. Only exact mappings count as revisions; a close mapping that differs is
-- 'differs_close_match' (a definition or year-convention difference may explain it).
with

matches as (
    select * from {{ ref('int_lait_pack_matches') }}
    where
        measure = 'value'
        and area in ('southend', 'england')
),

extract_values as (
    select
        series_id,
        la_number,
        value,
        value_text,
        missing_reason
    from {{ ref('fct_lait_values') }}
),

compared as (
    select
        matches.*,
        case matches.area when 'southend' then 882 when 'england' then 970 end as la_number,
        extract_values.value as extract_value,
        extract_values.value_text as extract_value_text,
        extract_values.missing_reason as extract_missing_reason,
        {{ round_to_places('extract_values.value', 'coalesce(matches.pack_decimal_places, 1)') }} as extract_value_rounded,  -- noqa: LT05
        -- the unit the pack's figure is printed to: 10^-dp, or for whole numbers printed to tens,
        -- hundreds or thousands (finance in pounds from a £000s table), that power of ten
        case
            when coalesce(matches.pack_decimal_places, 1) > 0 then power(10, -matches.pack_decimal_places)
            when matches.pack_value <> 0 and mod(matches.pack_value, 1000) = 0 then 1000
            when matches.pack_value <> 0 and mod(matches.pack_value, 100) = 0 then 100
            when
                matches.pack_value <> 0 and mod(matches.pack_value, 10) = 0 and abs(matches.pack_value) >= 10000
                then 10
            else 1
        end as pack_precision
    from matches
    left join extract_values
        on matches.series_id = extract_values.series_id
        and extract_values.la_number = case matches.area when 'southend' then 882 when 'england' then 970 end
),

classified as (
    select
        indicator_id,
        measure_code,
        match_quality,
        area,
        cast(la_number as integer) as la_number,
        pack_period_label,
        lait_period_label,
        period_end_year,
        pack_value,
        pack_missing_reason,
        cast(pack_decimal_places as integer) as pack_decimal_places,
        extract_value,
        extract_value_text,
        extract_missing_reason,
        extract_value_rounded,
        extract_value_rounded - pack_value as revision_difference,
        case
            when pack_value <> 0 then round(100.0 * (extract_value_rounded - pack_value) / abs(pack_value), 2)
        end as revision_pct_of_pack,
        case
            when pack_value is null then 'not_in_pack'
            when series_id is null then 'period_not_in_extract'
            when extract_value is null then 'missing_in_extract'
            when abs(extract_value_rounded - pack_value) < 1e-9 then 'unchanged'
            -- the difference is within the pack's printing precision (the extract's 1.25 printed as
            -- 1.2; £12,143,087 printed in £000s as 12,143.1)
            when abs(extract_value - pack_value) <= 0.5 * pack_precision + 1e-9
                then 'within_rounding'
            when match_quality = 'close' then 'differs_close_match'
            else 'revised'
        end as revision_status,
        match_note,
        cast(source_line as integer) as pack_source_line
    from compared
),

final as (
    select
        *,
        revision_status = 'revised' as is_revised
    from classified
)

select * from final
