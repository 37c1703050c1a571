{#-
  Whether two published values of one figure are the same figure: the one place the rules live, used between
  consecutive vintages (int_lait_vintage_changes) and between any two vintages (a figure's first and last value,
  or its value on a date and now: macro lait_changes_since). Arguments are SQL expressions: the two values
  (doubles), the measure's published decimal places, and the decimal places each value needs (lait_decimal_places).

  lait_is_same_value: the same number spelt differently (within 1e-12 relative), or equal when both are rounded to
  the published decimal places, or the value needing fewer decimals is the other rounded to them (they differ by
  at most half a unit of its last decimal place). False when either is null.
  lait_unit_factor: 1000 or 1000000 (or their inverses) when one value is the other times that factor within the
  precision both are spelt to (thousands of pounds later pounds); null otherwise or when either is null or zero.
  lait_pair_change_class: 'same' | 'unit_change' | 'revised' for two numbers (null when either is null): only
  'revised' is a revision of the figure.
-#}
{% macro lait_is_same_value(value, previous_value, decimal_places, needed, previous_needed) -%}
coalesce(
    abs({{ value }} - {{ previous_value }}) <= 1e-12 * greatest(abs({{ value }}), abs({{ previous_value }}))
    or abs(
        {{ round_to_places(value, decimal_places) }}
        - {{ round_to_places(previous_value, decimal_places) }}
    ) <= 1e-12 * greatest(abs({{ value }}), abs({{ previous_value }}))
    or abs({{ value }} - {{ previous_value }})
    <= 0.5 * power(10, -least({{ needed }}, {{ previous_needed }}))
    + 1e-12 * greatest(abs({{ value }}), abs({{ previous_value }})),
    false
)
{%- endmacro %}

{% macro lait_unit_factor(value, previous_value, needed, previous_needed) -%}
case
    when {{ previous_value }} is null or {{ value }} is null or {{ previous_value }} = 0 or {{ value }} = 0 then null
    {%- for factor in ['1000', '1000000'] %}
        when
            abs({{ value }} - {{ previous_value }} * {{ factor }})
            <= 0.5 * power(10, -{{ needed }})
            + 0.5 * power(10, -{{ previous_needed }}) * {{ factor }} + 1e-12 * abs({{ value }})
            then cast({{ factor }} as double)
        when
            abs({{ value }} * {{ factor }} - {{ previous_value }})
            <= 0.5 * power(10, -{{ needed }}) * {{ factor }}
            + 0.5 * power(10, -{{ previous_needed }}) + 1e-12 * abs({{ previous_value }})
            then 1 / cast({{ factor }} as double)
    {%- endfor %}
end
{%- endmacro %}

{% macro lait_pair_change_class(value, previous_value, decimal_places) -%}
    {%- set needed = lait_decimal_places(value) -%}
    {%- set previous_needed = lait_decimal_places(previous_value) -%}
case
    when {{ value }} is null or {{ previous_value }} is null then null
    when {{ lait_is_same_value(value, previous_value, decimal_places, needed, previous_needed) }} then 'same'
    when ({{ lait_unit_factor(value, previous_value, needed, previous_needed) }}) is not null then 'unit_change'
    else 'revised'
end
{%- endmacro %}
