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
        {{ lait_period_label_base('period_label') }} as period_label_base,
        {{ lait_period_suffix('period_label') }} as period_suffix,
        {{ lait_value_number('value_text') }} as parsed_value
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
        {{ lait_period_suffix_flags('period_suffix') }},
        value_text,
        parsed_value as value,
        {{ lait_missing_reason('value_text', 'parsed_value') }} as missing_reason
    from labelled
)

select * from final
