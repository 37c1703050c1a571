-- Reconciliation (a): every value the pack printed for the authority it is about or England for an
-- indicator that maps to a DfE LAIT measure, beside the extract's value for the same measure, authority
-- and year. The authority is the pack's (its source document's la_code in the source registry), not the
-- focus authority the warehouse is built for: the pack's figures are about that authority only.
-- "As reported" (the pack, Nov 2021) and "latest revision" (the extract) are both facts: a
-- difference after rounding the extract to the pack's decimal places is a revision, and its size
-- is kept. Only exact mappings count as revisions; a close mapping that differs is
-- 'differs_close_match' (a definition or year-convention difference may explain it).
with

documents as (
    select
        source_document_id,
        la_number as document_la_number
    from {{ ref('stg_reference__source_documents') }}
),

-- the pack's areas as DfE LA numbers: 'southend' is the authority the document is about
matches as (
    select
        pack_matches.*,
        case pack_matches.area
            when 'southend' then documents.document_la_number
            when 'england' then {{ var('england_la_number') }}
        end as area_la_number
    from {{ ref('int_lait_pack_matches') }} as pack_matches
    left join documents
        on pack_matches.source_document_id = documents.source_document_id
    where
        pack_matches.measure = 'value'
        and pack_matches.area in ('southend', 'england')
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
        matches.area_la_number as la_number,
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
        and matches.area_la_number = extract_values.la_number
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
        revision_status = 'revised' as is_revised_since_pack
    from classified
)

select * from final
