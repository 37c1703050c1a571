-- The generated data matrix against the pack's printed one, for the focus authority (var
-- focus_la_number) with its default neighbour group (var default_neighbour_group_id): one row per figure
-- the pack prints in its matrix (Southend's value, rank, quartile band, England's value, the
-- neighbours' average, the three-year and year-on-year improvement ranks and bands) beside the figure
-- generated from DfE's extract for the same measure and year, whether they agree and, where not, why:
--   agrees                  equal once the generated figure is rounded as the pack prints it (values and
--                           averages: within half a unit of the pack's last printed digit)
--   dfe_revised             DfE has since revised the figure (the authority's own, or for a neighbours'
--                           average with every neighbour present, the neighbours' figures are the likely cause)
--   different_count_ranked  the authority's figure is unchanged, so the authorities ranked or averaged
--                           (their number, or their figures) differ from those the pack used
--   method                  the definitions differ (a close match), DfE does not rank or band the
--                           measure, the pack's rank lies within a tie, or the band differs while the rank agrees
--   not_in_dfe_data         no DfE measure, no DfE figure for that year, or no value to compare
-- The figures come from int_lait_matrix_pack_figures_joined: values, ranks, bands and averages from the existing
-- reconciliations (fct_lait_revisions_since_pack, fct_lait_pack_benchmark_reconciliation), the
-- improvement ranks from int_lait_improvement_ranked.
with

generated as (
    select * from {{ ref('int_lait_matrix_pack_figures_joined') }}
),

compared as (
    select
        *,
        case
            when generated_value_text is not null or pack_value_text is not null
                then coalesce(generated_value_text = pack_value_text, false)
            when statistic in ('value', 'england_value')
                then coalesce(revision_status in ('unchanged', 'within_rounding'), false)
            -- the unrounded mean within half a unit of the pack's last printed digit (a mean on a rounding
            -- boundary, x.x5, is not decided by the last bit of a floating-point sum)
            when statistic = 'neighbours_average'
                then coalesce(
                    abs(neighbours_mean_value - pack_value)
                    <= 0.5 * power(10, -coalesce(neighbours_pack_decimal_places, 1)) + 1e-9,
                    false
                )
            else coalesce(abs(generated_value - pack_value) < 1e-9, false)
        end as is_agreed,
        -- the pack's rank lies among the ranks a tie covers (the generated rank is the tie's lowest)
        coalesce(
            pack_value >= generated_value and pack_value <= generated_value + count_las_tied - 1, false
        ) as is_within_tie,
        case
            when statistic like '%3yr' then '3yr'
            when statistic like '%yoy' then 'yoy'
            when statistic in ('rank', 'quartile_band') then 'level'
        end as rank_family
    from generated
),

with_rank_agreement as (
    select
        *,
        coalesce(max(case when statistic like '%rank%' and is_agreed then 1 else 0 end) over (
            partition by indicator_id, pack_period_label, rank_family
        ) = 1, false) as is_rank_agreed
    from compared
),

categorised as (
    select
        *,
        case
            when is_agreed then 'agrees'
            when not is_measure_in_extract then 'not_in_dfe_data'
            when statistic in ('value', 'england_value')
                then
                    case
                        when revision_status = 'revised' then 'dfe_revised'
                        when revision_status = 'differs_close_match' then 'method'
                        else 'not_in_dfe_data'
                    end
            when match_quality = 'close' and (generated_value is not null or generated_value_text is not null)
                then 'method'
            when statistic = 'neighbours_average'
                then
                    case
                        when generated_value is null then 'not_in_dfe_data'
                        when count_neighbours_with_value < 10 then 'different_count_ranked'
                        else 'dfe_revised'
                    end
            when statistic in ('rank', 'quartile_band')
                then
                    case
                        when benchmark_explanation like 'Not computed%' then 'method'
                        when generated_value is null and generated_value_text is null then 'not_in_dfe_data'
                        when statistic = 'quartile_band' and is_rank_agreed then 'method'
                        when southend_revision_status = 'revised' then 'dfe_revised'
                        when statistic = 'rank' and is_within_tie then 'method'
                        else 'different_count_ranked'
                    end
            -- improvement ranks and bands
            when improvement_polarity = 'neither' then 'method'
            when pack_value is null and pack_value_text is not null and statistic like 'improvement_rank%' then 'method'
            when generated_value is null and generated_value_text is null then 'not_in_dfe_data'
            when statistic like 'improvement_band%' and is_rank_agreed then 'method'
            when is_end_revised then 'dfe_revised'
            when statistic like 'improvement_rank%' and is_within_tie then 'method'
            else 'different_count_ranked'
        end as difference_category
    from with_rank_agreement
),

final as (
    select
        indicator_id,
        indicator_label,
        topic,
        cast(topic_order as integer) as topic_order,
        cast(measure_order as integer) as measure_order,
        statistic,
        pack_period_label,
        measure_code,
        match_quality,
        lait_period_label,
        cast(pack_value as double) as pack_value,
        pack_value_text,
        generated_value,
        generated_value_text,
        generated_value - cast(pack_value as double) as difference,
        is_agreed,
        difference_category,
        case difference_category
            when 'agrees' then 'Agrees.'
            when 'not_in_dfe_data'
                then
                    case
                        when not is_measure_in_extract then 'DfE publishes no matching measure in the extract.'
                        else 'No DfE figure to compare for this year.'
                    end
            when 'dfe_revised'
                then
                    case
                        when statistic in ('value', 'england_value')
                            then
                                'DfE has revised the figure since the pack (now '
                                || cast(extract_value_rounded as {{ dbt.type_string() }}) || ').'
                        when statistic = 'neighbours_average'
                            then
                                'Every neighbour has a value: revisions to the neighbours'
                                || '{{ dbt.escape_single_quotes("'") }} figures since the pack are the likely cause.'
                        else
                            'The authority' || '{{ dbt.escape_single_quotes("'") }}'
                            || 's own figure (or a span end) was revised since the pack, which moves its rank and band.'
                    end
            when 'different_count_ranked'
                then
                    case
                        when statistic = 'neighbours_average'
                            then
                                'Averaged over ' || cast(count_neighbours_with_value as {{ dbt.type_string() }})
                                || ' neighbours with a value, not all ten.'
                        else
                            'The authority' || '{{ dbt.escape_single_quotes("'") }}'
                            || 's figure is unchanged: the authorities ranked here ('
                            || coalesce(cast(count_las_ranked as {{ dbt.type_string() }}), 'none')
                            || ') or their figures differ from those the pack ranked.'
                    end
            when 'method' then case
                when match_quality = 'close'
                    then
                        'DfE' || '{{ dbt.escape_single_quotes("'") }}'
                        || 's measure is a close, not exact, match for the pack'
                        || '{{ dbt.escape_single_quotes("'") }}'
                        || 's indicator.'
                when benchmark_explanation like 'Not computed%' then benchmark_explanation
                when improvement_polarity = 'neither'
                    then 'DfE gives the measure no polarity, so improvement is not ranked.'
                when pack_value is null then 'The pack prints ' || pack_value_text || ' where a rank belongs.'
                when statistic like '%band%'
                    then 'The band differs while the rank agrees: quartile thresholds computed differently.'
                when is_within_tie
                    then
                        'A tie: ' || cast(count_las_tied as {{ dbt.type_string() }})
                        || ' authorities share the value; ties take the lowest rank here, the pack printed another.'
            end
        end as explanation,
        cast(count_las_ranked as integer) as count_las_ranked,
        cast(count_las_tied as integer) as count_las_tied,
        cast(count_neighbours_with_value as integer) as count_neighbours_with_value,
        neighbours_median_value,
        improvement_start_period_label,
        cast(source_line as integer) as pack_source_line
    from categorised
)

select * from final
