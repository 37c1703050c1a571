{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ lait_vintages_forget_rewritten_history() }}",
    )
}}
-- One row per figure and vintage where the figure's published state (period label and value text) differs from
-- the previous vintage's, plus every figure of the first vintage held (change_class 'first_vintage': the state
-- the history starts from, not a change). A figure is a measure, area and period_label_base: the key survives
-- DfE relabelling a period ("2024 (prov)" later "2024"). Consecutive vintages are compared, nothing else.
--
-- change_class, the first rule that applies:
--   first_vintage   the vintage is the first held: the figure as it stood then
--   new_figure      the previous vintage had no number for it (absent, or a marker such as "-" or "x"), this has one
--   withdrawn       the previous vintage had a number, this has none (absent, or a marker)
--   marker_change   neither has a number and the text changed (a marker appeared, went or changed; "-" -> "x")
--   label_change    the period label changed ("2024 (prov)" -> "2024", "2019 (Revised)" -> "2019 (Rev)") and the
--                   value is the same (same text, or same value by the re_rounded rule)
--   re_rounded      the value text changed but the value is the same: (a) the same number spelt differently
--                   ("5" / "5.0"), or (b) equal when both are rounded to the measure's published decimal places
--                   (the data dictionary's dps as it stood in that vintage; vintages published without a dictionary
--                   use the nearest one), or (c) the value needing fewer decimals (its shortest spelling:
--                   "19.399999999999999" needs one) is the other rounded to them: they differ by at most half a unit
--                   of its last decimal place ("4.2988099999999996" -> "4.3"; "30.7" -> "30.65")
--   unit_change     both are numbers, neither zero, and one is the other times 1,000 or 1,000,000 (either way)
--                   within the precision both are spelt to ("26756.690999999999" thousands of pounds ->
--                   "26756691" pounds)
--   revised         anything else: a different number, a real revision ("33.1" -> "32.9")
-- Only 'revised' is a revision of the figure; re_rounded, unit_change and label_change change the text, not the
-- figure. A label change with a revised value is 'revised' (is_label_changed says the label changed too).
--
-- Incremental: a run over a warehouse that already holds this table compares only the vintages after the last one
-- it holds (each with the vintage before it); the pre-hook forgets everything when the manifest no longer starts
-- with the vintages held (macros/lait/lait_vintages.sql), and the run then compares every vintage again.
with

manifest as (
    select
        vintage_seq,
        vintage_id
    from {{ ref('stg_lait_vintages__manifest') }}
),

bounds as (
    select
        min(vintage_seq) as first_vintage_seq,
        max(vintage_seq) as last_vintage_seq,
        {% if is_incremental() -%}
            (select coalesce(max(vintage_seq), 0) from {{ this }})
        {%- else -%}
            0
        {%- endif %} as last_processed_vintage_seq
    from manifest
),

to_process as (
    select
        manifest.vintage_seq,
        manifest.vintage_id
    from manifest
    cross join bounds
    where manifest.vintage_seq > bounds.last_processed_vintage_seq
),

-- the vintages read: those to compare and the one before the first of them
-- (period_label_base is a function of period_label: it is read from the states, not from 20 million rows)
rows_ as (
    select
        values_.vintage_seq,
        values_.measure_code,
        values_.la_number,
        values_.period_label,
        values_.value_text
    from {{ ref('stg_lait_vintages__bds_values') }} as values_
    cross join bounds
    where
        values_.vintage_seq >= bounds.last_processed_vintage_seq
        and values_.measure_code is not null
        and values_.la_number is not null
        and values_.period_label is not null
),

-- one row per figure state (label and value text) with the set of vintages it was published in, as bits (four
-- words: up to 248 vintages, which the landing enforces): one streaming pass over the
-- extracts, no join of 20 million rows with themselves (a repeated row sets the same bit)
aggregated as (
    select
        measure_code,
        la_number,
        period_label,
        value_text,
        min(vintage_seq) as first_seq,
        max(vintage_seq) as last_seq,
        bit_or({{ lait_vintage_bit('vintage_seq', 0) }}) as seq_mask_0,
        bit_or({{ lait_vintage_bit('vintage_seq', 1) }}) as seq_mask_1,
        bit_or({{ lait_vintage_bit('vintage_seq', 2) }}) as seq_mask_2,
        bit_or({{ lait_vintage_bit('vintage_seq', 3) }}) as seq_mask_3
    from rows_
    group by
        measure_code,
        la_number,
        period_label,
        value_text
),

