-- One row per LAIT measure from the data dictionary. A few measures are listed under two topics
-- (e.g. absence of children in need under both "Children in Need" and "All Pupil Absence &
-- Exclusions"): topic is the first alphabetically, all_topics lists every one. Where the duplicate rows
-- disagree, dps takes the value that is given and no-quartile is set when either row sets it.
-- last_updated_date: the dictionary's "Last Update" (an Excel date serial; "New Data" reads as null).
with

source as (
    select * from {{ source('lait', 'data_dictionary') }}
),

renamed as (
    select
        trim({{ adapter.quote('Measure_short') }}) as measure_code,
        try_cast(trim({{ adapter.quote('Measure_code') }}) as integer) as dfe_measure_number,
        trim({{ adapter.quote('Topic') }}) as topic,
        trim({{ adapter.quote('Measure') }}) as measure_label,
        trim({{ adapter.quote('Chart_title') }}) as chart_title,
        trim({{ adapter.quote('y_axis_name') }}) as unit_label,
        trim({{ adapter.quote('Polarity') }}) as polarity_raw,
        try_cast(trim({{ adapter.quote('dps') }}) as integer) as decimal_places,
        trim({{ adapter.quote('Year_Type') }}) as lait_year_type,
        coalesce(upper(trim({{ adapter.quote('No_Quartile') }})) = 'N', false) as is_no_quartile,
        trim({{ adapter.quote('Description') }}) as description,
        trim({{ adapter.quote('Data Owner (DO) /Supplier and Contact Details') }}) as data_owner,
        trim({{ adapter.quote('Hyperlink(s)') }}) as source_url,
        trim({{ adapter.quote('Table_status') }}) as table_status,
        -- an Excel date serial (days since 30 December 1899); DfE writes "New Data" on a few rows
        try_cast(trim({{ adapter.quote('Last Update') }}) as integer) as last_update_excel_serial,
        row_number() over (
            partition by trim({{ adapter.quote('Measure_short') }})
            order by trim({{ adapter.quote('Topic') }})
        ) as topic_order
    from source
    where nullif(trim({{ adapter.quote('Measure_short') }}), '') is not null
),

aggregated as (
    select
        measure_code,
        max(dfe_measure_number) as dfe_measure_number,
        max(case when topic_order = 1 then topic end) as topic,
        {{ string_agg_ordered('topic', "'; '", 'topic_order') }} as all_topics,
        max(case when topic_order = 1 then measure_label end) as measure_label,
        max(case when topic_order = 1 then chart_title end) as chart_title,
        max(case when topic_order = 1 then unit_label end) as unit_label,
        max(case when topic_order = 1 then polarity_raw end) as polarity_raw,
        max(decimal_places) as decimal_places,
        max(case when topic_order = 1 then lait_year_type end) as lait_year_type,
        bool_or(is_no_quartile) as is_no_quartile,
        max(case when topic_order = 1 then description end) as description,
        max(case when topic_order = 1 then data_owner end) as data_owner,
        max(case when topic_order = 1 then source_url end) as source_url,
        max(case when topic_order = 1 then table_status end) as table_status,
        max(last_update_excel_serial) as last_update_excel_serial
    from renamed
    group by measure_code
),

final as (
    select
        measure_code,
        dfe_measure_number,
        topic,
        all_topics,
        measure_label,
        chart_title,
        unit_label,
        case lower(polarity_raw)
            when 'high' then 'high_better'
            when 'low' then 'low_better'
            else 'neither'
        end as polarity,
        polarity_raw,
        decimal_places,
        lait_year_type,
        -- how parse_period reads this measure's year labels; the 'Annual...' snapshot types are read
        -- as dates in int_lait_periods_parsed
        case
            when lait_year_type = 'Academic Year' then 'academic'
            when lait_year_type = 'Financial Year' then 'financial'
            else 'calendar'
        end as year_type,
        is_no_quartile,
        description,
        data_owner,
        source_url,
        table_status,
        case
            when last_update_excel_serial between 1 and 2958465
                then cast({{ dbt.dateadd('day', 'last_update_excel_serial', "cast('1899-12-30' as date)") }} as date)
        end as last_updated_date
    from aggregated
)

select * from final
