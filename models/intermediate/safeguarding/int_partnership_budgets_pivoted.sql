-- One row per authority (or the printed AVERAGE row) and budget area, the three contributions and the printed
-- total side by side, each with the pack line it came from. Combined totals get their own area 'combined'.
with cells as (
    select * from {{ ref('stg_safeguarding__partnership_budgets') }}
),

pivoted as (
    select
        authority_name,
        authority_name_as_printed,
        is_group_average,
        budget_area,
        period_label,
        year_type,
        source_document_id,
        source_section,
        max(case when contributor = 'local_authority' then gbp_value end) as gbp_local_authority,
        max(case when contributor = 'health' then gbp_value end) as gbp_health,
        max(case when contributor = 'police' then gbp_value end) as gbp_police,
        max(case when contributor = 'total' then gbp_value end) as gbp_total,
        max(case when contributor = 'local_authority' then source_line end) as source_line_local_authority,
        max(case when contributor = 'health' then source_line end) as source_line_health,
        max(case when contributor = 'police' then source_line end) as source_line_police,
        max(case when contributor = 'total' then source_line end) as source_line_total
    from cells
    group by
        authority_name,
        authority_name_as_printed,
        is_group_average,
        budget_area,
        period_label,
        year_type,
        source_document_id,
        source_section
)

select * from pivoted
