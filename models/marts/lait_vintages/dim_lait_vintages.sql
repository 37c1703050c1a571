-- One row per published version ("vintage") of DfE's LAIT extract held, in publication order: when DfE
-- committed it (UTC), DfE's note on what it changed, its files, and what it changed by class (the rules are in
-- int_lait_vintage_changes). count_figures is how many figures (measure, area, period) it publishes, markers
-- included. The first vintage held is the baseline: its figures are counted, not classed as changes.
with

manifest as (
    select * from {{ ref('stg_lait_vintages__manifest') }}
),

dictionaries as (
    select distinct
        vintage_seq,
        dictionary_file,
        is_dictionary_borrowed
    from {{ ref('int_lait_vintage_measures') }}
),

changes as (
    select * from {{ ref('int_lait_vintage_changes') }}
),

counts as (
    select
        vintage_seq,
        sum(case when is_present and not was_present then 1 else 0 end)
        - sum(case when was_present and not is_present then 1 else 0 end) as net_figures_added,
        sum(case when change_class = 'new_figure' then 1 else 0 end) as count_new_figure,
        sum(case when change_class = 'revised' then 1 else 0 end) as count_revised,
        sum(case when change_class = 're_rounded' then 1 else 0 end) as count_re_rounded,
        sum(case when change_class = 'unit_change' then 1 else 0 end) as count_unit_change,
        sum(case when change_class = 'label_change' then 1 else 0 end) as count_label_change,
        sum(case when change_class = 'withdrawn' then 1 else 0 end) as count_withdrawn,
        sum(case when change_class = 'marker_change' then 1 else 0 end) as count_marker_change
    from changes
    group by vintage_seq
),

final as (
    select
        manifest.vintage_seq,
        manifest.vintage_id,
        manifest.commit_sha,
        manifest.committed_at,
        manifest.committed_on,
        manifest.message,
        manifest.bds_file,
        manifest.bds_sha256,
        coalesce(manifest.dictionary_file, dictionaries.dictionary_file) as dictionary_file_in_force,
        coalesce(dictionaries.is_dictionary_borrowed, false) as is_dictionary_borrowed,
        lead(manifest.committed_at) over (order by manifest.vintage_seq) as superseded_at,
        manifest.vintage_seq = max(manifest.vintage_seq) over () as is_latest_vintage,
        cast(
            sum(coalesce(counts.net_figures_added, 0)) over (
                order by manifest.vintage_seq rows between unbounded preceding and current row
            ) as integer
        ) as count_figures,
        cast(coalesce(counts.count_new_figure, 0) as integer) as count_new_figure,
        cast(coalesce(counts.count_revised, 0) as integer) as count_revised,
        cast(coalesce(counts.count_re_rounded, 0) as integer) as count_re_rounded,
        cast(coalesce(counts.count_unit_change, 0) as integer) as count_unit_change,
        cast(coalesce(counts.count_label_change, 0) as integer) as count_label_change,
        cast(coalesce(counts.count_withdrawn, 0) as integer) as count_withdrawn,
        cast(coalesce(counts.count_marker_change, 0) as integer) as count_marker_change
    from manifest
    left join dictionaries
        on manifest.vintage_seq = dictionaries.vintage_seq
    left join counts
        on manifest.vintage_seq = counts.vintage_seq
)

select * from final
