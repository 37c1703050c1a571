{#-
  parts_sum_to_total: reconciles every printed total in a long table with its printed parts.

  A part row names its total in `parent_column` (the total's `figure_id_column`). For each total that has parts:
    - count parts (unit <> 'percent') must add up to the total exactly;
    - percent shares (unit = 'percent') must add up to 100, within half a unit of the last printed decimal
      place per part (rounding), i.e. |sum - 100| <= 0.5 * 10^-decimals * number_of_parts.
  A total whose parts do not add up in the source document itself is listed in
  seeds/reference/known_discrepancies.csv with the printed total and the sum of the parts; the test then expects
  exactly that sum, so a later edit to either side is still caught.
  Fails with one row per total that does not reconcile, showing total, sum of parts and the difference.
-#}
{% test parts_sum_to_total(model, figure_id_column='figure_id', parent_column='parent_figure_id',
                           value_column='value', unit_column='unit', share_decimals=0) %}
with figures as (
    select
        {{ figure_id_column }} as figure_id,
        {{ parent_column }} as parent_figure_id,
        {{ value_column }} as value,
        {{ unit_column }} as unit
    from {{ model }}
),

parts as (
    select
        parent_figure_id,
        unit,
        count(*) as count_parts,
        sum(value) as sum_of_parts
    from figures
    where parent_figure_id is not null
    group by parent_figure_id, unit
),

known as (
    select
        parent_figure_id,
        sum_of_parts as known_sum_of_parts
    from {{ ref('known_discrepancies') }}
),

checked as (
    select
        parts.parent_figure_id,
        parts.unit,
        parts.count_parts,
        parts.sum_of_parts,
        totals.value as printed_total,
        known.known_sum_of_parts,
        case
            when parts.unit = 'percent' then 100
            else totals.value
        end as expected_sum
    from parts
    left join figures as totals
        on parts.parent_figure_id = totals.figure_id
    left join known
        on parts.parent_figure_id = known.parent_figure_id
),

failures as (
    select
        parent_figure_id,
        unit,
        count_parts,
        sum_of_parts,
        printed_total,
        known_sum_of_parts,
        sum_of_parts - expected_sum as difference
    from checked
    where
        -- a part that names a total which is not in the table
        printed_total is null and unit <> 'percent'
        -- a known discrepancy must still be exactly the recorded sum
        or (known_sum_of_parts is not null and sum_of_parts <> known_sum_of_parts)
        or (
            known_sum_of_parts is null
            and (
                (unit <> 'percent' and sum_of_parts <> expected_sum)
                or (unit = 'percent' and abs(sum_of_parts - expected_sum) > 0.5 * power(10, -{{ share_decimals }}) * count_parts)
            )
        )
)

select * from failures
{% endtest %}
