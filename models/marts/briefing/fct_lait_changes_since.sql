{{
    config(
        materialized='view',
        post_hook="{{ create_lait_changes_since_function(this.schema) }}",
    )
}}
-- What DfE published for the focus authority since a date, one row per figure (measure, period) and kind of
-- change, most important kind first: new periods (value, rank, band, RAG, the neighbours' average, the movement
-- from the previous period), RAG and band changes, real revisions (netted between the date and now: first and
-- last value, the version that changed it), measures withdrawn. The rules are the macro lait_changes_since's.
-- This view answers for the dbt vars focus_la_number, default_neighbour_group_id and changes_since_date (default:
-- the first published version held); any other authority, date or group:
--   select * from marts.fct_lait_changes_since(879, date '2025-06-01', 'dfe_2025_05')
{%- set since = var('changes_since_date', none) %}
{{ lait_changes_since(
    var('focus_la_number'),
    ("cast('" ~ since ~ "' as date)") if since else
        "(select min(committed_on) from " ~ ref('dim_lait_vintages').include(database=false) ~ ")",
    "'" ~ var('default_neighbour_group_id') ~ "'",
) }}
