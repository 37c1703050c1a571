-- The 2020 regional budget comparison, read back from the mart an analyst uses: for every authority and the
-- AVERAGE row, local authority + health + police = the printed budget total (children's and adults'), and the
-- children's total + adults' total = the printed combined total. These sums are what prove the column reading
-- of the scrambled extraction (which cell belongs to which row, which cell is a total). Known discrepancies in
-- seeds/reference/known_discrepancies.csv are expected exactly (Central Bedfordshire children's: parts 186,065
-- vs printed 186,064).
with budgets as (
    select * from {{ ref('fct_partnership_budget_comparison') }}
),

known as (
    select * from {{ ref('known_discrepancies') }}
    where seed_name = 'partnership_budgets'
),

row_sums as (
    select
        budgets.authority_name,
        budgets.budget_area,
        budgets.gbp_total as printed_total,
        budgets.gbp_local_authority + budgets.gbp_health + budgets.gbp_police as sum_of_parts,
        known.sum_of_parts as known_sum_of_parts
    from budgets
    left join known
        on known.parent_figure_id = 'budget_' || (
            case budgets.authority_name
                when 'Bedford Borough' then 'bedford'
                when 'Central Bedfordshire' then 'central_bedfordshire'
                when 'Southend-on-Sea' then 'southend'
                else lower(budgets.authority_name)
            end
        ) || '_' || budgets.budget_area || '_total'
),

row_failures as (
    select
        authority_name,
        budget_area,
        printed_total,
        sum_of_parts
    from row_sums
    where sum_of_parts <> coalesce(known_sum_of_parts, printed_total)
),

combined_sums as (
    select
        authority_name,
        max(gbp_combined_total) as printed_total,
        sum(gbp_total) as sum_of_parts,
        count(*) as count_areas
    from budgets
    group by authority_name
),

combined_failures as (
    select
        authority_name,
        'combined' as budget_area,
        printed_total,
        sum_of_parts
    from combined_sums
    where sum_of_parts <> printed_total or count_areas <> 2
),

coverage_failures as (
    -- five authorities and the average, two areas each
    select
        'row count' as authority_name,
        'all' as budget_area,
        12 as printed_total,
        count(*) as sum_of_parts
    from budgets
    having count(*) <> 12
)

select * from row_failures
union all
select * from combined_failures
union all
select * from coverage_failures
