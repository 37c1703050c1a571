"""What the briefing reads from the published warehouse: the request checked against it, the versions held, and
the rows of ``marts.fct_lait_changes_since`` (the table macro behind ``marts.fct_lait_changes_since``). Nothing here
computes a figure. Every function takes ``run(sql, params) -> DataFrame``: the command passes a read-only
connection's (``runner``), the app its own cached query, so both read the same SQL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import paths

#: Runs a query with positional parameters and returns its rows.
Run = Callable[[str, tuple], pd.DataFrame]


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


def runner(con: duckdb.DuckDBPyConnection) -> Run:
    return lambda sql, params=(): con.execute(sql, list(params)).df()


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else value.date()


def versions(run: Run) -> Versions:
    frame = run(
        """
        select min_by(vintage_id, vintage_seq) as first_id, min(committed_on) as first_on,
            max_by(vintage_id, vintage_seq) as latest_id, max(committed_on) as latest_on, count(*) as count_versions
        from marts.dim_lait_vintages
        """,
        (),
    )
    if frame.empty or not int(frame.iloc[0]["count_versions"]):
        raise BriefingRequestError(
            "The warehouse holds no published versions of DfE's extract (marts.dim_lait_vintages is empty): "
            "build with the versions present (SCRUTINY_LAIT_VINTAGES_DIR, default ../shared/lait/vintages)."
        )
    row = frame.iloc[0]
    return Versions(
        str(row["first_id"]),
        _day(row["first_on"]),
        str(row["latest_id"]),
        _day(row["latest_on"]),
        int(row["count_versions"]),
    )


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


def resolve(run: Run, la: str | int, since: str | dt.date, group: str | None) -> Request:
    """The request checked against the warehouse; raises BriefingRequestError naming what is unknown."""
    when = parse_since(since, versions(run))
    if not re.fullmatch(r"\d{3}", str(la).strip()):
        raise BriefingRequestError(f"LA must be a DfE LA number (three digits, e.g. 882), not {la!r}.")
    number = int(str(la).strip())
    groups = run(
        """
        select distinct members.neighbour_group_id, groups.group_label, members.is_default_for_focus,
            areas.area_name
        from marts.dim_lait_neighbour_group_members as members
        left join marts.dim_neighbour_groups as groups using (neighbour_group_id)
        left join marts.dim_lait_areas as areas on areas.la_number = members.focus_la_number
        where members.focus_la_number = ?
        order by members.neighbour_group_id
        """,
        (number,),
    )
    if groups.empty:
        raise BriefingRequestError(
            f"LA number {number} has no neighbour group in the warehouse: list the authorities with "
            "`python -m scrutiny matrix --list`."
        )
    if group is None:
        chosen = groups[groups["is_default_for_focus"].astype(bool)]
        chosen = chosen if not chosen.empty else groups.head(1)
    else:
        chosen = groups[groups["neighbour_group_id"] == group]
        if chosen.empty:
            raise BriefingRequestError(
                f"LA number {number} has no neighbours in group {group!r}; its groups: "
                f"{', '.join(groups['neighbour_group_id'])}."
            )
    row = chosen.iloc[0]
    name = row["area_name"] if isinstance(row["area_name"], str) else f"LA {number}"
    label = row["group_label"] if isinstance(row["group_label"], str) else row["neighbour_group_id"]
    return Request(number, name, when, str(row["neighbour_group_id"]), label)


def changes(run: Run, request: Request) -> pd.DataFrame:
    """The rows of the briefing, most important kind first, then in the data matrix's topic and measure order."""
    return run(
        """
        select *
        from marts.fct_lait_changes_since(?, ?, ?)
        order by change_kind_order, topic_order, measure_order, period_end_date, period_label
        """,
        (request.la_number, request.since, request.group_id),
    )


def baseline(run: Run, since: dt.date) -> tuple[str, dt.date]:
    """The version as published on ``since``: the latest committed on or before it (``since`` is never before
    the first, parse_since sees to it)."""
    frame = run(
        "select vintage_id, committed_on from marts.dim_lait_vintages where committed_on <= ? "
        "order by vintage_seq desc limit 1",
        (since,),
    )
    return str(frame.iloc[0]["vintage_id"]), _day(frame.iloc[0]["committed_on"])
