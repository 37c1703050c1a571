-- One row per RAG status: how many of the pack's scorecard indicators (fct_indicator_scorecard) have it in their
-- latest period as printed, beside how many indicators the scorecard has (the tally's whole). Every status of the
-- vocabulary has a row, 0 where no indicator has it, so a page shows the whole tally without adding anything up.
with

scorecard as (
    select * from {{ ref('fct_indicator_scorecard') }}
),

statuses as (
    select code as rag_status
    from {{ ref('dim_vocabularies') }}
    where vocabulary = 'rag_status'
),

counted as (
    select
        rag_status,
        count(*) as count_indicators
    from scorecard
    group by rag_status
),

whole as (
    select count(*) as count_indicators_in_scorecard
    from scorecard
),

final as (
    select
        statuses.rag_status,
        cast(coalesce(counted.count_indicators, 0) as integer) as count_indicators,
        cast(whole.count_indicators_in_scorecard as integer) as count_indicators_in_scorecard
    from statuses
    cross join whole
    left join counted
        on statuses.rag_status = counted.rag_status
)

select * from final
