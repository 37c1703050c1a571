{#-
  LAIT's rank and quartile band, one macro per rule, shared by the current extract's ranks
  (int_lait_values_ranked) and the published versions' (int_lait_vintage_values_ranked). The rules are documented
  in int_lait_values_ranked's header; the neighbours' average is neighbour_statistics'.
  The quartile thresholds have two spellings of the same R type-7 rule: lait_quartile_thresholds (a holistic
  quantile aggregate, every value of a series held in memory; the vintages, a bounded table) and
  lait_quantile_bounds + lait_interpolate (read from the ranked rows, memory independent of the series' size;
  the current extract, which scales with DfE's data). They give the same thresholds to the last bit: the
  current extract's marts were compared row for row with both.
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

{#- The same quartile thresholds (R type 7) read from ranked rows instead of a holistic aggregate, so memory does
    not grow with the rows of a series: over the rankable rows of one series ordered by `sort_key` (ascending; ties
    share the lowest `rank`), `count_ranked` of them, the p-th quantile lies between the values at ascending
    positions floor(h) + 1 and ceil(h) + 1, h = (count_ranked - 1) * p. The value at sorted position j is the
    largest sort key among the rows ranked j or better, so each threshold is two conditional max()es, plain
    aggregates over the series' ranked rows (group by the series), interpolated by lait_interpolate. `sort_sign`
    is 1 when the sort key is the value, -1 when it is the value negated (high_better ranks the highest value
    first): position a from the lowest value is then position count_ranked + 1 - a in sort order. `p` is a
    literal. Yields quartile_<name>_lo, quartile_<name>_hi and quartile_<name>_fraction for lait_interpolate. -#}
{% macro lait_quantile_bounds(name, p, sort_key, sort_sign, rank, count_ranked) -%}
    {%- set h = "((" ~ count_ranked ~ " - 1) * " ~ p ~ ")" -%}
    {%- for bound, position in [('lo', "floor(" ~ h ~ ") + 1"), ('hi', "ceil(" ~ h ~ ") + 1")] %}
    max({{ sort_sign }}) * max(
        case
            when {{ rank }} <= case
                when {{ sort_sign }} = 1 then {{ position }}
                else {{ count_ranked }} + 1 - ({{ position }})
            end then {{ sort_key }}
        end
    ) as quartile_{{ name }}_{{ bound }},
    {%- endfor %}
    max({{ h }} - floor({{ h }})) as quartile_{{ name }}_fraction
{%- endmacro %}

{#- LAIT's three quartile thresholds of a series: lait_quantile_bounds at 0.25, 0.5 and 0.75 over its ranked rows
    (aggregate columns), then lait_quartiles_interpolated over those (quartile_q1, quartile_q2, quartile_q3). -#}
{% macro lait_quartile_bounds(sort_key, sort_sign, rank, count_ranked) -%}
    {%- for name, p in [('q1', '0.25'), ('q2', '0.5'), ('q3', '0.75')] %}
    {{ lait_quantile_bounds(name, p, sort_key, sort_sign, rank, count_ranked) }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro lait_quartiles_interpolated() -%}
    {%- for name in ['q1', 'q2', 'q3'] %}
    {{ lait_interpolate('quartile_' ~ name ~ '_lo', 'quartile_' ~ name ~ '_hi', 'quartile_' ~ name ~ '_fraction') }}
        as quartile_{{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- Linear interpolation between two order statistics exactly as DuckDB's quantile_cont() rounds it (and so as
    the published thresholds always were): lo * (1 - d) + hi * d fused into one multiply-add, fma(lo, 1 - d, hi * d),
    rounded once. Plain double arithmetic on every engine: Dekker's exact product lo * (1 - d) as p + e, then
    p + q (q = hi * d) summed with its exact error (Knuth's two-sum), the errors added last. -#}
{% macro lait_interpolate(lo, hi, d) -%}
    {%- set w = "(1.0 - " ~ d ~ ")" -%}
    {%- set p = "(" ~ lo ~ " * " ~ w ~ ")" -%}
    {%- set q = "(" ~ hi ~ " * " ~ d ~ ")" -%}
    {%- set lo_h = "(134217729.0 * " ~ lo ~ " - (134217729.0 * " ~ lo ~ " - " ~ lo ~ "))" -%}
    {%- set w_h = "(134217729.0 * " ~ w ~ " - (134217729.0 * " ~ w ~ " - " ~ w ~ "))" -%}
    {%- set e = "(((" ~ lo_h ~ " * " ~ w_h ~ " - " ~ p ~ ") + " ~ lo_h ~ " * (" ~ w ~ " - " ~ w_h ~ ") + ("
        ~ lo ~ " - " ~ lo_h ~ ") * " ~ w_h ~ ") + (" ~ lo ~ " - " ~ lo_h ~ ") * (" ~ w ~ " - " ~ w_h ~ "))" -%}
    {%- set s = "(" ~ p ~ " + " ~ q ~ ")" -%}
    ({{ s }} + ((({{ p }} - ({{ s }} - ({{ s }} - {{ p }}))) + ({{ q }} - ({{ s }} - {{ p }}))) + {{ e }}))
{%- endmacro %}
