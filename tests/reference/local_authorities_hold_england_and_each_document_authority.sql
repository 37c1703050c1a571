-- The authorities registry (seed local_authorities) holds England (var england_la_number, as a country),
-- every authority a source document reports on, and that authority's region (as a region row): the marts
-- that compare a document's authority with England and its region join to them.
with

authorities as (
    select * from {{ ref('stg_reference__local_authorities') }}
),

documents as (
    select distinct la_number
    from {{ ref('stg_reference__source_documents') }}
    where la_number is not null
),

expected as (
    select
        'england' as role,
        cast({{ var('england_la_number') }} as integer) as la_number,
        cast(null as {{ dbt.type_string() }}) as region_name
    union all
    select
        'document authority' as role,
        la_number,
        cast(null as {{ dbt.type_string() }}) as region_name
    from documents
    union all
    select
        'document authority region' as role,
        cast(null as integer) as la_number,
        authorities.region_name
    from documents
    inner join authorities
        on documents.la_number = authorities.la_number
)

select expected.*
from expected
left join authorities
    on (
        expected.la_number = authorities.la_number
        and (expected.role <> 'england' or authorities.la_type = 'country')
    )
    or (
        expected.role = 'document authority region'
        and expected.region_name = authorities.la_name
        and authorities.la_type = 'region'
    )
where authorities.la_code is null
