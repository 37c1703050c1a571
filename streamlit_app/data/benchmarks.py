"""The Benchmarks page's queries: the pack's data matrix and scorecard, the data matrix generated from DfE's data
for any authority, and the pack's figures across DfE's published versions."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query, table_exists
from streamlit_app.data.overview import MATRIX_CARD_COLUMNS


def topics() -> dict[str, str]:
    """The pack's topics (topic -> its heading, from the indicator catalogue), in the order the matrix gives them."""
    found = query(
        """
        select distinct indicators.topic, indicators.topic_label
        from marts.dim_indicators as indicators
        order by indicators.topic_label
        """
    )
    return dict(zip(found["topic"], found["topic_label"], strict=True))


def indicators(topic: str | None = None, search: str = "") -> pd.DataFrame:
    return query(
        """
        select indicator_id, indicator_label, topic, unit, polarity, decimal_places
        from marts.dim_indicators
        where
            (? is null or topic = ?)
            and (? = '' or contains(lower(indicator_label), lower(?)))
        order by topic, indicator_label
        """,
        (topic, topic, search, search),
    )


def indicator(indicator_id: str) -> dict:
    found = query(
        """
        select
            indicator_id, indicator_label, topic, topic_label, unit, polarity, decimal_places, source_collection,
            source_section, source_table, notes
        from marts.dim_indicators
        where indicator_id = ?
        """,
        (indicator_id,),
    )
    return found.iloc[0].to_dict() if len(found) else {}


def benchmark_series(indicator_id: str) -> pd.DataFrame:
    return query(
        """
        select
            indicator_id, period_label, period_start_date, period_end_date, unit, polarity,
            southend_value, southend_missing_reason, england_value, sn_average_value, southend_rank, quartile_band,
            gap_to_england, gap_to_neighbours, comparison_with_england, comparison_with_neighbours,
            direction_of_travel, source_section, source_table, southend_value_source_line,
            england_value_source_line, sn_average_source_line, rank_source_line, band_source_line
        from marts.fct_benchmark_values
        where indicator_id = ?
        order by period_start_date
        """,
        (indicator_id,),
    )


def scorecard(topic: str | None = None) -> pd.DataFrame:
    return query(
        """
        select
            indicator_id, indicator_label, topic, unit, polarity, decimal_places, latest_period_label,
            latest_southend_value, latest_england_value, latest_sn_average_value, gap_to_england,
            gap_to_neighbours, comparison_with_england, comparison_with_neighbours, latest_rank,
            latest_quartile_band, direction_of_travel, improvement_rank_3yr, improvement_band_3yr,
            improvement_rank_yoy, improvement_band_yoy, rag_status, source_section, source_table,
            southend_value_source_line
        from marts.fct_indicator_scorecard
        where (? is null or topic = ?)
        order by topic, indicator_label
        """,
        (topic, topic),
    )


