-- The printed AVERAGE row of the 2020 regional budget comparison is a mean of the authorities' printed cells:
-- the children's cells are the mean of the four comparator authorities (Southend excluded) and the adults'
-- cells the mean of all five (Southend included), each within £1 (the pack drops the pence, sometimes by
-- truncation: 55,584.5 is printed 55,584). A change to any cell, or to the row reading, breaks this.
with budgets as (
    select * from {{ ref('fct_partnership_budget_comparison') }}
),

members as (
    select * from budgets
    where
        not is_group_average
        and (budget_area = 'adults' or authority_name <> 'Southend-on-Sea')
),

means as (
    select
        budget_area,
        count(*) as count_authorities,
        avg(gbp_local_authority) as mean_local_authority,
        avg(gbp_health) as mean_health,
        avg(gbp_police) as mean_police,
        avg(gbp_total) as mean_total
    from members
    group by budget_area
),

printed as (
    select * from budgets
    where is_group_average
),

failures as (
    select
        printed.budget_area,
        means.count_authorities,
        printed.gbp_local_authority,
        means.mean_local_authority,
        printed.gbp_health,
        means.mean_health,
        printed.gbp_police,
        means.mean_police,
        printed.gbp_total,
        means.mean_total
    from printed
    left join means
        on printed.budget_area = means.budget_area
    where
        means.budget_area is null
        or abs(printed.gbp_local_authority - means.mean_local_authority) > 1
        or abs(printed.gbp_health - means.mean_health) > 1
        or abs(printed.gbp_police - means.mean_police) > 1
        or abs(printed.gbp_total - means.mean_total) > 1
)

select * from failures
