-- Adults in long-term support at 31 March 2021 (pack lines 2009-2141): every printed total reconciles in both
-- directions. parts_sum_to_total checks each category's 18-64 + 65+ = its total and each breakdown's categories
-- = its total (all ages); this test checks what one parent column cannot: each age-band column of a breakdown
-- adds up to the breakdown's printed age-band total, the age split of the breakdown totals (699 + 867 = 1,566;
-- 798 + 1,286 = 2,084), and that the primary-support-reason total equals the headline 2,084 and the settings.
with figures as (
    select * from {{ ref('stg_safeguarding__figures') }}
    where measure = 'adults_in_long_term_support'
),

breakdown_totals as (
    -- which printed rows each breakdown's columns add up to. The age-band totals (798, 1,286) are printed only
    -- in the primary-support-reason table; the settings cover the same 2,084 adults, so they must match them.
    select 'support_setting' as breakdown, 'adu_lts_psr_total' as total_prefix
    union all
    select
        'support_mechanism' as breakdown,
        'adu_lts_setting_community' as total_prefix
    union all
    select
        'primary_support_reason' as breakdown,
        'adu_lts_psr_total' as total_prefix
),

column_sums as (
    select
        figures.category as breakdown,
        figures.age_band,
        sum(figures.value) as sum_of_parts
    from figures
    where figures.subcategory <> 'total' and figures.category <> 'total'
    group by figures.category, figures.age_band
),

printed_totals as (
    select
        breakdown_totals.breakdown,
        figures.age_band,
        figures.value as printed_total
    from breakdown_totals
    inner join figures
        on
        figures.figure_id = breakdown_totals.total_prefix
        or substring(figures.figure_id, 1, length(breakdown_totals.total_prefix) + 1)
        = breakdown_totals.total_prefix || '_'
),

column_failures as (
    select
        'column sum: ' || column_sums.breakdown || ' ' || column_sums.age_band as check_name,
        printed_totals.printed_total as expected,
        column_sums.sum_of_parts as actual
    from column_sums
    left join printed_totals
        on
        column_sums.breakdown = printed_totals.breakdown
        and column_sums.age_band = printed_totals.age_band
    where printed_totals.printed_total is distinct from column_sums.sum_of_parts
),

age_split_pairs as (
    select 'adu_lts_setting_community_total' as total_id, 'adu_lts_setting_community_18_64' as band_id
    union all
    select
        'adu_lts_setting_community_total' as total_id,
        'adu_lts_setting_community_65_plus' as band_id
    union all
    select
        'adu_lts_psr_total_total' as total_id,
        'adu_lts_psr_total_18_64' as band_id
    union all
    select
        'adu_lts_psr_total_total' as total_id,
        'adu_lts_psr_total_65_plus' as band_id
),

age_split_failures as (
    select
        'age split: ' || total_row.figure_id as check_name,
        total_row.value as expected,
        sum(band.value) as actual
    from age_split_pairs
    inner join figures as total_row
        on age_split_pairs.total_id = total_row.figure_id
    left join figures as band
        on age_split_pairs.band_id = band.figure_id
    group by total_row.figure_id, total_row.value
    having sum(band.value) is distinct from total_row.value or count(band.figure_id) <> 2
),

headline_failures as (
    select
        'psr total equals headline' as check_name,
        headline.value as expected,
        psr.value as actual
    from figures as headline
    inner join figures as psr
        on psr.figure_id = 'adu_lts_psr_total_total'
    where headline.figure_id = 'adu_lts_total' and psr.value <> headline.value
)

select * from column_failures
union all
select * from age_split_failures
union all
select * from headline_failures
