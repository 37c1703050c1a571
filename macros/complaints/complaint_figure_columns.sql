{#-
  complaint_figure_columns(): what every printed figure of the complaints report carries after what it is of
  (stream, measure and any breakdown): its period, value as printed, the figures it is a part or a share of, a
  known discrepancy, and where it is printed. The select list both fct_complaint_measures (whole streams) and
  fct_complaint_breakdowns (parts of them) end with, from int_complaint_figures_normalised.
-#}
{% macro complaint_figure_columns() -%}
    period_label,
    period_label_as_printed,
    year_type,
    period_kind,
    period_start_date,
    period_end_date,
    value,
    unit,
    value_printed_as,
    value_qualifier,
    value is null as is_missing,
    missing_reason,
    total_figure_id,
    denominator_figure_id,
    numerator_figure_id,
    has_known_discrepancy,
    known_discrepancy_id,
    source_document_id,
    source_section,
    source_table,
    source_line,
    restated_on_source_lines,
    note
{%- endmacro %}
