-- One row per printed cell of NHS Southend CCG's learning-disability annual health checks table (2020/21):
-- a CCG (or the Total row) and a column (a quarter, the year's total, the target, the same point last year). Typed.
with source as (
    select * from {{ ref('ld_annual_health_checks') }}
),

renamed as (
    select
        figure_id,
        ccg_code,
        ccg_name,
        ccg_name_as_printed,
        cast(is_total_row as boolean) as is_total_row,
        column_as_printed,
        measure,
        period_label,
        year_type,
        cast(value as decimal(18, 4)) as value,
        unit,
        nullif(trim(parent_figure_id), '') as parent_figure_id,
        nullif(trim(column_total_figure_id), '') as column_total_figure_id,
        nullif(trim(missing_reason), '') as missing_reason,
        {{ transcribed_provenance() }}
    from source
)

select * from renamed
