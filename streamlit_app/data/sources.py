"""The Sources and methods page's queries: the source documents and the neighbour groups."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query


def source_documents() -> pd.DataFrame:
    return query(
        """
        select
            source_document_id, document_title as title, publisher, meeting_name, meeting_date,
            text_path as path, text_sha256 as sha256
        from marts.dim_source_documents
        order by meeting_date
        """
    )


def neighbour_groups() -> pd.DataFrame:
    """The registry of neighbour groups: labels, publication, where the members come from, whether loaded."""
    return query(
        """
        select
            neighbour_group_id, group_label, group_short_label, publisher, published_year_month, members_from,
            source_document_id, count_focus_las, is_loaded, is_latest_published_group as is_latest_published,
            is_configured_default_group as is_default_group
        from marts.dim_neighbour_groups
        order by published_month_start_date desc, neighbour_group_id
        """
    )


def neighbour_group_members(group_id: str) -> pd.DataFrame:
    """A group's members in order, named from the project's authority list (there with or without DfE's data)."""
    return query(
        """
        select members.neighbour_position, authorities.la_name, members.closeness
        from marts.dim_lait_neighbour_group_members as members
        left join marts.dim_local_authorities as authorities
            on members.neighbour_la_number = authorities.la_number
        where members.neighbour_group_id = ?
        order by members.focus_la_number, members.neighbour_position
        """,
        (group_id,),
    )
