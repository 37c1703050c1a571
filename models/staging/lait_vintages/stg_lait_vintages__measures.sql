-- One row per data dictionary DfE published with a vintage and measure in it (30 distinct dictionaries, each
-- read as the current one is: macros/lait/lait_dictionary.sql): decimal places, polarity, no-quartile and year
-- type as they stood. dictionary_file is the dictionary's file name (manifest column dictionary_file).
with

source as (
    select
        *,
        regexp_extract(filename, '([^/]+)$', 1) as dictionary_file
    from {{ source('lait_vintages', 'data_dictionary') }}
),

{{ lait_dictionary_measures('source', 'dictionary_file') }}

select * from final