def matrix_topics(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """The topics of the generated matrix in the pack's order (its own topics first, then DfE's)."""
    return query(
        """
        select
            topic_order, matrix_topic, topic_label, bool_or(is_in_pack_matrix) as is_pack_topic,
            count(*) as count_measures
        from marts.fct_lait_matrix
        where focus_la_number = ? and neighbour_group_id = ?
        group by topic_order, matrix_topic, topic_label
        order by topic_order
        """,
        (focus_la_number, neighbour_group_id),
    )


def matrix_scorecard(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """Every DfE measure in the pack's topics from the generated matrix of one authority and group, in the pack's
    order: what the scorecard shows."""
    return query(
        f"""
        select
            matrix.topic_order, matrix.measure_order,
            {MATRIX_CARD_COLUMNS}
        from marts.fct_lait_matrix as matrix
        where matrix.focus_la_number = ? and matrix.neighbour_group_id = ? and matrix.is_in_pack_matrix
        order by matrix.topic_order, matrix.measure_order
        """,
        (focus_la_number, neighbour_group_id),
    )


def matrix_rows(focus_la_number: int, neighbour_group_id: str, matrix_topic: str | None = None) -> pd.DataFrame:
    """The generated data matrix (marts.fct_lait_matrix) of one authority and group: one topic, or all of it."""
    return query(
        """
        select *
        from marts.fct_lait_matrix
        where focus_la_number = ? and neighbour_group_id = ? and (? is null or matrix_topic = ?)
        order by topic_order, measure_order
        """,
        (focus_la_number, neighbour_group_id, matrix_topic, matrix_topic),
    )


def matrix_neighbours(focus_la_number: int, neighbour_group_id: str) -> list[str]:
    found = query(
        """
        select neighbour_la_number, coalesce(neighbour_la_name, 'LA ' || cast(neighbour_la_number as varchar)) as name
        from marts.dim_lait_neighbour_group_members
        where focus_la_number = ? and neighbour_group_id = ?
        order by neighbour_position
        """,
        (focus_la_number, neighbour_group_id),
    )
    return [f"{r.name} ({r.neighbour_la_number})" for r in found.itertuples()]


def pack_figures_across_vintages(indicator_id: str, la_number: int) -> pd.DataFrame:
    """Each year the pack printed for this indicator and authority: the value the committee saw, DfE's earliest
    and latest published values and the revision path between."""
    if not table_exists("marts.fct_lait_vintage_pack_figures"):
        return pd.DataFrame()
    return query(
        """
        select
            pack_period_label, lait_period_label, period_label as period_label_base, measure_code, match_quality,
            pack_value,
            pack_decimal_places,
            revision_status, earliest_value_vintage_id as earliest_vintage_id,
            earliest_value_vintage_date as earliest_vintage_date, earliest_vintage_value as earliest_value,
            earliest_vintage_value_text as earliest_value_text, latest_value_vintage_id as latest_vintage_id,
            latest_value_vintage_date as latest_vintage_date,
            latest_vintage_value as latest_value, latest_vintage_value_text as latest_value_text,
            is_withdrawn_in_latest_vintage as is_latest_withdrawn,
            count_published_states, count_revision_steps as count_revisions, revision_path, pack_source_line
        from marts.fct_lait_vintage_pack_figures
        where indicator_id = ? and la_number = ? and earliest_value_vintage_id is not null
        order by pack_period_label
        """,
        (indicator_id, la_number),
    )


def pack_figure_values_published(indicator_id: str, la_number: int) -> pd.DataFrame:
    """Every value DfE has published for each year the pack printed of this indicator and authority, oldest first,
    with the date it was first published (the path of a figure through DfE's versions, value by value)."""
    return query(
        """
        select figures.pack_period_label, history.value, history.missing_reason, history.valid_from_date
        from marts.fct_lait_vintage_pack_figures as figures
        inner join marts.fct_lait_vintage_value_history as history
            on figures.measure_code = history.measure_code
            and figures.la_number = history.la_number
            and figures.period_label = history.period_label
        where figures.indicator_id = ? and figures.la_number = ?
        order by figures.pack_period_label, history.valid_from
        """,
        (indicator_id, la_number),
    )


def pack_figures_as_published(indicator_id: str, la_number: int, published_at: object) -> pd.DataFrame:
    """For each year the pack printed: the value DfE published for it as it stood at `published_at` (a version's
    commit time)."""
    return query(
        """
        select
            figures.pack_period_label, history.value, history.value_text, history.missing_reason,
            history.valid_from_vintage_id
        from marts.fct_lait_vintage_pack_figures as figures
        inner join marts.fct_lait_vintage_value_history as history
            on figures.measure_code = history.measure_code
            and figures.la_number = history.la_number
            and figures.period_label = history.period_label
        where
            figures.indicator_id = ? and figures.la_number = ?
            and history.valid_from <= ? and (history.valid_to > ? or history.valid_to is null)
        """,
        (indicator_id, la_number, published_at, published_at),
    )
