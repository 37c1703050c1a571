-- One row per reason a number the pack prints is not a figure: what the reason means and how many of the pack's
-- numbers it covers (fct_pack_number_exclusions), most first.
with

exclusions as (
    select * from {{ ref('fct_pack_number_exclusions') }}
),

final as (
    select
        reason,
        reason_description,
        cast(count(*) as integer) as count_numbers
    from exclusions
    group by
        reason,
        reason_description
)

select * from final
