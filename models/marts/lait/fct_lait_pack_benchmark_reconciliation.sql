-- Reconciliation (b): the pack's printed statistical neighbours' averages, ranks and quartile bands
-- of the authority the pack is about, beside the ones computed here from the extract with the pack's
-- own neighbour group, with the difference and a short explanation where they differ. The authority
-- and the group are the pack's (the source registry's la_code for the document, and the neighbour
-- group the registry says that document prints), never the focus authority the warehouse is built for.
with

-- each source document's authority and the neighbour group it prints (from the dimension tables: their
-- stored numbers let the filters below reach the scans)
document_groups as (
    select
        documents.source_document_id,
        documents.la_number as document_la_number,
        versions.neighbour_group_id
    from {{ ref('dim_source_documents') }} as documents
    inner join {{ ref('dim_neighbour_groups') }} as versions
        on documents.source_document_id = versions.source_document_id
),

matches as (
    select
        pack_matches.*,
        document_groups.document_la_number,
        document_groups.neighbour_group_id
    from {{ ref('int_lait_pack_matches') }} as pack_matches
    left join document_groups
        on pack_matches.source_document_id = document_groups.source_document_id
    where
        (pack_matches.area = 'statistical_neighbours' and pack_matches.measure = 'value')
        or (pack_matches.area = 'southend' and pack_matches.measure in ('rank', 'quartile_band'))
),

-- what fct_lait_neighbour_benchmarks_all_groups says for each document's authority and group, read from the tables
-- and the averages view it is computed from: a filter on that view computes every authority's averages
-- before filtering (seconds), these filters reach the scans (milliseconds)
group_sizes as (
    select
        members.neighbour_group_id,
        members.focus_la_number,
        count(*) as count_neighbours_in_group
    from {{ ref('int_lait_neighbour_group_members') }} as members
    inner join document_groups
        on members.neighbour_group_id = document_groups.neighbour_group_id
        and members.focus_la_number = document_groups.document_la_number
    group by
        members.neighbour_group_id,
        members.focus_la_number
),

focus_values as (
    select * from {{ ref('fct_lait_values') }}
    where
        area_type = 'local_authority'
        and period_kind is not null
        and la_number in (select document_la_number from document_groups)
),

averages as (
    select * from {{ ref('int_lait_neighbour_averages') }}
    where focus_la_number in (select document_la_number from document_groups)
),

benchmarks as (
    select
        group_sizes.neighbour_group_id,
        group_sizes.focus_la_number,
        focus_values.series_id,
        focus_values.polarity,
        averages.neighbours_average_value,
        cast(coalesce(averages.count_neighbours_with_value, 0) as integer) as count_neighbours_with_value,
        cast(group_sizes.count_neighbours_in_group as integer) as count_neighbours_in_group,
        focus_values.rank_among_las,
        focus_values.count_las_ranked,
        focus_values.quartile_band
    from group_sizes
    inner join focus_values
        on group_sizes.focus_la_number = focus_values.la_number
    left join averages
        on group_sizes.neighbour_group_id = averages.neighbour_group_id
        and group_sizes.focus_la_number = averages.focus_la_number
        and focus_values.series_id = averages.series_id
),

revisions as (
    select
        indicator_id,
        period_end_year,
        pack_value,
        extract_value_rounded,
        revision_status
    from {{ ref('fct_lait_revisions_since_pack') }}
    where area = 'southend'
),

joined as (
    select
        matches.indicator_id,
        matches.measure_code,
        matches.match_quality,
        case
            when matches.measure = 'value' then 'neighbours_average'
            else matches.measure
        end as statistic,
        matches.pack_period_label,
        matches.lait_period_label,
        matches.period_end_year,
        matches.pack_value,
        matches.pack_value_text,
        matches.pack_missing_reason,
        matches.pack_decimal_places,
        matches.series_id,
        matches.source_line,
        benchmarks.polarity,
        benchmarks.neighbours_average_value,
        benchmarks.count_neighbours_with_value,
        benchmarks.count_neighbours_in_group,
        benchmarks.rank_among_las,
        benchmarks.count_las_ranked,
        benchmarks.quartile_band,
        revisions.revision_status as southend_revision_status,
        revisions.pack_value as southend_pack_value,
        revisions.extract_value_rounded as southend_extract_value
    from matches
    left join benchmarks
        on matches.series_id = benchmarks.series_id
        and matches.neighbour_group_id = benchmarks.neighbour_group_id
        and matches.document_la_number = benchmarks.focus_la_number
    left join revisions
        on matches.indicator_id = revisions.indicator_id
        and matches.period_end_year = revisions.period_end_year
),

