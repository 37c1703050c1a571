-- One row per vintage and measure: the data dictionary in force when the vintage was published (its own
-- dictionary; for a vintage published without one, the latest earlier dictionary, else the earliest later one:
-- DfE's first three vintages predate the dictionary file) and what it said about the measure then: decimal
-- places (dps), polarity, no-quartile flag and year type.
with

manifest as (
    select * from {{ ref('stg_lait_vintages__manifest') }}
),

dictionaries as (
    select * from {{ ref('stg_lait_vintages__measures') }}
),

with_dictionary as (
    select
        vintage_seq,
        dictionary_file
    from manifest
    where dictionary_file is not null
),

in_force as (
    select
        manifest.vintage_seq,
        manifest.vintage_id,
        coalesce(
            max(case when with_dictionary.vintage_seq <= manifest.vintage_seq then with_dictionary.vintage_seq end),
            min(case when with_dictionary.vintage_seq > manifest.vintage_seq then with_dictionary.vintage_seq end)
        ) as dictionary_vintage_seq
    from manifest
    cross join with_dictionary
    group by
        manifest.vintage_seq,
        manifest.vintage_id
),

final as (
    select
        in_force.vintage_seq,
        in_force.vintage_id,
        with_dictionary.dictionary_file,
        in_force.dictionary_vintage_seq <> in_force.vintage_seq as is_dictionary_borrowed,
        dictionaries.measure_code,
        dictionaries.decimal_places,
        dictionaries.polarity,
        dictionaries.is_no_quartile,
        dictionaries.lait_year_type,
        dictionaries.year_type
    from in_force
    inner join with_dictionary
        on in_force.dictionary_vintage_seq = with_dictionary.vintage_seq
    inner join dictionaries
        on with_dictionary.dictionary_file = dictionaries.dictionary_file
)

select * from final
