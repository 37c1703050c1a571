-- Safeguarding figures with their period normalised by the one owner of period logic, parse_period.
with figures as (
    select * from {{ ref('stg_safeguarding__figures') }}
),

periodised as (
    select
        figures.*,
        {{ parse_period('figures.period_label', 'figures.year_type') }}
    from figures
)

select * from periodised
