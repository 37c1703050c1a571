"""The Neighbours page's queries: any DfE measure for any authority, its neighbours, England and the region, now
or as DfE had published it on any date."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query


def lait_measures(search: str = "") -> pd.DataFrame:
    return query(
        """
        select measure_code, measure_label, lait_topic as topic, unit_label, polarity, decimal_places
        from marts.dim_lait_measures
        where
            count_periods > 0
            and (
                ? = ''
                or contains(lower(measure_label), lower(?))
                or contains(lower(lait_topic), lower(?))
            )
        order by lait_topic, measure_label
        """,
        (search, search, search),
    )


def lait_series(neighbour_group_id: str, focus_la_number: int, measure_code: str) -> pd.DataFrame:
    """The focus authority's value, its neighbours' mean and median, England and the region, every period."""
    return query(
        """
        select
            period_label, period_end_date, is_labelled_revised as is_revised,
            is_labelled_provisional as is_provisional, focus_value, focus_missing_reason,
            neighbours_average_value, neighbours_median_value, count_neighbours_with_value,
            count_neighbours_in_group, england_value, region_value, rank_among_las, count_las_ranked, quartile_band,
            change_from_previous, count_consecutive_periods_improved, polarity
        from marts.fct_lait_neighbour_benchmarks_all_groups
        where neighbour_group_id = ? and focus_la_number = ? and measure_code = ?
        order by period_end_date
        """,
        (neighbour_group_id, focus_la_number, measure_code),
    )


def lait_neighbour_values(
    neighbour_group_id: str, focus_la_number: int, measure_code: str, period: str
) -> pd.DataFrame:
    """The focus authority and each of its neighbours for one measure and period."""
    return query(
        """
        select
            neighbour_position, is_focus, la_number, la_name, closeness, value, missing_reason, rank_among_las,
            quartile_band
        from marts.fct_lait_neighbour_values_all_groups
        where
            neighbour_group_id = ?
            and focus_la_number = ?
            and measure_code = ?
            and period_label = ?
        order by is_focus desc, neighbour_position
        """,
        (neighbour_group_id, focus_la_number, measure_code, period),
    )


def lait_revisions(measure_code: str, la_number: int) -> pd.DataFrame:
    """Where the pack printed this measure for this authority: the value the committee saw and today's."""
    return query(
        """
        select
            indicator_id, pack_period_label, lait_period_label, pack_value, extract_value, revision_difference,
            revision_status, is_revised_since_pack as is_revised, pack_source_line
        from marts.fct_lait_revisions_since_pack
        where measure_code = ? and la_number = ?
        order by period_end_year
        """,
        (measure_code, la_number),
    )


def lait_period_label_base(measure_code: str, period_label: str) -> str:
    """The period label without its suffix, as the current extract reads it ("2024 (prov)" -> "2024")."""
    found = query(
        "select distinct period_label as period_label_base from marts.fct_lait_values"
        " where measure_code = ? and period_label = ?",
        (measure_code, period_label),
    )
    return str(found["period_label_base"].iloc[0]) if len(found) else period_label


def lait_series_as_published(
    neighbour_group_id: str, focus_la_number: int, measure_code: str, published_at: object
) -> pd.DataFrame:
    """lait_series as DfE had published it at `published_at` (a version's commit time): the focus authority's
    value, its neighbours' average, England, rank and band for every period, from the series version then."""
    return query(
        """
        select
            period_label_as_published as period_label, period_label as period_label_base, period_end_date,
            focus_value, focus_missing_reason,
            neighbours_average_value, count_neighbours_with_value, count_neighbours_in_group, england_value,
            rank_among_las, count_las_ranked, quartile_band, version_vintage_id
        from marts.fct_lait_vintage_neighbour_benchmarks_all_groups
        where
            neighbour_group_id = ? and focus_la_number = ? and measure_code = ?
            and valid_from <= ? and (valid_to > ? or valid_to is null)
        order by period_end_date, period_label
        """,
        (neighbour_group_id, focus_la_number, measure_code, published_at, published_at),
    )


def lait_neighbour_values_as_published(
    neighbour_group_id: str, focus_la_number: int, measure_code: str, period_label_base: str, published_at: object
) -> pd.DataFrame:
    """lait_neighbour_values as published at `published_at` (a version's commit time): the focus authority and
    each neighbour."""
    return query(
        """
        with members as (
            select 0 as neighbour_position, ? as la_number, cast(null as varchar) as closeness
            union all
            select neighbour_position, neighbour_la_number, closeness
            from marts.dim_lait_neighbour_group_members
            where neighbour_group_id = ? and focus_la_number = ?
        )

        select
            members.neighbour_position, members.neighbour_position = 0 as is_focus, members.la_number,
            coalesce(benchmarks.area_name, areas.area_name) as la_name, members.closeness, benchmarks.value,
            benchmarks.missing_reason, benchmarks.rank_among_las, benchmarks.quartile_band
        from members
        left join marts.fct_lait_vintage_benchmarks as benchmarks
            on members.la_number = benchmarks.la_number
            and benchmarks.measure_code = ? and benchmarks.period_label = ?
            and benchmarks.valid_from <= ? and (benchmarks.valid_to > ? or benchmarks.valid_to is null)
        left join marts.dim_lait_areas as areas
            on members.la_number = areas.la_number
        order by is_focus desc, members.neighbour_position
        """,
        (
            focus_la_number,
            neighbour_group_id,
            focus_la_number,
            measure_code,
            period_label_base,
            published_at,
            published_at,
        ),
    )
