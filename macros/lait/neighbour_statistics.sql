{#-
  The neighbours' statistics for a focus authority, as LAIT computes its neighbours' average: per neighbour group,
  focus LA and series, the mean of the neighbours that have a value (missing neighbours are left out, never
  counted as zero) with how many it used, the minimum and maximum, and (with_median) the median (R's type 7, the
  mean of the middle two for an even count). The mean is exact (decimal arithmetic), so every build gives the
  same bits. The one place these are computed: `members` is a relation of
  (neighbour_group_id, focus_la_number, neighbour_la_number), `values_` one of (series_id, la_number, value) with
  only non-missing values, each filtered as the caller needs (int_lait_neighbour_averages: every series, as a view;
  fct_lait_matrix: each measure's last five periods, every focus; fct_lait_vintage_neighbour_benchmarks_all_groups:
  every series version as published, `series_columns` naming the columns that identify a series there).
  Built to scale with the extract (at 100x DfE's rows the matrix's groups number tens of millions): no holistic
  aggregate. The median is read from the group's lowest values in rank order, kept by a bounded aggregate
  (lait_lowest_values: at most neighbour_median_capacity() values per group, whatever the group's size): the values
  at the two ranks either side of the middle, interpolated as the quartile thresholds are (lait_interpolate). A group
  too large for that fails the build (test neighbour_groups_fit_the_median). Each value's exact decimal for the mean
  is made once per authority and series, before the join multiplies the values by the groups that list them.
-#}
{% macro neighbour_statistics(members, values_, with_median=false, series_columns=['series_id']) -%}
    {%- set keys = ['neighbour_group_id', 'focus_la_number'] + series_columns -%}
    {%- set middle = "((count_neighbours_with_value - 1) * 0.5)" -%}
    select
        {%- for column in keys %}
        {{ column }},
        {%- endfor %}
        neighbours_average_value,
        count_neighbours_with_value,
        {%- if with_median %}
        {{ lait_interpolate(
            lait_list_element('lowest_values', 'cast(floor(' ~ middle ~ ') as integer) + 1'),
            lait_list_element('lowest_values', 'cast(ceil(' ~ middle ~ ') as integer) + 1'),
            '(' ~ middle ~ ' - floor(' ~ middle ~ '))'
        ) }} as neighbours_median_value,
        {%- endif %}
        neighbours_min_value,
        neighbours_max_value
    from (
        select
            members.neighbour_group_id,
            members.focus_la_number,
            {%- for column in series_columns %}
            values_.{{ column }},
            {%- endfor %}
            -- the mean of the values as published, in exact decimal arithmetic: each value as the shortest decimal
            -- that reads back as its double (19.4, not 19.39999999999999857891), summed as a decimal with 18
            -- places, so the same in any order (a sum of doubles depends on the order the engine adds them in,
            -- which differs between runs and threads, and flipped averages lying on a rounding boundary)
            cast(avg(values_.exact_value) as double) as neighbours_average_value,
            count(*) as count_neighbours_with_value,
            {%- if with_median %}
            {{ lait_lowest_values('values_.value', neighbour_median_capacity()) }} as lowest_values,
            {%- endif %}
            min(values_.value) as neighbours_min_value,
            max(values_.value) as neighbours_max_value
        from {{ members }} as members
        inner join (
            select
                {%- for column in series_columns %}
                {{ column }},
                {%- endfor %}
                la_number,
                value,
                cast(cast(value as {{ dbt.type_string() }}) as decimal(38, 18)) as exact_value
            from {{ values_ }}
        ) as values_
            on members.neighbour_la_number = values_.la_number
        group by
            members.neighbour_group_id,
            members.focus_la_number
            {%- for column in series_columns %},
            values_.{{ column }}
            {%- endfor %}
    ) as neighbour_statistics
{%- endmacro %}

{#- How many of a group's lowest values neighbour_statistics keeps for its median: the median of up to
    2 * capacity - 1 neighbours (DfE's statistical neighbour groups and the pack's have 10). -#}
{% macro neighbour_median_capacity() -%}
    11
{%- endmacro %}

{#- Per neighbour group and focus authority: how many neighbours the group lists (the denominator beside
  count_neighbours_with_value), whether it is the focus authority's default group, and whether the focus authority
  is a legacy one. `members` as for neighbour_statistics, with is_default_for_focus and is_legacy_focus. -#}
{% macro neighbour_group_sizes(members) -%}
    select
        neighbour_group_id,
        focus_la_number,
        bool_or(is_default_for_focus) as is_default_for_focus,
        bool_or(is_legacy_focus) as is_legacy_focus,
        count(*) as count_neighbours_in_group
    from {{ members }}
    group by
        neighbour_group_id,
        focus_la_number
{%- endmacro %}
