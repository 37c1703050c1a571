-- One row per vintage, LAIT measure, area and period label: every published version's extract as DfE wrote it
-- (20.8 million rows over the 35 vintages of November 2024 - April 2026), with the vintage it belongs to (read
-- from the landed file's name, <vintage_seq>_<vintage_id>.parquet). Period labels keep their suffix
-- (period_label) and lose it in period_label_base, the key a figure keeps when DfE relabels it ("2024 (prov)"
-- later "2024"). Values stay text here: only the changes between vintages are parsed downstream
-- (int_lait_vintage_changes), with the same rules as the current extract (macros/lait/lait_parsing.sql).
-- A view: DuckDB reads the parquet files in place each time; nothing is copied.
with

source as (
    select * from {{ source('lait_vintages', 'bds_long') }}
),

renamed as (
    select
        regexp_extract(filename, '([^/]+)$', 1) as landed_bds_file,
        trim({{ adapter.quote('Short Desc') }}) as measure_code,
        cast({{ adapter.quote('LA Number') }} as integer) as la_number,
        trim({{ adapter.quote('LA and Regions') }}) as area_name,
        trim({{ adapter.quote('Years') }}) as period_label,
        trim({{ adapter.quote('Values') }}) as value_text
    from source
),

final as (
    select
        cast(regexp_extract(landed_bds_file, '^([0-9]+)_', 1) as integer) as vintage_seq,
        regexp_extract(landed_bds_file, '^[0-9]+_(.+)[.]parquet$', 1) as vintage_id,
        measure_code,
        la_number,
        area_name,
        period_label,
        {{ lait_period_label_base('period_label') }} as period_label_base,
        value_text
    from renamed
)

select * from final
