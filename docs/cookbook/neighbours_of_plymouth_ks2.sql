-- Plymouth (DfE LA 879): its latest KS2 reading, writing and mathematics (expected standard, % of pupils)
-- against its ten statistical neighbours in DfE's May 2025 model: its value, the neighbours' mean, median,
-- lowest and highest, and its rank among all English authorities.
-- fct_lait_neighbour_benchmarks holds each authority's default group (DfE's latest model for Plymouth);
-- fct_lait_neighbour_benchmarks_all_groups has every group.
select
    focus_la_name,
    neighbour_group_id,
    period_label,
    focus_value,
    neighbours_average_value,
    neighbours_median_value,
    neighbours_min_value,
    neighbours_max_value,
    count_neighbours_with_value,
    rank_among_las,
    count_las_ranked
from marts.fct_lait_neighbour_benchmarks
where
    focus_la_number = 879
    and neighbour_group_id = 'dfe_2025_05'
    and measure_code = 'KS2RWM_Expected_STD'
    and is_latest_period;
