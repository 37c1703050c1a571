-- The general process received 367 complaints in 2020/21 (3.2), printed on pack line 173, and the fact says so
-- with its provenance. Fails unless exactly one such row exists.
with figures as (
    select * from {{ ref('fct_complaint_measures') }}
),

matches as (
    select count(*) as count_rows
    from figures
    where
        stream = 'general'
        and measure = 'complaints_received'
        and period_label = '2020/21'
        and not is_restatement
        and value = 367
        and source_document_id = 'southend_people_scrutiny_2021_11_30'
        and source_section = '3.2'
        and source_table = 'paragraph'
        and source_line = 173
)

select * from matches
where count_rows <> 1
