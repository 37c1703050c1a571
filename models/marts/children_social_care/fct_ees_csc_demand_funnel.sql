-- The children's demand funnel from DfE's official statistics, for every authority, region and England
-- and every year: referrals -> section 47 enquiries -> initial child protection conferences -> child
-- protection plans started. One row per area, year and stage: the count, the rate per 10,000 children
-- (where DfE's files give a child population for the year), the conversion from the stage before, and
-- England's, the region's and the rank among authorities of the rate (1 = highest rate).
with

stages as (
    select * from {{ ref('int_ees_csc_values_ranked') }}
    where funnel_stage_order is not null
),

counts as (
    select * from stages
    where not is_derived
),

rates as (
    select * from stages
    where is_derived
),

with_previous as (
    select
        counts.*,
        lag(counts.value) over (
            partition by counts.area_code, counts.time_period
            order by counts.funnel_stage_order
        ) as previous_stage_count
    from counts
),

final as (
    select
        with_previous.area_code,
        with_previous.geographic_level,
        cast(with_previous.la_number as integer) as la_number,
        with_previous.area_name,
        with_previous.region_code,
        cast(with_previous.time_period as integer) as time_period,
        cast(with_previous.time_period - 1 as {{ dbt.type_string() }})
        || '/'
        || substr(cast(with_previous.time_period as {{ dbt.type_string() }}), 3, 2) as period_label,
        with_previous.time_period
        = max(with_previous.time_period) over (partition by with_previous.measure_id, with_previous.area_code)
            as is_latest_period,
        cast(with_previous.funnel_stage_order as integer) as stage_order,
        with_previous.measure_id as stage,
        with_previous.measure_label as stage_label,
        with_previous.value as count_at_stage,
        with_previous.missing_reason as count_missing_reason,
        rates.value as rate_per_10k,
        rates.missing_reason as rate_missing_reason,
        100 * with_previous.value / nullif(with_previous.previous_stage_count, 0) as pct_of_previous_stage,
        with_previous.england_value as england_count,
        rates.england_value as england_rate_per_10k,
        rates.region_value as region_rate_per_10k,
        cast(rates.rank_among_las as integer) as rate_rank_among_las,
        cast(rates.count_las_ranked as integer) as count_las_ranked,
        with_previous.source_file,
        cast(with_previous.source_row as integer) as source_row
    from with_previous
    left join rates
        on
        with_previous.area_code = rates.area_code
        and with_previous.time_period = rates.time_period
        and with_previous.funnel_stage_order = rates.funnel_stage_order
)

select * from final
