{#-
  The neighbours' statistics for a focus authority, as LAIT computes its neighbours' average: per neighbour group,
  focus LA and series, the mean of the neighbours that have a value (missing neighbours are left out, never
  counted as zero) with how many it used, the minimum and maximum, and (with_median) the median (R's type 7, the
  mean of the middle two for an even count). The mean is exact (decimal arithmetic), so every build gives the
  same bits. The one place these are computed: `members` is a relation of
  (neighbour_group_id, focus_la_number, neighbour_la_number), `values_` one of (series_id, la_number, value) with
  only non-missing values, each filtered as the caller needs (int_lait_neighbour_averages: every series, as a view;
  fct_lait_matrix: each measure's latest period, every focus; fct_lait_vintage_neighbour_benchmarks_all_groups: every series
  version as published, `series_columns` naming the columns that identify a series there).
-#}
{% macro neighbour_statistics(members, values_, with_median=false, series_columns=['series_id']) -%}
    select
        members.neighbour_group_id,
        members.focus_la_number,
        {%- for column in series_columns %}
        values_.{{ column }},
        {%- endfor %}
        -- the mean of the values as published, in exact decimal arithmetic: each value as the shortest decimal
        -- that reads back as its double (19.4, not 19.39999999999999857891), summed as a decimal with 18 places,
        -- so the same in any order (a sum of doubles depends on the order the engine adds them in, which
        -- differs between runs and threads, and flipped averages lying on a rounding boundary)
        cast(avg(cast(cast(values_.value as {{ dbt.type_string() }}) as decimal(38, 18))) as double)
            as neighbours_average_value,
        count(*) as count_neighbours_with_value,
        {%- if with_median %}
        {{ lait_quantile_cont('values_.value', 0.5) }} as neighbours_median_value,
        {%- endif %}
        min(values_.value) as neighbours_min_value,
        max(values_.value) as neighbours_max_value
    from {{ members }} as members
    inner join {{ values_ }} as values_
        on members.neighbour_la_number = values_.la_number
    group by
        members.neighbour_group_id,
        members.focus_la_number
        {%- for column in series_columns %},
        values_.{{ column }}
        {%- endfor %}
{%- endmacro %}

{#- Per neighbour group and focus authority: how many neighbours the group lists (the denominator beside
  count_neighbours_with_value) and whether it is the focus authority's default group. `members` as for
  neighbour_statistics, with is_default_for_focus. -#}
{% macro neighbour_group_sizes(members) -%}
    select
        neighbour_group_id,
        focus_la_number,
        bool_or(is_default_for_focus) as is_default_for_focus,
        count(*) as count_neighbours_in_group
    from {{ members }}
    group by
        neighbour_group_id,
        focus_la_number
{%- endmacro %}
