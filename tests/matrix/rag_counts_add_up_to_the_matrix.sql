-- The RAG tallies a page shows are whole: for every neighbour group and focus authority, the counts of
-- fct_lait_matrix_rag_counts add up to the number of the matrix's measures in the pack's topics, and that number is
-- the rows of fct_lait_matrix; the pack's scorecard tally adds up to its indicators likewise.
with

matrix as (
    select
        neighbour_group_id,
        focus_la_number,
        count(*) as count_rows
    from {{ ref('fct_lait_matrix') }}
    where is_in_pack_matrix
    group by
        neighbour_group_id,
        focus_la_number
),

tallies as (
    select
        neighbour_group_id,
        focus_la_number,
        sum(count_measures) as count_tallied,
        min(count_measures_in_pack_topics) as count_whole_min,
        max(count_measures_in_pack_topics) as count_whole_max
    from {{ ref('fct_lait_matrix_rag_counts') }}
    group by
        neighbour_group_id,
        focus_la_number
),

scorecard as (
    select
        'pack scorecard' as neighbour_group_id,
        cast(null as integer) as focus_la_number,
        (select count(*) from {{ ref('fct_indicator_scorecard') }}) as count_rows,
        sum(count_indicators) as count_tallied,
        min(count_indicators_in_scorecard) as count_whole_min,
        max(count_indicators_in_scorecard) as count_whole_max
    from {{ ref('fct_scorecard_rag_counts') }}
),

compared as (
    select
        matrix.neighbour_group_id,
        matrix.focus_la_number,
        matrix.count_rows,
        tallies.count_tallied,
        tallies.count_whole_min,
        tallies.count_whole_max
    from matrix
    full outer join tallies
        on
        matrix.neighbour_group_id = tallies.neighbour_group_id
        and matrix.focus_la_number = tallies.focus_la_number
    union all
    select * from scorecard
)

select * from compared
where
    count_rows is null
    or count_tallied is distinct from count_rows
    or count_whole_min is distinct from count_rows
    or count_whole_max is distinct from count_rows
