-- One row per LAIT measure from the data dictionary. A few measures are listed under two topics
-- (e.g. absence of children in need under both "Children in Need" and "All Pupil Absence &
-- Exclusions"): topic is the first alphabetically, all_topics lists every one. Where the duplicate rows
-- disagree, dps takes the value that is given and no-quartile is set when either row sets it.
-- last_updated_date: the dictionary's "Last Update" (an Excel date serial; "New Data" reads as null).
with

source as (
    select * from {{ source('lait', 'data_dictionary') }}
),

{{ lait_dictionary_measures('source') }}

select * from final
