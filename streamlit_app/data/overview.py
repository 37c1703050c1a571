"""The Overview page's queries: the headline measures for any authority, the RAG tallies (DfE's data for any
authority, the pack's scorecard as reported), and the pack's own headlines."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query

#: The columns of the generated matrix a headline card or a scorecard row shows.
MATRIX_CARD_COLUMNS = """
            matrix.measure_code, matrix.measure_label, matrix.matrix_topic, matrix.topic_label, matrix.unit_label,
            matrix.polarity, matrix.decimal_places, matrix.latest_period_label, matrix.latest_value,
            matrix.latest_missing_reason, matrix.rank_among_las, matrix.count_las_ranked, matrix.quartile_band,
            matrix.england_value, matrix.neighbours_average_value, matrix.neighbours_median_value,
            matrix.count_neighbours_with_value, matrix.count_neighbours_in_group, matrix.previous_period_label,
            matrix.change_from_previous, matrix.direction_of_travel, matrix.rag_status, matrix.indicator_id
"""


def headline_rows(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """The headline measures (dim_headline_measures, in their order) from the generated matrix of one authority and
    group: latest value and period, rank with the count ranked, band, England, direction of travel, RAG."""
    return query(
        f"""
        select
            {MATRIX_CARD_COLUMNS}
        from marts.fct_lait_matrix as matrix
        inner join marts.dim_headline_measures as headlines
            on matrix.measure_code = headlines.measure_code
        where matrix.focus_la_number = ? and matrix.neighbour_group_id = ?
        order by headlines.headline_order
        """,
        (focus_la_number, neighbour_group_id),
    )


def matrix_rag_counts(focus_la_number: int, neighbour_group_id: str) -> pd.DataFrame:
    """The RAG tally of DfE's measures in the pack's topics for one authority and group (every status)."""
    return query(
        """
        select rag_status, count_measures, count_measures_in_pack_topics
        from marts.fct_lait_matrix_rag_counts
        where focus_la_number = ? and neighbour_group_id = ?
        """,
        (focus_la_number, neighbour_group_id),
    )


def scorecard_rag_counts() -> pd.DataFrame:
    """The RAG tally of the pack's scorecard as reported to the committee (every status)."""
    return query(
        """
        select rag_status, count_indicators, count_indicators_in_scorecard
        from marts.fct_scorecard_rag_counts
        """
    )
