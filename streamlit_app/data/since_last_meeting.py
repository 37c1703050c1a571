"""The committee papers' queries: the briefing of the "Since the last meeting" page and what the data matrix
workbook (Benchmarks) needs beside the matrix rows, through the app's cached query, so the page and its downloads
say exactly what ``make briefing`` and ``make matrix`` write (the SQL is scrutiny.outputs')."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scrutiny.outputs import briefing as papers
from scrutiny.outputs.briefing.query import Versions, versions
from scrutiny.outputs.words import Words, words
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


def briefing_counts(la_number: int, since: dt.date, group_id: str) -> dict[str, int]:
    """How many changes of each kind the briefing lists (a section's count, as the page shows it), counted by the
    warehouse from marts.fct_lait_changes_since."""
    found = query(
        """
        select change_kind, count(*) as count_changes
        from marts.fct_lait_changes_since(?, ?, ?)
        group by change_kind
        """,
        (la_number, since, group_id),
    )
    return dict(zip(found["change_kind"], found["count_changes"].astype(int), strict=True))


def paper_words() -> Words:
    """The words papers print for codes: marts.dim_vocabularies and marts.dim_missing_reasons."""
    return words(query)


def inspections(la_number: int) -> pd.DataFrame:
    """The inspection judgements the warehouse holds for an authority (the matrix's context block)."""
    return query(
        """
        select
            la_number, framework_label, published_date, published_date_printed, judgement_area_printed,
            judgement_printed
        from marts.fct_inspection_judgements
        where la_number = ?
        order by published_date desc, source_line
        """,
        (la_number,),
    )
