-- For every English authority: how many of the pack's indicators (the DfE measures its data matrix uses) put it
-- in quartile band A (the best quarter of authorities) in DfE's latest period. The top ten (authorities that no
-- longer exist left out: their latest periods are years old).
select
    values_.la_number,
    values_.area_name,
    count(*) filter (where values_.quartile_band = 'A') as count_measures_in_band_a,
    count(values_.quartile_band) as count_measures_banded
from marts.fct_lait_values as values_
inner join marts.dim_lait_measures as measures
    on values_.measure_code = measures.measure_code
inner join marts.dim_lait_areas as areas
    on values_.la_number = areas.la_number
where
    values_.area_type = 'local_authority'
    and values_.is_latest_period
    and measures.is_in_pack_matrix
    and not areas.is_legacy_authority
group by values_.la_number, values_.area_name
order by count_measures_in_band_a desc, values_.area_name
limit 10;
