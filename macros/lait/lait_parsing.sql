{#-
  How a LAIT extract's cells are read: one macro per rule, shared by the current extract's models
  (stg_lait__bds_values, int_lait_periods_parsed) and the published versions' (models/*/lait_vintages/).
-#}

{#- The period label without its bracketed suffix: '2024 (prov)' -> '2024', '2016-17 (OT)' -> '2016-17'. -#}
{% macro lait_period_label_base(label) -%}
    trim({{ regex_replace_all(label, "'[(][^)]*[)] *$'", "''") }})
{%- endmacro %}

{#- The period label's bracketed suffix, lower case ('prov', 'rev', 'revised', 'ot', 'final'), or null. -#}
{% macro lait_period_suffix(label) -%}
    nullif(lower(trim(regexp_extract({{ label }}, '[(]([^)]*)[)] *$', 1))), '')
{%- endmacro %}

{#- A value cell as a number (thousands separators dropped), null when it is not one. -#}
{% macro lait_value_number(value_text) -%}
    {{ lait_to_double("replace(" ~ value_text ~ ", ',', '')") }}
{%- endmacro %}

{#- Why a cell has no number: null when it has one, else the marker's meaning. -#}
{% macro lait_missing_reason(value_text, value) -%}
    case
        when {{ value }} is not null then null
        when {{ value_text }} is null or {{ value_text }} = '' then 'not_published'
        when {{ value_text }} = '-' then 'dash_in_source'
        when lower({{ value_text }}) in ('x', 'c', 'supp', 'suppressed', '*') then 'suppressed'
        when lower({{ value_text }}) in (':', '..', '.', 'na', 'n/a', 'not available') then 'not_available'
        when lower({{ value_text }}) = 'z' then 'not_applicable'
        when {{ value_text }} in ('~', '<0.5', '0~') then 'rounds_to_zero'
        when lower({{ value_text }}) in ('u', 'low') then 'low_reliability'
        else 'unparseable'
    end
{%- endmacro %}

{#- The label parse_period reads, by the measure's LAIT year type: the "Annual" snapshot types stand for a
    day or month ('2019' -> '31 March 2019', '30 September 2019', 'January 2019'); others as they are. -#}
{% macro lait_period_label_to_parse(label_base, lait_year_type) -%}
    case
        when not {{ regex_matches(label_base, "'^[0-9]{4}$'") }} then {{ label_base }}
        when {{ lait_year_type }} = 'Annual' then '31 March ' || {{ label_base }}
        when {{ lait_year_type }} = 'Annual (end of Sept)' then '30 September ' || {{ label_base }}
        when {{ lait_year_type }} = 'Annual - January' then 'January ' || {{ label_base }}
        else {{ label_base }}
    end
{%- endmacro %}

{#- The four flags a period suffix sets, as columns: is_labelled_revised, is_labelled_provisional,
    is_labelled_outturn, is_labelled_final. -#}
{% macro lait_period_suffix_flags(suffix) -%}
    coalesce({{ suffix }} in ('rev', 'revised', 'r'), false) as is_labelled_revised,
    coalesce({{ suffix }} in ('prov', 'provisional', 'p'), false) as is_labelled_provisional,
    coalesce({{ suffix }} in ('ot', 'outturn'), false) as is_labelled_outturn,
    coalesce({{ suffix }} = 'final', false) as is_labelled_final
{%- endmacro %}

{#- How many decimal places a number needs: the decimals of its shortest spelling, trailing zeros dropped, so
    what the extract spelt "4.2988099999999996" needs 5 (4.29881), "19.399999999999999" 1 (19.4), "26756691" 0;
    the exponent of a scientific spelling shifts the point ("1.171E-2": 5). Null for null. -#}
{% macro lait_decimal_places(number) -%}
    {%- set spelt = "cast(" ~ number ~ " as " ~ dbt.type_string() ~ ")" -%}
    case
        when {{ number }} is not null then
            greatest(
                length(regexp_extract({{ spelt }}, '[.]([0-9]*[1-9])', 1))
                - coalesce(try_cast(nullif(regexp_extract({{ spelt }}, '[eE]([-+]?[0-9]+)$', 1), '') as integer), 0),
                0
            )
    end
{%- endmacro %}

{#- What a period suffix says about the figures: provisional, revised, final, outturn, or plain (no suffix:
    DfE drops "(prov)" when the figures become final). -#}
{% macro lait_period_status(suffix) -%}
    case
        when {{ suffix }} is null then 'plain'
        when {{ suffix }} in ('prov', 'provisional', 'p') then 'provisional'
        when {{ suffix }} in ('rev', 'revised', 'r') then 'revised'
        when {{ suffix }} = 'final' then 'final'
        when {{ suffix }} in ('ot', 'outturn') then 'outturn'
        else {{ suffix }}
    end
{%- endmacro %}

{#- What a DfE LA number stands for: england (var england_la_number), region (980-999), other (other
    numbers from England's up), local_authority (below England's number). -#}
{% macro lait_area_type(la_number) -%}
    case
        when {{ la_number }} = {{ var('england_la_number') }} then 'england'
        when {{ la_number }} between 980 and 999 then 'region'
        -- DfE numbers from England's up are not authorities
        when {{ la_number }} >= {{ var('england_la_number') }} then 'other'
        else 'local_authority'
    end
{%- endmacro %}