states as (
    select
        measure_code,
        la_number,
        {{ lait_period_label_base('period_label') }} as period_label_base,
        period_label,
        value_text,
        first_seq,
        last_seq,
        seq_mask_0,
        seq_mask_1,
        seq_mask_2,
        seq_mask_3
    from aggregated
),

-- a state published in an unbroken run of vintages is one run; the few that were not (withdrawn and back, or
-- a value that came back after another) are split into runs by their vintages
counted as (
    select
        *,
        bit_count(seq_mask_0)
        + bit_count(seq_mask_1)
        + bit_count(seq_mask_2)
        + bit_count(seq_mask_3) as count_vintages
    from states
),

gapped_vintages as (
    select
        counted.measure_code,
        counted.la_number,
        counted.period_label_base,
        counted.period_label,
        counted.value_text,
        manifest.vintage_seq
    from counted
    inner join manifest
        on manifest.vintage_seq between counted.first_seq and counted.last_seq
    where
        counted.count_vintages < counted.last_seq - counted.first_seq + 1
        and (
            {{ lait_vintage_bit_is_set('counted.seq_mask_0', 'manifest.vintage_seq', 0) }}
            or {{ lait_vintage_bit_is_set('counted.seq_mask_1', 'manifest.vintage_seq', 1) }}
            or {{ lait_vintage_bit_is_set('counted.seq_mask_2', 'manifest.vintage_seq', 2) }}
            or {{ lait_vintage_bit_is_set('counted.seq_mask_3', 'manifest.vintage_seq', 3) }}
        )
),

islands as (
    select
        *,
        vintage_seq - row_number() over (
            partition by measure_code, la_number, period_label_base, period_label, value_text
            order by vintage_seq
        ) as island
    from gapped_vintages
),

runs as (
    select
        measure_code,
        la_number,
        period_label_base,
        period_label,
        value_text,
        first_seq,
        last_seq
    from counted
    where count_vintages = last_seq - first_seq + 1
    union all
    select
        measure_code,
        la_number,
        period_label_base,
        period_label,
        value_text,
        min(vintage_seq) as first_seq,
        max(vintage_seq) as last_seq
    from islands
    group by
        measure_code,
        la_number,
        period_label_base,
        period_label,
        value_text,
        island
),

ordered_runs as (
    select
        *,
        lag(last_seq) over figure as previous_last_seq,
        lag(period_label) over figure as previous_period_label,
        lag(value_text) over figure as previous_value_text,
        lead(first_seq) over figure as next_first_seq
    from runs
    window figure as (partition by measure_code, la_number, period_label_base order by first_seq)
),

-- a change at the start of every run (from the run before when it ended the vintage before, else from
-- nothing), and a withdrawal after every run the next vintage does not continue
paired as (
    select
        ordered_runs.first_seq as vintage_seq,
        ordered_runs.measure_code,
        ordered_runs.la_number,
        ordered_runs.period_label_base,
        coalesce(ordered_runs.previous_last_seq = ordered_runs.first_seq - 1, false) as was_present,
        true as is_present,
        case
            when ordered_runs.previous_last_seq = ordered_runs.first_seq - 1 then ordered_runs.previous_period_label
        end as previous_period_label,
        ordered_runs.period_label,
        case
            when ordered_runs.previous_last_seq = ordered_runs.first_seq - 1 then ordered_runs.previous_value_text
        end as previous_value_text,
        ordered_runs.value_text
    from ordered_runs
    union all
    select
        ordered_runs.last_seq + 1 as vintage_seq,
        ordered_runs.measure_code,
        ordered_runs.la_number,
        ordered_runs.period_label_base,
        true as was_present,
        false as is_present,
        ordered_runs.period_label as previous_period_label,
        cast(null as {{ dbt.type_string() }}) as period_label,
        ordered_runs.value_text as previous_value_text,
        cast(null as {{ dbt.type_string() }}) as value_text
    from ordered_runs
    cross join bounds
    where
        ordered_runs.last_seq < bounds.last_vintage_seq
        and (ordered_runs.next_first_seq is null or ordered_runs.next_first_seq > ordered_runs.last_seq + 1)
),

