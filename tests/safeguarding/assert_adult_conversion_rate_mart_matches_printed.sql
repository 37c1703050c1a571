-- The adult safeguarding mart's recomputed concern-to-enquiry conversion rate rounds to the printed rate
-- (52% in 2020/21), except where known_discrepancies pins the difference (64% printed for 2019/20 vs 63.48%).
with by_year as (
    select * from {{ ref('fct_adult_safeguarding_by_year') }}
    where pct_conversion_printed is not null
),

known as (
    select * from {{ ref('known_discrepancies') }}
),

failures as (
    select
        by_year.financial_year,
        by_year.pct_conversion_printed,
        by_year.pct_conversion_recomputed
    from by_year
    left join known
        on known.parent_figure_id = 'adu_sg_conversion_rate_' || replace(by_year.financial_year, '/', '_')
    where
        by_year.pct_conversion_recomputed is null
        or (
            known.parent_figure_id is null
            and round(by_year.pct_conversion_recomputed, 0) <> by_year.pct_conversion_printed
        )
        or (
            known.parent_figure_id is not null
            and round(by_year.pct_conversion_recomputed, 0) = by_year.pct_conversion_printed
        )
)

select * from failures
