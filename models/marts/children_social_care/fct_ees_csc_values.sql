-- One row per children's social care measure, area (England, region, local authority) and year from
-- DfE's official statistics (explore-education-statistics): the value or why it is missing, England's
-- and the region's value, and the rank among local authorities (int_ees_csc_values_ranked). The year:
-- children in need and looked after figures cover the year ending 31 March of time_period (2021 =
-- 2020/21); the workforce figures are at 30 September of time_period. is_latest_period marks each measure and
-- area's latest year.
with

ranked as (
    select * from {{ ref('int_ees_csc_values_ranked') }}
),

final as (
    select
        measure_id,
        measure_label,
        unit,
        polarity,
        cast(decimal_places as integer) as decimal_places,
        cast(funnel_stage_order as integer) as funnel_stage_order,
        is_headline,
        is_derived,
        dataset_id,
        cast(time_period as integer) as time_period,
        case
            when dataset_id = 'csc_workforce' then '30 September ' || cast(time_period as {{ dbt.type_string() }})
            else
                cast(time_period - 1 as {{ dbt.type_string() }})
                || '/'
                || substr(cast(time_period as {{ dbt.type_string() }}), 3, 2)
        end as period_label,
        time_period = max(time_period) over (partition by measure_id, area_code) as is_latest_period,
        geographic_level,
        cast(la_number as integer) as la_number,
        area_code,
        area_name,
        region_code,
        value,
        missing_reason,
        england_value,
        region_value,
        cast(rank_among_las as integer) as rank_among_las,
        cast(count_las_ranked as integer) as count_las_ranked,
        rank_order,
        source_file,
        cast(source_row as integer) as source_row
    from ranked
)

select * from final
