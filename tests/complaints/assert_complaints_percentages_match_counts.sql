-- Every printed percentage (or ratio) whose numerator and denominator are also printed matches their quotient
-- within half a unit of its last printed decimal place. One pinned exception: adult domiciliary care 2020/21,
-- 19 of 60 within timescale is 31.67% but the pack prints 31% (truncated); the test expects exactly that.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
),

shares as (
    select
        share.figure_id,
        share.value as printed,
        case when share.unit = 'ratio' then 1 else 100 end
        * cast(numerator.value as double) / denominator.value as computed,
        case
            when share.value = round(share.value, 0) then 0.5
            when share.value = round(share.value, 1) then 0.05
            else 0.005
        end as tolerance
    from figures as share
    inner join figures as numerator
        on share.numerator_figure_id = numerator.figure_id
    inner join figures as denominator
        on share.denominator_figure_id = denominator.figure_id
    where share.unit in ('percent', 'ratio')
),

pinned as (
    select
        'asc_dom_pct_within_timescale_2020_21' as figure_id,
        31 as printed,
        cast(19 as double) * 100 / 60 as computed
)

select shares.*
from shares
left join pinned on shares.figure_id = pinned.figure_id
where
    (pinned.figure_id is null and abs(shares.printed - shares.computed) > shares.tolerance)
    or (pinned.figure_id is not null and (shares.printed <> pinned.printed or shares.computed <> pinned.computed))
union all
select
    'fewer shares checked than expected' as figure_id,
    null as printed,
    null as computed,
    count(*) as tolerance
from shares
having count(*) < 30
