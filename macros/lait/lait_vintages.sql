{#-
  Incremental bookkeeping of the vintage models (models/*/lait_vintages/).

  An incremental vintage model keeps the vintages it has processed (vintage_seq, vintage_id) and, on an
  incremental run, processes only vintages after the last one. That is right only while the manifest grows at
  its end. This pre-hook checks it: when any processed (vintage_seq, vintage_id) is no longer in the manifest
  (a vintage removed, inserted in the middle, or renumbered), it deletes every row, and the run processes every
  vintage again, as a full refresh would. A change of the models' own logic is not detected here: build the
  vintage models with --full-refresh after changing them (dbt's `state:modified+ --full-refresh` does it).
-#}
{% macro lait_vintages_forget_rewritten_history(seq_column='vintage_seq', id_column='vintage_id') -%}
    {{ return(adapter.dispatch('lait_vintages_forget_rewritten_history', 'scrutiny')(seq_column, id_column)) }}
{%- endmacro %}

{% macro default__lait_vintages_forget_rewritten_history(seq_column, id_column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where exists (
            select 1
            from (select distinct {{ seq_column }}, {{ id_column }} from {{ this }}) as processed
            left join {{ ref('stg_lait_vintages__manifest') }} as manifest
                on processed.{{ seq_column }} = manifest.vintage_seq
                and processed.{{ id_column }} = manifest.vintage_id
            where manifest.vintage_id is null
        )
    {%- endif -%}
{%- endmacro %}

{#- Spark builds these models from scratch (tables without DELETE); an incremental run there would need a table
    format that can delete (Delta) and this spelled for it. -#}
{% macro spark__lait_vintages_forget_rewritten_history(seq_column, id_column) -%}
{%- endmacro %}

{#- Vintage positions as bits: vintage `seq` (1, 2, ...) is bit (seq - 1) mod 62 of word (seq - 1) div 62 (a
    bigint: 62 bits stay clear of the sign). lait_vintage_bit(seq, word): the bit as a bigint when seq falls in
    that word, else 0 (bit_or them for the set of vintages a row was published in).
    lait_vintage_bit_is_set(mask, seq, word): whether seq's bit is set in that word of mask. -#}
{% macro lait_vintage_bit(seq, word) -%}
    case
        when {{ seq }} between {{ word * 62 + 1 }} and {{ word * 62 + 62 }}
            then cast(power(2, {{ seq }} - {{ word * 62 + 1 }}) as bigint)
        else 0
    end
{%- endmacro %}

{% macro lait_vintage_bit_is_set(mask, seq, word) -%}
    ({{ seq }} between {{ word * 62 + 1 }} and {{ word * 62 + 62 }} and ({{ mask }} & {{ lait_vintage_bit(seq, word) }}) <> 0)
{%- endmacro %}

{#- A figure's revision path: every state it was published in, in vintage order, as "value (date)" joined by " → "
    (a state without a value as "(none)"). An aggregate: group by the figure. -#}
{% macro lait_revision_path(value_text, committed_on, vintage_seq) -%}
    {{ string_agg_ordered(
        "coalesce(" ~ value_text ~ ", '(none)') || ' (' || cast(" ~ committed_on ~ " as " ~ dbt.type_string() ~ ") || ')'",
        "' → '",
        vintage_seq
    ) }}
{%- endmacro %}
