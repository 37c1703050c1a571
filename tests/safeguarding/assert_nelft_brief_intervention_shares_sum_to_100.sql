-- NELFT's brief-intervention pilot (pack lines 4454-4456): of the young people offered it, 50% no longer needed
-- an intervention, 17% moved to a more intensive service and "the remaining 33%" found it successful. The three
-- outcomes are shares of one whole and add up to 100.
select
    sum(value) as sum_of_shares,
    count(*) as count_shares
from {{ ref('stg_safeguarding__figures') }}
where measure = 'pct_young_people_offered_brief_intervention_by_outcome'
having sum(value) <> 100 or count(*) <> 3
