-- Children's social care 2020/21 (5.5): of the 8 stage 2 complaints, 1 was withdrawn and 7 concluded
-- (1 + 7 = 8); of those concluded, 5 escalated to stage 3 (no more than 7), of which 3 completed and 2 in
-- process (3 + 2 = 5).
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where stream = 'childrens_social_care'
),

checks as (
    select
        max(case when measure = 'stage_2_complaints_dealt_with' then value end) as stage_2,
        max(case when measure = 'stage_2_complaints_withdrawn' then value end) as stage_2_withdrawn,
        max(case when measure = 'stage_2_complaints_concluded' then value end) as stage_2_concluded,
        max(case when measure = 'stage_3_complaints_escalated' then value end) as stage_3,
        max(case when measure = 'stage_3_complaints_completed' then value end) as stage_3_completed,
        max(case when measure = 'stage_3_complaints_in_process' then value end) as stage_3_in_process
    from figures
)

select * from checks
where
    stage_2 <> 8
    or stage_2_withdrawn + stage_2_concluded <> stage_2
    or stage_3 > stage_2_concluded
    or stage_3 <> 5
    or stage_3_completed + stage_3_in_process <> stage_3
