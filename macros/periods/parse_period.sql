{#-
  parse_period(label_column, year_type_column)

  The one owner of period logic. Expands to three columns:
    period_kind        calendar_year | academic_year | financial_year | multi_year | quarter | month
                       | as_at_date | twelve_months_ending ; null when the label is not understood
    period_start_date  first day the period covers
    period_end_date    last day the period covers

  year_type (case-insensitive) says how a year label is meant. A year type names where its year ends:
    calendar               31 December
    academic               31 August (years run September-August)
    financial              31 March (years run April-March)
    as_at_31_march         a count or rate taken on 31 March (children in need, on plans, looked after)
    as_at_30_september     a count or rate taken on 30 September (children's social care workforce census)
    year_to_30_september   a flow over the twelve months to 30 September (workforce turnover, absence)
    january_census         a count taken in January (the school census)
  Labels:
    '2020/21', '2020-21', '2020/2021'   one academic (Sep-Aug) or financial (Apr-Mar) year (as_at_31_march:
                                       the financial year); with any other type the two calendar years
                                       2020-2021 (a multi_year window)
    '2019'                             the calendar year; for academic/financial, the year ENDING in 2019
                                       (DfE's convention: KS2 2019 is 2018/19); for the snapshot types the
                                       day (31 March 2019, 30 September 2019) or month (January 2019); for
                                       year_to_30_september the twelve months October 2018-September 2019
    '2016-18', '2015-17' (dash only)   the years ending 2016 to 2018 (multi_year): calendar years 2016-2018,
                                       or for academic September 2015-August 2018, for financial and
                                       as_at_31_march April 2015-March 2018, for the September types
                                       October 2015-September 2018
    '2016/17-18/19'                    academic or financial years 2016/17 to 2018/19 (multi_year)
    'Q1 2020/21', 'Q1 2020'            a quarter: of the financial year for financial (Q1 = Apr-Jun), else
                                       of the calendar year
    'April 2020', 'Apr 2020'           a month
    'as at 31 March 2020', '31 March 2020', '2020 (31 March)'   one day
    '12 months ending December 2019'   the twelve months up to the end of that month
-#}
{% macro parse_period(label_column, year_type_column) -%}
{%- set l = "lower(trim(cast(" ~ label_column ~ " as " ~ dbt.type_string() ~ ")))" -%}
{%- set yt = "lower(trim(cast(" ~ year_type_column ~ " as " ~ dbt.type_string() ~ ")))" -%}
{%- set months = "(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?"
    ~ "|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?)" -%}
{%- set p_year = "^[0-9]{4}$" -%}
{%- set p_pair = "^[0-9]{4} *[/-] *[0-9]{2}([0-9]{2})?$" -%}
{%- set p_dash_pair = "^[0-9]{4} *- *[0-9]{2}([0-9]{2})?$" -%}
{%- set p_span = "^[0-9]{4}/[0-9]{2} *- *[0-9]{2}/[0-9]{2}$" -%}
{%- set p_quarter = "^q[1-4] +[0-9]{4}( *[/-] *[0-9]{2}([0-9]{2})?)?$" -%}
{%- set p_month = "^" ~ months ~ " +[0-9]{4}$" -%}
{%- set p_day = "^(as at +)?[0-9]{1,2} +" ~ months ~ " +[0-9]{4}$" -%}
{%- set p_day_suffix = "^[0-9]{4} *[(] *[0-9]{1,2} +" ~ months ~ " *[)]$" -%}
{%- set p_12m = "^12 months ending +" ~ months ~ " +[0-9]{4}$" -%}
{%- set y1 = "try_cast(regexp_extract(" ~ l ~ ", '([0-9]{4})', 1) as integer)" -%}
{#- second year of a pair: two or four digits after the separator -#}
{%- set y2_raw = "regexp_extract(" ~ l ~ ", '^[0-9]{4} *[/-] *([0-9]{2,4})$', 1)" -%}
{%- set y2 = "(case when length(" ~ y2_raw ~ ") = 4 then try_cast(" ~ y2_raw ~ " as integer) else "
    ~ y1 ~ " - mod(" ~ y1 ~ ", 100) + try_cast(" ~ y2_raw ~ " as integer)"
    ~ " + (case when try_cast(" ~ y2_raw ~ " as integer) < mod(" ~ y1 ~ ", 100) then 100 else 0 end) end)" -%}
{#- start year of the last academic/financial year in '2016/17-18/19' -#}
{%- set y_span_last = "(" ~ y1 ~ " - mod(" ~ y1 ~ ", 100)"
    ~ " + try_cast(regexp_extract(" ~ l ~ ", '- *([0-9]{2})/', 1) as integer))" -%}
{%- set quarter = "try_cast(regexp_extract(" ~ l ~ ", '^q([1-4])', 1) as integer)" -%}
{%- set month_token = "substr(regexp_extract(" ~ l ~ ", '" ~ months ~ "', 1), 1, 3)" -%}
{%- set month_no -%}
(case {{ month_token }}
    {%- for m in ['jan','feb','mar','apr','may','jun','jul','aug','sep','oct','nov','dec'] %}
    when '{{ m }}' then {{ loop.index }}
    {%- endfor %}
end)
{%- endset -%}
{%- set day_no = "try_cast(regexp_extract(" ~ l ~ ", '([0-9]{1,2}) +" ~ months ~ "', 1) as integer)" -%}
{%- set q_start_month = "(case when " ~ yt ~ " = 'financial' then mod(" ~ quarter ~ " * 3, 12) + 1 else "
    ~ quarter ~ " * 3 - 2 end)" -%}
{%- set q_start_year = "(case when " ~ yt ~ " = 'financial' and " ~ quarter ~ " = 4 then " ~ y1 ~ " + 1 else "
    ~ y1 ~ " end)" -%}
{%- set kind -%}
(case
    when {{ regex_matches(l, "'" ~ p_year ~ "'") }} then
        case {{ yt }}
            when 'academic' then 'academic_year'
            when 'financial' then 'financial_year'
            when 'as_at_31_march' then 'as_at_date'
            when 'as_at_30_september' then 'as_at_date'
            when 'year_to_30_september' then 'twelve_months_ending'
            when 'january_census' then 'month'
            else 'calendar_year'
        end
    when {{ regex_matches(l, "'" ~ p_pair ~ "'") }} and {{ y2 }} = {{ y1 }} + 1 then
        case {{ yt }}
            when 'academic' then 'academic_year'
            when 'financial' then 'financial_year'
            when 'as_at_31_march' then 'financial_year'
            else 'multi_year'
        end
    when {{ regex_matches(l, "'" ~ p_dash_pair ~ "'") }} and {{ y2 }} > {{ y1 }} + 1 then 'multi_year'
    when {{ regex_matches(l, "'" ~ p_span ~ "'") }} and {{ yt }} in ('academic', 'financial') then 'multi_year'
    when {{ regex_matches(l, "'" ~ p_quarter ~ "'") }} then 'quarter'
    when {{ regex_matches(l, "'" ~ p_month ~ "'") }} then 'month'
    when {{ regex_matches(l, "'" ~ p_day ~ "'") }} or {{ regex_matches(l, "'" ~ p_day_suffix ~ "'") }} then 'as_at_date'
    when {{ regex_matches(l, "'" ~ p_12m ~ "'") }} then 'twelve_months_ending'
end)
{%- endset -%}
{#- the month a year starts in, by year type -#}
{%- set ys = "(case " ~ yt ~ " when 'academic' then 9 when 'financial' then 4 when 'as_at_31_march' then 4"
    ~ " when 'as_at_30_september' then 10 when 'year_to_30_september' then 10 else 1 end)" -%}
{#- a dash window of three or more years ('2016-18') under a year type that does not end on 31 December:
    the years ENDING y1 to y2 -#}
{%- set is_window_of_ending_years = "(" ~ regex_matches(l, "'" ~ p_dash_pair ~ "'")
    ~ " and " ~ y2 ~ " > " ~ y1 ~ " + 1 and " ~ ys ~ " <> 1)" -%}
{%- set is_single_year = regex_matches(l, "'" ~ p_year ~ "'") -%}
{#- an as-at period is one day: its first and last day -#}
{%- set as_at_day -%}
case
    when {{ is_single_year }} and {{ yt }} = 'as_at_31_march' then make_date({{ y1 }}, 3, 31)
    when {{ is_single_year }} and {{ yt }} = 'as_at_30_september' then make_date({{ y1 }}, 9, 30)
    else make_date({{ y1 }}, {{ month_no }}, {{ day_no }})
end
{%- endset -%}
{%- set start_date -%}
(case {{ kind }}
    when 'calendar_year' then make_date({{ y1 }}, 1, 1)
    when 'academic_year' then make_date(case when {{ regex_matches(l, "'" ~ p_year ~ "'") }} then {{ y1 }} - 1 else {{ y1 }} end, 9, 1)
    when 'financial_year' then make_date(case when {{ regex_matches(l, "'" ~ p_year ~ "'") }} then {{ y1 }} - 1 else {{ y1 }} end, 4, 1)
    when 'multi_year' then
        case
            when {{ regex_matches(l, "'" ~ p_span ~ "'") }} then make_date({{ y1 }}, {{ ys }}, 1)
            when {{ is_window_of_ending_years }} then make_date({{ y1 }} - 1, {{ ys }}, 1)
            else make_date({{ y1 }}, 1, 1)
        end
    when 'quarter' then make_date({{ q_start_year }}, {{ q_start_month }}, 1)
    when 'month' then make_date({{ y1 }}, case when {{ is_single_year }} then 1 else {{ month_no }} end, 1)
    when 'as_at_date' then {{ as_at_day }}
    when 'twelve_months_ending' then
        case
            when {{ is_single_year }} then make_date({{ y1 }} - 1, 10, 1)
            else cast({{ dbt.dateadd('month', -11, 'make_date(' ~ y1 ~ ', ' ~ month_no ~ ', 1)') }} as date)
        end
end)
{%- endset -%}
{%- set end_date -%}
(case {{ kind }}
    when 'calendar_year' then make_date({{ y1 }}, 12, 31)
    when 'academic_year' then make_date(case when {{ regex_matches(l, "'" ~ p_year ~ "'") }} then {{ y1 }} else {{ y1 }} + 1 end, 8, 31)
    when 'financial_year' then make_date(case when {{ regex_matches(l, "'" ~ p_year ~ "'") }} then {{ y1 }} else {{ y1 }} + 1 end, 3, 31)
    when 'multi_year' then
        case
            when {{ regex_matches(l, "'" ~ p_span ~ "'") }}
                then cast({{ dbt.dateadd('day', -1, 'make_date(' ~ y_span_last ~ ' + 1, ' ~ ys ~ ', 1)') }} as date)
            when {{ is_window_of_ending_years }}
                then cast({{ dbt.dateadd('day', -1, 'make_date(' ~ y2 ~ ', ' ~ ys ~ ', 1)') }} as date)
            else make_date({{ y2 }}, 12, 31)
        end
    when 'quarter' then last_day(cast({{ dbt.dateadd('month', 2, 'make_date(' ~ q_start_year ~ ', ' ~ q_start_month ~ ', 1)') }} as date))
    when 'month' then last_day(make_date({{ y1 }}, case when {{ is_single_year }} then 1 else {{ month_no }} end, 1))
    when 'as_at_date' then {{ as_at_day }}
    when 'twelve_months_ending' then
        case
            when {{ is_single_year }} then make_date({{ y1 }}, 9, 30)
            else last_day(make_date({{ y1 }}, {{ month_no }}, 1))
        end
end)
{%- endset -%}
{{ kind }} as period_kind,
    {{ start_date }} as period_start_date,
    {{ end_date }} as period_end_date
{%- endmacro %}
