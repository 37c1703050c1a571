-- One row per statistic of the pack's data matrix (value, rank, quartile band, England's value, the
-- neighbours' average, the improvement ranks and bands): how many figures the pack prints, how many the
-- matrix generated from DfE's extract reproduces, and why the rest differ (fct_lait_matrix_pack_reconciliation).
with

reconciliation as (
    select * from {{ ref('fct_lait_matrix_pack_reconciliation') }}
),

counted as (
    select
        statistic,
        count(*) as count_printed,
        sum(case when match_quality <> 'none' then 1 else 0 end) as count_printed_with_dfe_measure,
        sum(case when difference_category = 'agrees' then 1 else 0 end) as count_agrees,
        sum(case when difference_category = 'dfe_revised' then 1 else 0 end) as count_dfe_revised,
        sum(case when difference_category = 'different_count_ranked' then 1 else 0 end) as count_different_count_ranked,
        sum(case when difference_category = 'method' then 1 else 0 end) as count_method,
        sum(case when difference_category = 'not_in_dfe_data' then 1 else 0 end) as count_not_in_dfe_data
    from reconciliation
    group by statistic
),

final as (
    select
        statistic,
        case statistic
            when 'value' then 1
            when 'rank' then 2
            when 'quartile_band' then 3
            when 'england_value' then 4
            when 'neighbours_average' then 5
            when 'improvement_rank_3yr' then 6
            when 'improvement_band_3yr' then 7
            when 'improvement_rank_yoy' then 8
            when 'improvement_band_yoy' then 9
        end as statistic_order,
        cast(count_printed as integer) as count_printed,
        cast(count_printed_with_dfe_measure as integer) as count_printed_with_dfe_measure,
        cast(count_agrees as integer) as count_agrees,
        round(cast(100 as double) * count_agrees / count_printed, 1) as pct_agrees,
        round(
            cast(100 as double) * count_agrees / nullif(count_printed_with_dfe_measure, 0), 1
        ) as pct_agrees_with_dfe_measure,
        cast(count_dfe_revised as integer) as count_dfe_revised,
        cast(count_different_count_ranked as integer) as count_different_count_ranked,
        cast(count_method as integer) as count_method,
        cast(count_not_in_dfe_data as integer) as count_not_in_dfe_data
    from counted
)

select * from final
