-- The Ombudsman's (LGSCO) detailed investigations of Southend-on-Sea Borough Council by year: how many were
-- concluded, how many upheld, and the printed upheld rate, with the lines they were printed on.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where
        stream = 'ombudsman'
        and not is_restatement
        and measure in (
            'detailed_investigations', 'detailed_investigations_upheld', 'pct_detailed_investigations_upheld'
        )
),

pivoted as (
    select
        {{ period_columns() }},
        max(case when measure = 'detailed_investigations' then value end) as count_detailed_investigations,
        max(case when measure = 'detailed_investigations_upheld' then value end) as count_upheld,
        max(case when measure = 'pct_detailed_investigations_upheld' then value end) as pct_upheld_rate,
        max(case when measure = 'detailed_investigations' then figure_id end) as figure_id,
        max(source_document_id) as source_document_id,
        max(source_section) as source_section,
        max(source_table) as source_table,
        max(case when measure = 'detailed_investigations' then source_line end) as source_line,
        max(case when measure = 'detailed_investigations_upheld' then source_line end) as source_line_upheld,
        max(case when measure = 'pct_detailed_investigations_upheld' then source_line end) as source_line_pct
    from figures
    group by
        {{ period_columns() }}
),

final as (
    select
        figure_id,
        {{ period_columns() }},
        cast(count_detailed_investigations as integer) as count_detailed_investigations,
        cast(count_upheld as integer) as count_upheld,
        pct_upheld_rate,
        source_document_id,
        source_section,
        source_table,
        source_line,
        source_line_upheld,
        source_line_pct
    from pivoted
)

select * from final
