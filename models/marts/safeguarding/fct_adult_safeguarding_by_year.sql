-- Adult safeguarding by financial year (2018/19-2020/21): concerns, Section 42 enquiries, individuals, DoLS,
-- the concern-to-enquiry conversion rate recomputed and as printed, and year-on-year change.
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
    where
        domain = 'adults'
        and period_kind = 'financial_year'
),

pivoted as (
    select
        period_label as financial_year,
        period_start_date,
        period_end_date,
        max(case when measure = 'safeguarding_concerns_raised' and category is null then value end)
            as count_concerns_raised,
        max(case when measure = 'individuals_in_safeguarding_concerns' then value end) as count_individuals_in_concerns,
        max(case when measure = 's42_enquiries_started' then value end) as count_s42_enquiries_started,
        max(case when measure = 'individuals_in_new_s42_enquiries' then value end)
            as count_individuals_in_s42_enquiries,
        max(case when measure = 's42_enquiries_concluded' then value end) as count_s42_enquiries_concluded,
        max(case when measure = 'dols_applications_received' and category is null then value end)
            as count_dols_applications_table,
        max(case when measure = 'dols_applications_received' and category = 'referrals' then value end)
            as count_dols_applications_text,
        max(case when measure = 'dols_applications_decided' then value end) as count_dols_applications_decided,
        max(case when measure = 'pct_concerns_converted_to_s42_enquiries' then value end) as pct_conversion_printed,
        max(case when measure = 'pct_concerns_raised_by_police' then value end) as pct_concerns_raised_by_police,
        max(case when measure = 'individuals_in_safeguarding_concerns_rate' then value end)
            as rate_per_100k_individuals_in_concerns,
        max(case when measure = 's42_enquiries_concluded_rate' then value end) as rate_per_100k_s42_enquiries_concluded,
        max(case when measure = 'safeguarding_concerns_raised' and category is null then source_line end)
            as source_line_concerns_raised,
        max(case when measure = 'individuals_in_safeguarding_concerns' then source_line end)
            as source_line_individuals_in_concerns,
        max(case when measure = 's42_enquiries_started' then source_line end) as source_line_s42_enquiries_started,
        max(case when measure = 'individuals_in_new_s42_enquiries' then source_line end)
            as source_line_individuals_in_s42_enquiries,
        max(case when measure = 's42_enquiries_concluded' then source_line end) as source_line_s42_enquiries_concluded,
        max(case when measure = 'pct_concerns_converted_to_s42_enquiries' then source_line end)
            as source_line_conversion_printed,
        max(source_document_id) as source_document_id
    from figures
    where
        measure in (
            'safeguarding_concerns_raised',
            'individuals_in_safeguarding_concerns',
            's42_enquiries_started',
            'individuals_in_new_s42_enquiries',
            's42_enquiries_concluded',
            'dols_applications_received',
            'dols_applications_decided',
            'pct_concerns_converted_to_s42_enquiries',
            'pct_concerns_raised_by_police',
            'individuals_in_safeguarding_concerns_rate',
            's42_enquiries_concluded_rate'
        )
    group by
        period_label,
        period_start_date,
        period_end_date
),

derived as (
    select
        pivoted.*,
        cast(100.0 * count_s42_enquiries_started / nullif(count_concerns_raised, 0) as decimal(9, 2))
            as pct_conversion_recomputed,
        cast(
            100.0 * (count_concerns_raised - lag(count_concerns_raised) over (order by period_start_date))
            / nullif(lag(count_concerns_raised) over (order by period_start_date), 0)
            as decimal(9, 2)
        ) as pct_change_concerns_raised,
        cast(
            100.0 * (count_s42_enquiries_started - lag(count_s42_enquiries_started) over (order by period_start_date))
            / nullif(lag(count_s42_enquiries_started) over (order by period_start_date), 0)
            as decimal(9, 2)
        ) as pct_change_s42_enquiries_started,
        cast(
            100.0
            * (count_s42_enquiries_concluded - lag(count_s42_enquiries_concluded) over (order by period_start_date))
            / nullif(lag(count_s42_enquiries_concluded) over (order by period_start_date), 0)
            as decimal(9, 2)
        ) as pct_change_s42_enquiries_concluded
    from pivoted
),

final as (
    select
        financial_year,
        period_start_date,
        period_end_date,
        cast(count_concerns_raised as integer) as count_concerns_raised,
        cast(count_individuals_in_concerns as integer) as count_individuals_in_concerns,
        cast(count_s42_enquiries_started as integer) as count_s42_enquiries_started,
        cast(count_individuals_in_s42_enquiries as integer) as count_individuals_in_s42_enquiries,
        cast(count_s42_enquiries_concluded as integer) as count_s42_enquiries_concluded,
        pct_conversion_recomputed,
        pct_conversion_printed,
        pct_change_concerns_raised,
        pct_change_s42_enquiries_started,
        pct_change_s42_enquiries_concluded,
        rate_per_100k_individuals_in_concerns,
        rate_per_100k_s42_enquiries_concluded,
        pct_concerns_raised_by_police,
        cast(count_dols_applications_table as integer) as count_dols_applications_table,
        cast(count_dols_applications_text as integer) as count_dols_applications_text,
        cast(count_dols_applications_decided as integer) as count_dols_applications_decided,
        source_document_id,
        source_line_concerns_raised,
        source_line_individuals_in_concerns,
        source_line_s42_enquiries_started,
        source_line_individuals_in_s42_enquiries,
        source_line_s42_enquiries_concluded,
        source_line_conversion_printed
    from derived
)

select * from final
