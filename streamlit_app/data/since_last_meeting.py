"""The "Since the last meeting" page's queries: the committee briefing's, through the app's cached query, so the
page and its downloads say exactly what ``make briefing`` writes (the SQL is scrutiny.outputs.briefing's)."""

from __future__ import annotations

import datetime as dt

from scrutiny.outputs import briefing as papers
from scrutiny.outputs.briefing.query import Versions, versions
from streamlit_app.data._warehouse import query, table_exists


def briefing_available() -> bool:
    """Whether the warehouse holds DfE's published versions and the briefing's table macro."""
    if not table_exists("marts.dim_lait_vintages"):
        return False
    held = query("select count(*) as count_versions from marts.dim_lait_vintages")
    return bool(int(held.iloc[0]["count_versions"]))


def briefing_versions() -> Versions:
    """The first and latest published versions held (the date picker's bounds and default), from
    marts.dim_lait_vintages."""
    return versions(query)


def briefing(la_number: int, since: dt.date, group_id: str) -> papers.Briefing:
    """The briefing for an authority since a date, with the group's neighbours' means. Its queries (in
    scrutiny.outputs.briefing) read marts.fct_lait_changes_since (the table macro), marts.dim_lait_vintages,
    marts.dim_lait_neighbour_group_members, marts.dim_neighbour_groups, marts.dim_lait_areas,
    marts.dim_vocabularies and marts.dim_missing_reasons."""
    return papers.assemble(query, la_number, since, group_id)
