-- Complaints received in 2020/21 by stream (the pack's annual complaints report), with the Local Government and
-- Social Care Ombudsman's decisions about the council that year and how many of them upheld the complaint.
-- fct_complaint_measures holds each whole-stream figure once, so a plain sum by stream is the printed total;
-- a figure broken down by outcome is a row of fct_complaint_breakdowns.
with

received as (
    select
        stream,
        sum(value) as complaints_received
    from marts.fct_complaint_measures
    where
        measure = 'complaints_received'
        and period_label = '2020/21'
    group by stream
),

decisions as (
    select sum(value) as ombudsman_decisions
    from marts.fct_complaint_measures
    where
        stream = 'ombudsman'
        and measure = 'decisions_made'
        and period_label = '2020/21'
),

upheld as (
    select sum(value) as ombudsman_decisions_upheld
    from marts.fct_complaint_breakdowns
    where
        stream = 'ombudsman'
        and measure = 'decisions_by_outcome'
        and outcome_code = 'upheld'
        and period_label = '2020/21'
)

select
    received.stream,
    received.complaints_received,
    null as ombudsman_decisions,
    null as ombudsman_decisions_upheld
from received
union all
select
    'ombudsman' as stream,
    null as complaints_received,
    decisions.ombudsman_decisions,
    upheld.ombudsman_decisions_upheld
from decisions
cross join upheld
order by complaints_received desc nulls last;
