-- One row per LAIT measure, area and period label, as published. Values parsed to numbers; markers
-- ("-", "x", "c", ":", "z", "~", blank...) become a null value with a missing_reason. The period
-- label's suffix ("(Rev)", "(prov)", "(OT)", "(Final)") is split off into flags; the rest of the
-- label (period_label_base) is what parse_period reads downstream.
with

source as (
    select * from {{ source('lait', 'bds_long') }}
),

renamed as (
    select
        trim({{ adapter.quote('Short Desc') }}) as measure_code,
        cast({{ adapter.quote('LA Number') }} as integer) as la_number,
        trim({{ adapter.quote('LA and Regions') }}) as area_name,
        nullif(nullif(trim({{ adapter.quote('Region') }}), 'NA'), '') as region_name,
        trim({{ adapter.quote('Years') }}) as period_label,
        trim({{ adapter.quote('Values') }}) as value_text
    from source
),

labelled as (
    select
        *,
        trim({{ regex_replace_all('period_label', "'[(][^)]*[)] *$'", "''") }}) as period_label_base,
        nullif(lower(trim(regexp_extract(period_label, '[(]([^)]*)[)] *$', 1))), '') as period_suffix,
        {{ lait_to_double("replace(value_text, ',', '')") }} as parsed_value
    from renamed
),

final as (
    select
        measure_code,
        la_number,
        area_name,
        region_name,
        period_label,
        period_label_base,
        period_suffix,
        coalesce(period_suffix in ('rev', 'revised', 'r'), false) as is_revised,
        coalesce(period_suffix in ('prov', 'provisional', 'p'), false) as is_provisional,
        coalesce(period_suffix in ('ot', 'outturn'), false) as is_outturn,
        coalesce(period_suffix = 'final', false) as is_final,
        value_text,
        parsed_value as value,
        case
            when parsed_value is not null then null
            when value_text is null or value_text = '' then 'not_published'
            when value_text = '-' then 'dash_in_source'
            when lower(value_text) in ('x', 'c', 'supp', 'suppressed', '*') then 'suppressed'
            when lower(value_text) in (':', '..', '.', 'na', 'n/a', 'not available') then 'not_available'
            when lower(value_text) = 'z' then 'not_applicable'
            when value_text in ('~', '<0.5', '0~') then 'rounds_to_zero'
            when lower(value_text) in ('u', 'low') then 'low_reliability'
            else 'unparseable'
        end as missing_reason
    from labelled
)

select * from final
