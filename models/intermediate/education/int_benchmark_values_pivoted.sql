-- One row per indicator and period: Southend's value and rank, England's value, the statistical neighbours'
-- average and the quartile band side by side, each with the pack line it was printed on.
with figures as (
    select * from {{ ref('int_matrix_values_periodised') }}
    where measure in ('value', 'rank', 'quartile_band')
),

pivoted as (
    select
        indicator_id,
        {{ period_columns() }},
        max(case when area = 'southend' and measure = 'value' then value end) as southend_value,
        max(case when area = 'southend' and measure = 'value' then missing_reason end) as southend_missing_reason,
        max(case when area = 'southend' and measure = 'value' then source_line end) as southend_value_source_line,
        max(case when area = 'england' and measure = 'value' then value end) as england_value,
        max(case when area = 'england' and measure = 'value' then missing_reason end) as england_missing_reason,
        max(case when area = 'england' and measure = 'value' then source_line end) as england_value_source_line,
        max(case when area = 'statistical_neighbours' and measure = 'value' then value end) as sn_average_value,
        max(
            case when area = 'statistical_neighbours' and measure = 'value' then source_line end
        ) as sn_average_source_line,
        max(case when area = 'southend' and measure = 'rank' then value end) as southend_rank,
        max(case when area = 'southend' and measure = 'rank' then source_line end) as rank_source_line,
        max(case when area = 'southend' and measure = 'quartile_band' then value_text end) as quartile_band,
        max(case when area = 'southend' and measure = 'quartile_band' then source_line end) as band_source_line,
        max(source_document_id) as source_document_id,
        max(source_section) as source_section,
        max(source_table) as source_table
    from figures
    group by
        indicator_id,
        {{ period_columns() }}
)

select * from pivoted
