-- Every rate or change the annual report prints whose inputs the report also prints, recomputed from those inputs.
-- recompute_kind:
--   ratio_pct       100 * a / b
--   pct_change      100 * (a - b) / b
--   difference      a - b
--   ratio_pct_diff  100 * a / b - 100 * c / d   (a fall in percentage points)
-- decimals_printed: the decimal places the pack prints the figure to; agreement means
-- round(recomputed, decimals_printed) = printed.
with figures as (
    select * from {{ ref('int_safeguarding_figures_periodised') }}
),

defined as (
    select
        checks.check_id,
        checks.printed_figure_id,
        checks.recompute_kind,
        checks.input_a,
        checks.input_b,
        checks.input_c,
        checks.input_d,
        checks.decimals_printed
    from (
        values
        (
            'adults_conversion_rate_2020_21', 'adu_sg_conversion_rate_2020_21', 'ratio_pct',
            'adu_sg_s42_started_2020_21', 'adu_sg_concerns_2020_21', null, null, 0
        ),
        (
            'adults_conversion_rate_2019_20', 'adu_sg_conversion_rate_2019_20', 'ratio_pct',
            'adu_sg_s42_started_2019_20', 'adu_sg_concerns_2019_20', null, null, 0
        ),
        (
            'adults_conversion_rate_fall_pp', 'adu_sg_conversion_rate_change_pp', 'ratio_pct_diff',
            'adu_sg_s42_started_2019_20', 'adu_sg_concerns_2019_20',
            'adu_sg_s42_started_2020_21', 'adu_sg_concerns_2020_21', 1
        ),
        (
            'adults_concerns_pct_change_since_2018_19', 'adu_sg_concerns_pct_change_since_2018_19', 'pct_change',
            'adu_sg_concerns_2020_21', 'adu_sg_concerns_2018_19', null, null, 1
        ),
        (
            'adults_q1_contacts_pct_change', 'adu_q1_contacts_pct_change', 'pct_change',
            'adu_q1_contacts_2021', 'adu_q1_contacts_2020', null, null, 1
        ),
        (
            'adults_q1_concerns_pct_change', 'adu_q1_concerns_pct_change', 'pct_change',
            'adu_q1_concerns_2021', 'adu_q1_concerns_2020', null, null, 1
        ),
        (
            'adults_q1_s42_pct_change', 'adu_q1_s42_pct_change', 'pct_change',
            'adu_q1_s42_2021', 'adu_q1_s42_2020', null, null, 1
        ),
        (
            'adults_dols_applications_pct_change', 'adu_dols_pct_change', 'pct_change',
            'adu_dols_referrals_2020_21', 'adu_dols_referrals_2019_20', null, null, 1
        ),
        (
            'adults_individuals_concerns_rate_increase', 'adu_sg_individuals_concerns_rate_change', 'difference',
            'adu_sg_individuals_concerns_rate_2020_21', 'adu_sg_individuals_concerns_rate_2019_20', null, null, 1
        ),
        (
            'adults_s42_concluded_rate_decrease', 'adu_sg_s42_concluded_rate_change', 'difference',
            'adu_sg_s42_concluded_rate_2019_20', 'adu_sg_s42_concluded_rate_2020_21', null, null, 1
        ),
        (
            'children_contacts_decrease', 'chi_contacts_change_2020_21', 'difference',
            'chi_contacts_2019_20', 'chi_contacts_2020_21', null, null, 0
        ),
        (
            'children_referrals_decrease', 'chi_referrals_change_2020_21', 'difference',
            'chi_referrals_2019_20', 'chi_referrals_2020_21', null, null, 0
        ),
        (
            'children_assessments_decrease', 'chi_assessments_change_2020_21', 'difference',
            'chi_assessments_2019_20', 'chi_assessments_2020_21', null, null, 0
        ),
        (
            'children_s47_decrease', 'chi_s47_investigations_change_2020_21', 'difference',
            'chi_s47_investigations_2019_20', 'chi_s47_investigations_2020_21', null, null, 0
        )
    ) as checks (
        check_id,
        printed_figure_id,
        recompute_kind,
        input_a,
        input_b,
        input_c,
        input_d,
        decimals_printed
    )
),

recomputed as (
    select
        defined.check_id,
        defined.printed_figure_id,
        defined.recompute_kind,
        concat_ws(', ', defined.input_a, defined.input_b, defined.input_c, defined.input_d) as input_figure_ids,
        defined.decimals_printed,
        case defined.recompute_kind
            when 'ratio_pct' then 100.0 * a.value / b.value
            when 'pct_change' then 100.0 * (a.value - b.value) / b.value
            when 'difference' then 1.0 * a.value - b.value
            when 'ratio_pct_diff' then 100.0 * a.value / b.value - 100.0 * c.value / d.value
        end as recomputed_value
    from defined
    left join figures as a on defined.input_a = a.figure_id
    left join figures as b on defined.input_b = b.figure_id
    left join figures as c on defined.input_c = c.figure_id
    left join figures as d on defined.input_d = d.figure_id
),

final as (
    select
        recomputed.check_id,
        recomputed.printed_figure_id,
        printed.measure,
        printed.unit,
        printed.period_label,
        printed.value as printed_value,
        recomputed.recompute_kind,
        recomputed.input_figure_ids,
        cast(recomputed.decimals_printed as integer) as decimals_printed,
        cast(recomputed.recomputed_value as decimal(18, 4)) as recomputed_value,
        {{ round_to_places('recomputed.recomputed_value', 'recomputed.decimals_printed') }} = printed.value
            as is_match_at_printed_rounding,
        printed.source_document_id,
        printed.source_section,
        printed.source_table,
        printed.source_line
    from recomputed
    inner join figures as printed
        on recomputed.printed_figure_id = printed.figure_id
)

select * from final
