"""What the briefing reads from the published warehouse: the request checked against it, and the rows of
``marts.lait_changes_since`` (the table macro behind ``marts.fct_lait_changes_since``) with the words for their
codes. Nothing here computes a figure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import paths


class BriefingRequestError(ValueError):
    """The authority, date or group asked for cannot be briefed on; the message says what can."""


@dataclass(frozen=True)
class Request:
    """One briefing: an authority, the date of the last meeting, and the neighbour group for averages."""

    la_number: int
    la_name: str
    since: dt.date
    group_id: str
    group_label: str


@dataclass(frozen=True)
class Versions:
    """The versions of DfE's extract the warehouse holds: the first and latest, by UTC commit date."""

    first_id: str
    first_on: dt.date
    latest_id: str
    latest_on: dt.date
    count: int


def connect(warehouse: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = warehouse or paths.warehouse_path()
    if not path.is_file():
        raise BriefingRequestError(f"No published warehouse at {path}: run `make build` first.")
    return duckdb.connect(str(path), read_only=True)


def versions(con: duckdb.DuckDBPyConnection) -> Versions:
    row = con.execute(
        """
        select min_by(vintage_id, vintage_seq), min(committed_on), max_by(vintage_id, vintage_seq),
            max(committed_on), count(*)
        from marts.dim_lait_vintages
        """
    ).fetchone()
    if not row or not row[4]:
        raise BriefingRequestError(
            "The warehouse holds no published versions of DfE's extract (marts.dim_lait_vintages is empty): "
            "build with the versions present (SCRUTINY_LAIT_VINTAGES_DIR, default ../shared/lait/vintages)."
        )
    return Versions(row[0], row[1], row[2], row[3], int(row[4]))


def parse_since(text: str | dt.date, held: Versions) -> dt.date:
    """The date asked about: yyyy-mm-dd, not before the first version held (nothing is known before it)."""
    if isinstance(text, dt.date):
        since = text
    else:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text).strip()):
            raise BriefingRequestError(f"SINCE must be a date as yyyy-mm-dd (e.g. 2025-06-01), not {text!r}.")
        try:
            since = dt.date.fromisoformat(str(text).strip())
        except ValueError as problem:
            raise BriefingRequestError(f"SINCE {text!r} is not a date: {problem}.") from None
    if since < held.first_on:
        raise BriefingRequestError(
            f"SINCE {since.isoformat()} is before the first version of DfE's extract held "
            f"({held.first_id}, {held.first_on.isoformat()}); choose that date or later."
        )
    return since


def resolve(con: duckdb.DuckDBPyConnection, la: str | int, since: str | dt.date, group: str | None) -> Request:
    """The request checked against the warehouse; raises BriefingRequestError naming what is unknown."""
    held = versions(con)
    when = parse_since(since, held)
    if not re.fullmatch(r"\d{3}", str(la).strip()):
        raise BriefingRequestError(f"LA must be a DfE LA number (three digits, e.g. 882), not {la!r}.")
    number = int(str(la).strip())
    groups = con.execute(
        """
        select distinct members.neighbour_group_id, versions.group_label, members.is_default_for_focus,
            areas.area_name
        from marts.dim_lait_neighbour_group_members as members
        left join marts.dim_neighbour_groups as versions using (neighbour_group_id)
        left join marts.dim_lait_areas as areas on areas.la_number = members.focus_la_number
        where members.focus_la_number = ?
        order by members.neighbour_group_id
        """,
        [number],
    ).fetchall()
    if not groups:
        raise BriefingRequestError(
            f"LA number {number} has no neighbour group in the warehouse: list the authorities with "
            "`python -m scrutiny matrix --list`."
        )
    if group is None:
        chosen = [g for g in groups if g[2]] or groups[:1]
    else:
        chosen = [g for g in groups if g[0] == group]
        if not chosen:
            raise BriefingRequestError(
                f"LA number {number} has no neighbours in group {group!r}; its groups: "
                f"{', '.join(g[0] for g in groups)}."
            )
    group_id, group_label, _, name = chosen[0]
    return Request(number, name or f"LA {number}", when, group_id, group_label or group_id)


def changes(con: duckdb.DuckDBPyConnection, request: Request) -> pd.DataFrame:
    """The rows of the briefing, most important kind first, then in the data matrix's topic and measure order."""
    return con.execute(
        """
        select *
        from marts.lait_changes_since(?, ?, ?)
        order by change_kind_order, topic_order, measure_order, period_end_date, period_label_base
        """,
        [request.la_number, request.since, request.group_id],
    ).df()


def words(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """Each (vocabulary, code)'s label (marts.dim_vocabularies) and DfE's missing reasons (vocabulary
    ``missing_reason``)."""
    labels = {
        (vocabulary, code): label
        for vocabulary, code, label in con.execute(
            "select vocabulary, code, label from marts.dim_vocabularies"
        ).fetchall()
    }
    for reason, wording in con.execute(
        "select missing_reason, wording from marts.dim_missing_reasons where source_family = 'dfe_lait'"
    ).fetchall():
        labels[("missing_reason", reason)] = wording
    return labels


def baseline(con: duckdb.DuckDBPyConnection, since: dt.date) -> tuple[str, dt.date]:
    """The version as published on ``since``: the latest committed on or before it (``since`` is never before
    the first, parse_since sees to it)."""
    row = con.execute(
        "select vintage_id, committed_on from marts.dim_lait_vintages where committed_on <= ? "
        "order by vintage_seq desc limit 1",
        [since],
    ).fetchone()
    return row[0], row[1]
