-- Adults in long-term support at 31 March 2021, one row per breakdown and category (support setting, community
-- support mechanism, primary support reason), with the 18-64 / 65+ / all-ages counts side by side.
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
    where
        measure = 'adults_in_long_term_support'
        and category in ('support_setting', 'support_mechanism', 'primary_support_reason')
),

pivoted as (
    select
        category as breakdown,
        subcategory as breakdown_category,
        period_label,
        period_end_date,
        max(case when age_band = '18-64' then value end) as count_aged_18_64,
        max(case when age_band = '65+' then value end) as count_aged_65_plus,
        max(case when age_band = 'all_ages' then value end) as count_all_ages,
        max(case when age_band = '18-64' then source_line end) as source_line_aged_18_64,
        max(case when age_band = '65+' then source_line end) as source_line_aged_65_plus,
        max(case when age_band = 'all_ages' then source_line end) as source_line_all_ages,
        max(case when age_band = 'all_ages' then figure_id end) as figure_id_all_ages,
        max(source_document_id) as source_document_id,
        max(source_table) as source_table
    from figures
    group by
        category,
        subcategory,
        period_label,
        period_end_date
),

derived as (
    select
        pivoted.*,
        breakdown_category = 'total' as is_printed_total,
        sum(case when breakdown_category <> 'total' then count_all_ages end) over (partition by breakdown)
            as count_breakdown_sum_of_parts
    from pivoted
),

final as (
    select
        breakdown,
        breakdown_category,
        is_printed_total,
        period_label,
        period_end_date as as_at_date,
        cast(count_aged_18_64 as integer) as count_aged_18_64,
        cast(count_aged_65_plus as integer) as count_aged_65_plus,
        cast(count_all_ages as integer) as count_all_ages,
        cast(100.0 * count_aged_65_plus / nullif(count_all_ages, 0) as decimal(9, 2)) as pct_aged_65_plus,
        case
            when not is_printed_total
                then cast(100.0 * count_all_ages / nullif(count_breakdown_sum_of_parts, 0) as decimal(9, 2))
        end as pct_of_breakdown,
        figure_id_all_ages,
        source_document_id,
        source_table,
        source_line_aged_18_64,
        source_line_aged_65_plus,
        source_line_all_ages
    from derived
)

select * from final
