-- One row per children's social care measure (seed ees_csc_measures), area (England, region, local
-- authority) and year from DfE's EES files, with the demand funnel's rates per 10,000 children added as
-- measures of their own (<stage>_rate_per_10k: the stage's count / the child population estimate in the
-- children looked after file x 10,000; only for years that file has a population), England's and the
-- region's value for the same year, and the rank among local authorities:
--   polarity high_better / low_better: 1 = best (ties share the lowest rank);
--   polarity neither (counts, rates of demand): 1 = highest, a position rather than a judgement.
-- Ranked: single authorities (la_number set) with a value; "940 / 941" rows (authorities reporting
-- together) are kept but not ranked.
with

measures as (
    select
        ees_csc_measures.*,
        headlines.ees_measure_id is not null as is_headline
    from {{ ref('ees_csc_measures') }} as ees_csc_measures
    left join {{ ref('headline_measures') }} as headlines
        on ees_csc_measures.measure_id = headlines.ees_measure_id
),

cells as (
    select * from {{ ref('stg_ees_csc__values') }}
),

measure_values as (
    select
        measures.measure_id,
        measures.measure_label,
        measures.unit,
        measures.polarity,
        measures.decimal_places,
        measures.funnel_stage_order,
        measures.is_headline,
        false as is_derived,
        cells.dataset_id,
        cells.time_period,
        cells.geographic_level,
        cells.la_number,
        coalesce(cells.old_la_code, cells.region_code, cells.country_code) as area_code,
        coalesce(cells.la_name, cells.region_name, 'England') as area_name,
        cells.region_code,
        cells.value,
        cells.missing_reason,
        cells.source_file,
        cells.source_row
    from cells
    inner join measures
        on
        cells.dataset_id = measures.dataset_id
        and cells.indicator = measures.indicator
        and cells.breakdown = measures.breakdown
),

population as (
    select
        area_code,
        time_period,
        value as child_population
    from measure_values
    where measure_id = 'child_population'
),

funnel_rates as (
    select
        stages.measure_id || '_rate_per_10k' as measure_id,
        stages.measure_label || ', rate per 10,000 children' as measure_label,
        'rate_per_10k' as unit,
        'neither' as polarity,
        1 as decimal_places,
        stages.funnel_stage_order,
        false as is_headline,
        true as is_derived,
        stages.dataset_id,
        stages.time_period,
        stages.geographic_level,
        stages.la_number,
        stages.area_code,
        stages.area_name,
        stages.region_code,
        cast(10000 as double) * stages.value / population.child_population as value,
        case
            when stages.value is null then stages.missing_reason
            when population.child_population is null then 'no_population_estimate'
        end as missing_reason,
        stages.source_file,
        stages.source_row
    from measure_values as stages
    left join population
        on
        stages.area_code = population.area_code
        and stages.time_period = population.time_period
    where stages.funnel_stage_order is not null
),

all_values as (
    select * from measure_values
    union all
    select * from funnel_rates
),

rankable as (
    select
        *,
        geographic_level = 'local_authority' and la_number is not null and value is not null as is_rankable
    from all_values
),

ranked as (
    select
        *,
        case
            when is_rankable then rank() over (
                partition by measure_id, time_period, is_rankable
                order by case when polarity = 'low_better' then value else -value end
            )
        end as rank_among_las,
        case
            when is_rankable then count(*) over (partition by measure_id, time_period, is_rankable)
        end as count_las_ranked
    from rankable
),

comparators as (
    select
        measure_id,
        time_period,
        geographic_level,
        area_code,
        value
    from all_values
    where geographic_level in ('national', 'regional')
),

final as (
    select
        ranked.measure_id,
        ranked.measure_label,
        ranked.unit,
        ranked.polarity,
        ranked.decimal_places,
        ranked.funnel_stage_order,
        ranked.is_headline,
        ranked.is_derived,
        ranked.dataset_id,
        ranked.time_period,
        ranked.geographic_level,
        ranked.la_number,
        ranked.area_code,
        ranked.area_name,
        ranked.region_code,
        ranked.value,
        ranked.missing_reason,
        england.value as england_value,
        region.value as region_value,
        ranked.rank_among_las,
        ranked.count_las_ranked,
        case when ranked.polarity = 'neither' then 'highest_first' else 'best_first' end as rank_order,
        ranked.source_file,
        ranked.source_row
    from ranked
    left join comparators as england
        on
        ranked.measure_id = england.measure_id
        and ranked.time_period = england.time_period
        and england.geographic_level = 'national'
    left join comparators as region
        on
        ranked.measure_id = region.measure_id
        and ranked.time_period = region.time_period
        and ranked.region_code = region.area_code
        and region.geographic_level = 'regional'
        and ranked.geographic_level = 'local_authority'
)

select * from final
