-- Referrals to children's social care (count and rate per 10,000 children) and the re-referral rate (% within
-- 12 months of a previous referral) for Southend-on-Sea (DfE LA 882), its neighbours' mean and England, for the
-- last four years, from DfE's official statistics (explore-education-statistics, year ending 31 March).
-- fct_ees_csc_neighbour_benchmarks holds each authority's default group (the pack's ten for Southend).
with

years as (
    select distinct time_period
    from marts.fct_ees_csc_neighbour_benchmarks
    where focus_la_number = 882
    order by time_period desc
    limit 4
)

select
    benchmarks.measure_label,
    benchmarks.period_label,
    benchmarks.unit,
    round(benchmarks.focus_value, 1) as southend_value,
    round(benchmarks.neighbours_average_value, 1) as neighbours_average_value,
    benchmarks.count_neighbours_with_value,
    round(benchmarks.england_value, 1) as england_value
from marts.fct_ees_csc_neighbour_benchmarks as benchmarks
inner join years
    on benchmarks.time_period = years.time_period
where
    benchmarks.focus_la_number = 882
    and benchmarks.measure_id in ('referrals', 'referrals_rate_per_10k', 'rereferrals_pct')
order by benchmarks.measure_id, benchmarks.time_period;
