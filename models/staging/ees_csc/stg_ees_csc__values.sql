-- One row per cell of DfE's children's social care statistics files (EES's standard shape): the year,
-- the area (national, regional, local authority), the file's filter value and the indicator, with the
-- cell parsed to a number. EES symbols become a null value with a missing_reason: c suppressed,
-- z not_applicable, x not_available, u low_reliability, k rounds_to_zero, low low, . not_collected,
-- blank not_published. old_la_code "940 / 941" (authorities reporting together) has no la_number.
with

source as (
    select * from {{ source('ees_csc', 'cells') }}
),

parsed as (
    select
        *,
        {{ lait_to_double("replace(value_text, ',', '')") }} as parsed_value
    from source
),

final as (
    select
        dataset_id,
        source_file,
        source_row,
        time_period,
        time_identifier,
        case geographic_level
            when 'National' then 'national'
            when 'Regional' then 'regional'
            when 'Local authority' then 'local_authority'
        end as geographic_level,
        country_code,
        region_code,
        region_name,
        old_la_code,
        case when {{ regex_matches('old_la_code', "'^[0-9]{3}$'") }} then cast(old_la_code as integer) end as la_number,
        new_la_code,
        la_name,
        breakdown,
        indicator,
        value_text,
        parsed_value as value,
        case
            when parsed_value is not null then null
            when value_text = 'c' then 'suppressed'
            when value_text = 'z' then 'not_applicable'
            when value_text = 'x' then 'not_available'
            when value_text = 'u' then 'low_reliability'
            when value_text = 'k' then 'rounds_to_zero'
            when value_text = 'low' then 'low'
            when value_text = '.' then 'not_collected'
            when value_text is null or value_text = '' then 'not_published'
            else 'unparseable'
        end as missing_reason
    from parsed
)

select * from final
