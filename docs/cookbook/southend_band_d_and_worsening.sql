-- Which of the pack's indicators has Southend-on-Sea (DfE LA 882) in quartile band D (the lowest quarter of
-- English authorities) in DfE's latest period, and worse than in the period before?
-- DfE's current data, the measures the pack's data matrix uses; "worse" by the measure's polarity.
select
    measures.lait_topic,
    values_.measure_code,
    measures.measure_label,
    values_.period_label,
    values_.value,
    values_.previous_period_label,
    values_.previous_value,
    round(values_.change_from_previous, coalesce(measures.decimal_places, 2)) as change_from_previous,
    values_.rank_among_las,
    values_.count_las_ranked
from marts.fct_lait_values as values_
inner join marts.dim_lait_measures as measures
    on values_.measure_code = measures.measure_code
where
    values_.la_number = 882
    and values_.is_latest_period
    and values_.quartile_band = 'D'
    and not values_.is_improved
    and values_.change_from_previous <> 0
    and measures.is_in_pack_matrix
order by measures.lait_topic, measures.measure_label;
