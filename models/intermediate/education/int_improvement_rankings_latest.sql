-- The "Progress Rankings" pages: for each indicator, the latest three-year and year-on-year improvement ranks
-- and bands, and how the latest performance compares with the statistical neighbour group.
with figures as (
    select * from {{ ref('int_matrix_values_periodised') }}
    where measure in (
        'improvement_rank_3yr', 'improvement_band_3yr', 'improvement_rank_yoy', 'improvement_band_yoy',
        'sn_comparison'
    )
),

latest_window as (
    select
        indicator_id,
        measure,
        period_label,
        value,
        value_text,
        source_line,
        row_number() over (partition by indicator_id, measure order by period_end_date desc) as recency
    from figures
),

pivoted as (
    select
        indicator_id,
        max(case when measure = 'improvement_rank_3yr' then period_label end) as improvement_3yr_period_label,
        max(case when measure = 'improvement_rank_3yr' then value end) as improvement_rank_3yr,
        max(case when measure = 'improvement_band_3yr' then value_text end) as improvement_band_3yr,
        max(case when measure = 'improvement_rank_yoy' then period_label end) as improvement_yoy_period_label,
        max(case when measure = 'improvement_rank_yoy' then value end) as improvement_rank_yoy,
        max(case when measure = 'improvement_band_yoy' then value_text end) as improvement_band_yoy,
        max(case when measure = 'sn_comparison' then value_text end) as sn_comparison
    from latest_window
    where recency = 1
    group by indicator_id
)

select * from pivoted