parsed as (
    select
        paired.vintage_seq,
        paired.measure_code,
        paired.la_number,
        paired.period_label_base,
        paired.was_present,
        paired.is_present,
        paired.previous_period_label,
        paired.period_label,
        {{ lait_period_suffix('paired.previous_period_label') }} as previous_period_suffix,
        {{ lait_period_suffix('paired.period_label') }} as period_suffix,
        paired.previous_value_text,
        paired.value_text,
        {{ lait_value_number('paired.previous_value_text') }} as previous_value,
        {{ lait_value_number('paired.value_text') }} as value,
        measures.decimal_places
    from paired
    left join {{ ref('int_lait_vintage_measures') }} as measures
        on paired.vintage_seq = measures.vintage_seq
        and paired.measure_code = measures.measure_code
),

needed as (
    select
        *,
        {{ lait_decimal_places('previous_value') }} as previous_needed_decimal_places,
        {{ lait_decimal_places('value') }} as needed_decimal_places
    from parsed
),

compared as (
    select
        *,
        coalesce(previous_period_label <> period_label, false) as is_label_changed,
        coalesce(previous_value_text <> value_text, false) as is_value_text_changed,
        {{ lait_is_same_value('value', 'previous_value', 'decimal_places', 'needed_decimal_places',
            'previous_needed_decimal_places') }} as is_same_value,
        {{ lait_unit_factor('value', 'previous_value', 'needed_decimal_places', 'previous_needed_decimal_places') }}
            as unit_factor
    from needed
),

classified as (
    select
        compared.*,
        case
            when compared.vintage_seq = bounds.first_vintage_seq then 'first_vintage'
            when compared.previous_value is null and compared.value is not null then 'new_figure'
            when compared.previous_value is not null and compared.value is null then 'withdrawn'
            when compared.previous_value is null and compared.value is null
                then
                    case
                        when compared.was_present and compared.is_present and not compared.is_value_text_changed
                            then 'label_change'
                        else 'marker_change'
                    end
            when compared.is_same_value
                then case when compared.is_label_changed then 'label_change' else 're_rounded' end
            when compared.unit_factor is not null then 'unit_change'
            else 'revised'
        end as change_class
    from compared
    cross join bounds
),

final as (
    select
        classified.vintage_seq,
        to_process.vintage_id,
        classified.measure_code,
        classified.la_number,
        classified.period_label_base,
        classified.change_class,
        classified.change_class = 'revised' as is_revision,
        classified.was_present,
        classified.is_present,
        classified.previous_period_label,
        classified.period_label,
        classified.is_label_changed,
        case
            when classified.is_label_changed then
                {{ lait_period_status('classified.previous_period_suffix') }}
                || '_to_'
                || {{ lait_period_status('classified.period_suffix') }}
        end as label_change_kind,
        classified.previous_value_text,
        classified.value_text,
        classified.is_value_text_changed,
        classified.previous_value,
        classified.value,
        case
            when classified.was_present
                then {{ lait_missing_reason('classified.previous_value_text', 'classified.previous_value') }}
        end as previous_missing_reason,
        case
            when classified.is_present
                then {{ lait_missing_reason('classified.value_text', 'classified.value') }}
        end as missing_reason,
        classified.value - classified.previous_value as change_in_value,
        case
            when classified.previous_value <> 0
                then 100 * (classified.value - classified.previous_value) / abs(classified.previous_value)
        end as change_pct,
        case when classified.change_class = 'unit_change' then classified.unit_factor end as unit_factor,
        classified.decimal_places,
        classified.previous_needed_decimal_places,
        classified.needed_decimal_places
    from classified
    inner join to_process
        on classified.vintage_seq = to_process.vintage_seq
)

select * from final
