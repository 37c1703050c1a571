-- The obvious aggregate is right: complaints received in 2020/21 summed by stream over fct_complaint_measures
-- gives each stream's printed total once, 367 general (3.2, printed on pack line 173, with that provenance),
-- 135 adult social care (4.5) and 90 children's social care (5.2): no part, restatement or differently
-- spelt year ("2020/2021") is added in. Fails with the stream whose sum is not its printed total.
with

figures as (
    select * from {{ ref('fct_complaint_measures') }}
),

summed as (
    select
        stream,
        sum(value) as sum_value,
        count(*) as count_rows
    from figures
    where
        measure = 'complaints_received'
        and period_label = '2020/21'
    group by stream
),

printed as (
    select
        'general' as stream,
        367 as printed_total
    union all
    select
        'adult_social_care' as stream,
        135 as printed_total
    union all
    select
        'childrens_social_care' as stream,
        90 as printed_total
),

general_provenance as (
    select count(*) as count_rows
    from figures
    where
        figure_id = 'gen_complaints_received_2020_21'
        and value = 367
        and source_document_id = 'southend_people_scrutiny_2021_11_30'
        and source_section = '3.2'
        and source_table = 'paragraph'
        and source_line = 173
)

select
    printed.stream,
    printed.printed_total,
    summed.sum_value,
    summed.count_rows
from printed
left join summed
    on printed.stream = summed.stream
where summed.sum_value is distinct from printed.printed_total or summed.count_rows <> 1
union all
select
    'general (provenance)' as stream,
    367 as printed_total,
    null as sum_value,
    count_rows
from general_provenance
where count_rows <> 1