computed as (
    select
        *,
        -- the neighbours' average as the pack prints it: taken as a decimal at 10 places (a stated
        -- precision far finer than any printed figure), then rounded half away from zero to the pack's
        -- decimals. An average of exactly 19.95 is then 20.0, as printed; rounding the double would give
        -- 19.9 (19.95 has no exact binary form: the double is 19.949999999999999).
        case statistic
            when
                'neighbours_average'
                then
                    case coalesce(pack_decimal_places, 1)
                        {%- for places in range(4) %}
                            when {{ places }}
                                then cast(round(cast(neighbours_average_value as decimal(38, 10)), {{ places }}) as double)  -- noqa: LT05
                        {%- endfor %}
                        else {{ round_to_places('neighbours_average_value', 'pack_decimal_places') }}
                    end
            when 'rank' then cast(rank_among_las as double)
        end as computed_value,
        case when statistic = 'quartile_band' then quartile_band end as computed_value_text
    from joined
),

compared as (
    select
        *,
        computed_value - pack_value as difference,
        case
            when statistic = 'quartile_band' then pack_value_text = computed_value_text
            else abs(computed_value - pack_value) < 1e-9
        end as is_match_raw
    from computed
),

final as (
    select
        indicator_id,
        measure_code,
        match_quality,
        statistic,
        pack_period_label,
        lait_period_label,
        period_end_year,
        pack_value,
        pack_value_text,
        computed_value,
        computed_value_text,
        difference,
        coalesce(is_match_raw, false) as is_match,
        cast(count_neighbours_with_value as integer) as count_neighbours_with_value,
        cast(count_las_ranked as integer) as count_las_ranked,
        southend_revision_status,
        case
            when pack_value is null and pack_value_text is null then 'The pack prints no figure here.'
            when
                series_id is null
                then
                    'The extract has no '
                    || measure_code
                    || ' figure for '
                    || cast(period_end_year as {{ dbt.type_string() }})
                    || '.'
            when statistic <> 'neighbours_average' and polarity = 'neither'
                then
                    'Not computed: LAIT ranks and bands only measures with a polarity; the data dictionary gives this one none.'  -- noqa: LT05
            when statistic = 'quartile_band' and quartile_band is null and rank_among_las is not null
                then 'Not computed: the data dictionary marks this measure No_Quartile (range too small for bands).'
            when computed_value is null and computed_value_text is null
                then case statistic
                    when 'neighbours_average' then 'Not computable: no neighbour has a value in the extract.'
                    else 'Not computable: Southend has no value in the extract.'
                end
            when coalesce(is_match_raw, false) then 'Matches.'
            when statistic = 'neighbours_average'
                then
                    'Differs by ' || cast(round(difference, 2) as {{ dbt.type_string() }}) || ': computed from '
                    || cast(count_neighbours_with_value as {{ dbt.type_string() }})
                    || ' of '
                    || cast(count_neighbours_in_group as {{ dbt.type_string() }})
                    || ' neighbours with the latest revision of their figures'
                    || case
                        when count_neighbours_with_value < count_neighbours_in_group
                            then ' (the others have no value)'
                        else ''
                    end
                    || '{{ dbt.escape_single_quotes("; the pack used the figures published in 2021, so revisions to neighbours' figures are the likely cause.") }}'  -- noqa: LT05
            when southend_revision_status = 'revised'
                then
                    '{{ dbt.escape_single_quotes("Southend's own figure was revised (pack ") }}'
                    || cast(southend_pack_value as {{ dbt.type_string() }})
                    || ', extract '
                    || cast(southend_extract_value as {{ dbt.type_string() }}) || '), which moves its rank and band.'
            else
                '{{ dbt.escape_single_quotes("Southend's figure is unchanged: the difference comes from other authorities' figures (revisions) ") }}'  -- noqa: LT05
                || 'or the set of authorities ranked (the extract ranks '
                || cast(count_las_ranked as {{ dbt.type_string() }})
                || ' with a value).'
        end as explanation,
        cast(source_line as integer) as pack_source_line
    from compared
)

select * from final
