-- Catalogue completeness, the other way round from the relationships test: every indicator in the catalogue
-- has at least one figure in the data matrix.
with catalogue as (
    select indicator_id from {{ ref('stg_education__indicators') }}
),

figures as (
    select distinct indicator_id from {{ ref('stg_education__matrix_values') }}
),

final as (
    select catalogue.indicator_id
    from catalogue
    left join figures
        on catalogue.indicator_id = figures.indicator_id
    where figures.indicator_id is null
)

select * from final
