-- One row per neighbour group, focus authority and RAG status: how many of the DfE measures in the pack's topics
-- (fct_lait_matrix rows with is_in_pack_matrix) have that status in their latest period, beside how many such
-- measures there are (the tally's whole). Every status of the vocabulary has a row, 0 where no measure has it, so
-- a page shows the whole tally without adding anything up itself.
with

matrix as (
    select * from {{ ref('fct_lait_matrix') }}
    where is_in_pack_matrix
),

statuses as (
    select code as rag_status
    from {{ ref('dim_vocabularies') }}
    where vocabulary = 'rag_status'
),

focuses as (
    select
        neighbour_group_id,
        focus_la_number,
        count(*) as count_measures_in_pack_topics
    from matrix
    group by
        neighbour_group_id,
        focus_la_number
),

counted as (
    select
        neighbour_group_id,
        focus_la_number,
        rag_status,
        count(*) as count_measures
    from matrix
    group by
        neighbour_group_id,
        focus_la_number,
        rag_status
),

final as (
    select
        focuses.neighbour_group_id,
        focuses.focus_la_number,
        statuses.rag_status,
        cast(coalesce(counted.count_measures, 0) as integer) as count_measures,
        cast(focuses.count_measures_in_pack_topics as integer) as count_measures_in_pack_topics
    from focuses
    cross join statuses
    left join counted
        on
        focuses.neighbour_group_id = counted.neighbour_group_id
        and focuses.focus_la_number = counted.focus_la_number
        and statuses.rag_status = counted.rag_status
)

select * from final
