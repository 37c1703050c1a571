-- A rank is between 1 and the number of LAs ranked, and only LAs with a value are ranked.
select
    measure_code,
    la_number,
    period_label,
    rank_among_las,
    count_las_ranked
from {{ ref('fct_lait_values') }}
where
    rank_among_las is not null
    and (
        rank_among_las < 1
        or rank_among_las > count_las_ranked
        or value is null
        or area_type <> 'local_authority'
    )
