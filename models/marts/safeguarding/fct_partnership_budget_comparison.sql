-- 2020 safeguarding partnership budgets of five East of England unitary authorities (and the printed AVERAGE
-- row): one row per authority and budget area with the local-authority, health and police contributions, the
-- total, each contributor's share, and the difference from the printed group average.
with budgets as (
    select * from {{ ref('int_partnership_budgets_pivoted') }}
),

areas as (
    select * from budgets
    where budget_area in ('children', 'adults')
),

combined as (
    select
        authority_name,
        gbp_total as gbp_combined_total,
        source_line_total as source_line_combined_total
    from budgets
    where budget_area = 'combined'
),

group_average as (
    select
        budget_area,
        gbp_local_authority as gbp_average_local_authority,
        gbp_health as gbp_average_health,
        gbp_police as gbp_average_police,
        gbp_total as gbp_average_total
    from areas
    where is_group_average
),

final as (
    select
        areas.authority_name,
        areas.authority_name_as_printed,
        areas.is_group_average,
        areas.budget_area,
        areas.period_label,
        areas.gbp_local_authority,
        areas.gbp_health,
        areas.gbp_police,
        areas.gbp_total,
        cast(100.0 * areas.gbp_local_authority / areas.gbp_total as decimal(9, 2)) as pct_local_authority,
        cast(100.0 * areas.gbp_health / areas.gbp_total as decimal(9, 2)) as pct_health,
        cast(100.0 * areas.gbp_police / areas.gbp_total as decimal(9, 2)) as pct_police,
        combined.gbp_combined_total,
        group_average.gbp_average_total,
        areas.gbp_local_authority - group_average.gbp_average_local_authority as gbp_local_authority_diff_from_average,
        areas.gbp_health - group_average.gbp_average_health as gbp_health_diff_from_average,
        areas.gbp_police - group_average.gbp_average_police as gbp_police_diff_from_average,
        areas.gbp_total - group_average.gbp_average_total as gbp_total_diff_from_average,
        cast(
            100.0 * areas.gbp_local_authority / areas.gbp_total
            - 100.0 * group_average.gbp_average_local_authority / group_average.gbp_average_total
            as decimal(9, 2)
        ) as pct_local_authority_diff_from_average_pp,
        areas.source_document_id,
        areas.source_section,
        areas.source_line_local_authority,
        areas.source_line_health,
        areas.source_line_police,
        areas.source_line_total,
        combined.source_line_combined_total
    from areas
    left join combined
        on areas.authority_name = combined.authority_name
    left join group_average
        on areas.budget_area = group_average.budget_area
)

select * from final
