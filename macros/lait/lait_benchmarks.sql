{#-
  LAIT's rank and quartile band, one macro per rule, shared by the current extract's ranks
  (int_lait_values_ranked) and the published versions' (int_lait_vintage_values_ranked). The rules are documented
  in int_lait_values_ranked's header; the neighbours' average is neighbour_statistics'.
-#}

{#- Rank among authorities, 1 = best (highest value for high_better, lowest for low_better), ties share the
    lowest rank; null when the row is not rankable or the measure has no polarity. A window expression over
    the rows of one series (`partition_by`: the columns naming the series). -#}
{% macro lait_rank_among_las(value, polarity, is_rankable, partition_by) -%}
    case
        when {{ is_rankable }} and {{ polarity }} in ('high_better', 'low_better') then
            rank() over (
                partition by {{ partition_by }}, {{ is_rankable }}
                order by case when {{ polarity }} = 'high_better' then -{{ value }} else {{ value }} end
            )
    end
{%- endmacro %}

{#- Aggregate columns over the rankable rows of a series: how many authorities have a value and the
    quartile thresholds (R type 7): count_las_with_value, quartile_q1, quartile_q2, quartile_q3. -#}
{% macro lait_quartile_thresholds(value) -%}
    count(*) as count_las_with_value,
    {{ lait_quantile_cont(value, 0.25) }} as quartile_q1,
    {{ lait_quantile_cont(value, 0.5) }} as quartile_q2,
    {{ lait_quantile_cont(value, 0.75) }} as quartile_q3
{%- endmacro %}

{#- Quartile band A (best) to D from the thresholds, polarity-aware; null when not rankable, no quartile or
    no polarity. -#}
{% macro lait_quartile_band(value, polarity, is_rankable, is_no_quartile, q1, q2, q3) -%}
    case
        when not {{ is_rankable }} or {{ is_no_quartile }} or {{ polarity }} = 'neither' then null
        when {{ polarity }} = 'low_better'
            then
                case
                    when {{ value }} <= {{ q1 }} then 'A'
                    when {{ value }} <= {{ q2 }} then 'B'
                    when {{ value }} <= {{ q3 }} then 'C'
                    else 'D'
                end
        when {{ polarity }} = 'high_better' then
            case
                when {{ value }} > {{ q3 }} then 'A'
                when {{ value }} > {{ q2 }} then 'B'
                when {{ value }} > {{ q1 }} then 'C'
                else 'D'
            end
    end
{%- endmacro %}
