-- The pack's locally reported children's social care figures (referrals, section 47 investigations,
-- children on a plan and looked after at 31 March) against DfE's official statistics for the authority
-- the pack is about (the source registry's la_code for the document the figure is printed in, whatever
-- focus authority the warehouse is built for) and the same year (seed ees_csc_pack_figure_map). Both are facts: the
-- pack gives the council's own count as reported to the committee, DfE the validated return; the
-- difference is shown, never resolved.
with

figure_map as (
    select * from {{ ref('ees_csc_pack_figure_map') }}
),

pack_figures as (
    select * from {{ ref('fct_safeguarding_figures') }}
),

-- the authority each document the pack's figures are printed in reports on
documents as (
    select la_number from {{ ref('stg_reference__source_documents') }}
    where source_document_id in (select source_document_id from {{ ref('fct_safeguarding_figures') }})
),

official as (
    select * from {{ ref('fct_ees_csc_values') }}
    where la_number in (select la_number from documents)
),

final as (
    select
        figure_map.figure_id,
        pack_figures.measure as pack_measure,
        pack_figures.period_label as pack_period_label,
        cast(pack_figures.value as double) as pack_value,
        figure_map.measure_id,
        official.measure_label,
        cast(figure_map.time_period as integer) as time_period,
        official.period_label as dfe_period_label,
        official.value as dfe_value,
        official.missing_reason as dfe_missing_reason,
        official.value - cast(pack_figures.value as double) as difference,
        round(
            100 * (official.value - cast(pack_figures.value as double)) / nullif(cast(pack_figures.value as double), 0),
            2
        ) as difference_pct,
        case
            when official.value is null and official.measure_id is null
                then
                    'DfE' || '{{ dbt.escape_single_quotes("'") }}'
                    || 's files are not loaded or have no figure for this year.'
            when official.value is null then 'DfE publishes no figure (' || official.missing_reason || ').'
            when official.value = pack_figures.value then 'The same in both.'
            else
                'Both are facts: the pack reports the council' || '{{ dbt.escape_single_quotes("'") }}'
                || 's local figure as the committee saw it; DfE' || '{{ dbt.escape_single_quotes("'") }}'
                || 's official statistics (validated) give ' || cast(official.value as {{ dbt.type_string() }}) || '.'
        end as explanation,
        figure_map.note,
        pack_figures.source_document_id,
        cast(pack_figures.source_line as integer) as pack_source_line,
        official.source_file as dfe_source_file,
        cast(official.source_row as integer) as dfe_source_row
    from figure_map
    inner join pack_figures
        on figure_map.figure_id = pack_figures.figure_id
    left join official
        on
        figure_map.measure_id = official.measure_id
        and figure_map.time_period = official.time_period
)

select * from final
