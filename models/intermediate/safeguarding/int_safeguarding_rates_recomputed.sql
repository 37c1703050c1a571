{#-
  Every rate or change the report prints whose inputs the report also prints, recomputed from those inputs.
  kind:
    ratio_pct        100 * a / b
    pct_change       100 * (a - b) / b
    difference       a - b
    ratio_pct_diff   100 * a / b - 100 * c / d     (a fall in percentage points)
  decimals: the decimal places the pack prints the figure to; agreement means round(recomputed, decimals) = printed.
-#}
{%- set checks = [
    ('adults_conversion_rate_2020_21', 'adu_sg_conversion_rate_2020_21', 'ratio_pct', ['adu_sg_s42_started_2020_21', 'adu_sg_concerns_2020_21'], 0),
    ('adults_conversion_rate_2019_20', 'adu_sg_conversion_rate_2019_20', 'ratio_pct', ['adu_sg_s42_started_2019_20', 'adu_sg_concerns_2019_20'], 0),
    ('adults_conversion_rate_fall_pp', 'adu_sg_conversion_rate_change_pp', 'ratio_pct_diff', ['adu_sg_s42_started_2019_20', 'adu_sg_concerns_2019_20', 'adu_sg_s42_started_2020_21', 'adu_sg_concerns_2020_21'], 1),
    ('adults_concerns_pct_change_since_2018_19', 'adu_sg_concerns_pct_change_since_2018_19', 'pct_change', ['adu_sg_concerns_2020_21', 'adu_sg_concerns_2018_19'], 1),
    ('adults_q1_contacts_pct_change', 'adu_q1_contacts_pct_change', 'pct_change', ['adu_q1_contacts_2021', 'adu_q1_contacts_2020'], 1),
    ('adults_q1_concerns_pct_change', 'adu_q1_concerns_pct_change', 'pct_change', ['adu_q1_concerns_2021', 'adu_q1_concerns_2020'], 1),
    ('adults_q1_s42_pct_change', 'adu_q1_s42_pct_change', 'pct_change', ['adu_q1_s42_2021', 'adu_q1_s42_2020'], 1),
    ('adults_dols_applications_pct_change', 'adu_dols_pct_change', 'pct_change', ['adu_dols_referrals_2020_21', 'adu_dols_referrals_2019_20'], 1),
    ('adults_individuals_concerns_rate_increase', 'adu_sg_individuals_concerns_rate_change', 'difference', ['adu_sg_individuals_concerns_rate_2020_21', 'adu_sg_individuals_concerns_rate_2019_20'], 1),
    ('adults_s42_concluded_rate_decrease', 'adu_sg_s42_concluded_rate_change', 'difference', ['adu_sg_s42_concluded_rate_2019_20', 'adu_sg_s42_concluded_rate_2020_21'], 1),
    ('children_contacts_decrease', 'chi_contacts_change_2020_21', 'difference', ['chi_contacts_2019_20', 'chi_contacts_2020_21'], 0),
    ('children_referrals_decrease', 'chi_referrals_change_2020_21', 'difference', ['chi_referrals_2019_20', 'chi_referrals_2020_21'], 0),
    ('children_assessments_decrease', 'chi_assessments_change_2020_21', 'difference', ['chi_assessments_2019_20', 'chi_assessments_2020_21'], 0),
    ('children_s47_decrease', 'chi_s47_investigations_change_2020_21', 'difference', ['chi_s47_investigations_2019_20', 'chi_s47_investigations_2020_21'], 0)
] -%}
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
),

{%- set needed = [] %}
{%- for c in checks %}{% for f in c[3] + [c[1]] %}{% if f not in needed %}{% do needed.append(f) %}{% endif %}{% endfor %}{% endfor %}

inputs as (
    select
        {%- for f in needed %}
        max(case when figure_id = '{{ f }}' then value end) as {{ f }}{{ "," if not loop.last }}
        {%- endfor %}
    from figures
),

checks as (
    {%- for c in checks %}
    {%- set a = c[3] %}
    select
        '{{ c[0] }}' as check_id,
        '{{ c[1] }}' as printed_figure_id,
        '{{ c[2] }}' as recompute_kind,
        '{{ a | join(", ") }}' as input_figure_ids,
        {{ c[4] }} as decimals_printed,
        {%- if c[2] == 'ratio_pct' %}
        100.0 * {{ a[0] }} / {{ a[1] }}
        {%- elif c[2] == 'pct_change' %}
        100.0 * ({{ a[0] }} - {{ a[1] }}) / {{ a[1] }}
        {%- elif c[2] == 'difference' %}
        1.0 * {{ a[0] }} - {{ a[1] }}
        {%- elif c[2] == 'ratio_pct_diff' %}
        100.0 * {{ a[0] }} / {{ a[1] }} - 100.0 * {{ a[2] }} / {{ a[3] }}
        {%- endif %} as recomputed_value
    from inputs
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

final as (
    select
        checks.check_id,
        checks.printed_figure_id,
        printed.measure,
        printed.unit,
        printed.period_label,
        printed.value as printed_value,
        checks.recompute_kind,
        checks.input_figure_ids,
        checks.decimals_printed,
        cast(checks.recomputed_value as decimal(18, 4)) as recomputed_value,
        round(checks.recomputed_value, checks.decimals_printed) = printed.value as is_match_at_printed_rounding,
        printed.source_document_id,
        printed.source_section,
        printed.source_table,
        printed.source_line
    from checks
    inner join figures as printed
        on checks.printed_figure_id = printed.figure_id
)

select * from final
