-- Response times: for each stream and service area, complaints received, the base the timescale is measured
-- on (resolved, responded to or requiring a response), how many met the timescale and the printed percentage.
with figures as (
    select * from {{ ref('int_complaint_figures_normalised') }}
    where
        not is_restatement
        and category is null
        and period_kind = 'financial_year'
),

pivoted as (
    select
        stream,
        service_area,
        {{ period_columns() }},
        max(case when measure = 'complaints_received' then value end) as count_complaints_received,
        max(
            case
                when measure in ('complaints_resolved', 'complaints_responded', 'complaints_requiring_response')
                    then value
            end
        ) as count_complaints_in_base,
        max(
            case
                when measure in ('complaints_resolved', 'complaints_responded', 'complaints_requiring_response')
                    then measure
            end
        ) as base_measure,
        max(case when measure = 'complaints_responded_within_timescale' then value end)
            as count_within_timescale,
        max(case when measure = 'pct_responded_within_timescale' then value end) as pct_within_timescale,
        max(case when measure = 'pct_responded_within_timescale' then value_qualifier end)
            as pct_within_timescale_qualifier,
        max(case when measure = 'pct_responded_within_timescale' then denominator_figure_id end)
            as pct_denominator_figure_id,
        max(case when measure = 'pct_responded_within_timescale' then figure_id end) as figure_id,
        max(case when measure = 'pct_responded_within_timescale' then note end) as note,
        max(source_document_id) as source_document_id,
        max(case when measure = 'pct_responded_within_timescale' then source_section end) as source_section,
        max(case when measure = 'pct_responded_within_timescale' then source_table end) as source_table,
        max(case when measure = 'pct_responded_within_timescale' then source_line end) as source_line,
        max(case when measure = 'complaints_responded_within_timescale' then source_line end)
            as source_line_count_within_timescale
    from figures
    group by
        stream,
        service_area,
        {{ period_columns() }}
),

final as (
    select
        figure_id,
        stream,
        service_area,
        {{ period_columns() }},
        cast(count_complaints_received as integer) as count_complaints_received,
        base_measure,
        cast(count_complaints_in_base as integer) as count_complaints_in_base,
        cast(count_within_timescale as integer) as count_within_timescale,
        pct_within_timescale,
        pct_within_timescale_qualifier,
        pct_denominator_figure_id,
        case
            when stream = 'general' then 'relevant timescale of the general complaints process'
            when stream = 'adult_social_care' then 'timescale agreed with the complainant in the complaint plan'
            when stream = 'childrens_social_care' then 'ten working days'
        end as timescale_basis,
        source_document_id,
        source_section,
        source_table,
        source_line,
        source_line_count_within_timescale,
        note
    from pivoted
    where figure_id is not null
)

select * from final
