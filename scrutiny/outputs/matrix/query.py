"""Reading the data matrix from the published warehouse, read-only: which authorities and groups it has, the
rows of those asked for, their neighbours, the wording of missing values and the build they come from."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import paths
from scrutiny.outputs.matrix.layout import BuildInfo


class MatrixRequestError(ValueError):
    """The authority or group asked for is not in the warehouse; the message says how to find valid ones."""


def connect(warehouse: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = warehouse or paths.warehouse_path()
    if not path.is_file():
        raise MatrixRequestError(f"No published warehouse at {path}: run `make build` first.")
    return duckdb.connect(str(path), read_only=True)


def available(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every focus authority and neighbour group the matrix has, with names and which group is the default."""
    return con.execute(
        """
        select distinct focus_la_number, focus_la_name, neighbour_group_id, neighbour_group_label,
            is_default_for_focus, is_legacy_focus
        from marts.fct_lait_matrix
        order by focus_la_number, neighbour_group_id
        """
    ).df()


HOW_TO_FIND = (
    "List the authorities and groups with `python -m scrutiny matrix --list` (or query "
    "`select distinct focus_la_number, focus_la_name, neighbour_group_id from marts.fct_lait_matrix`)."
)


def resolve(options: pd.DataFrame, la: str, group: str | None) -> list[tuple[int, str]]:
    """The (LA number, group) pairs to export: one authority, or every current authority for ``all``; the group
    asked for, or each authority's default. Raises MatrixRequestError naming what is unknown."""
    if options.empty:
        raise MatrixRequestError(
            "The warehouse has no generated matrix (marts.fct_lait_matrix is empty): build with DfE's LAIT extract "
            "present (SCRUTINY_LAIT_DIR, or `make fetch-lait`)."
        )
    groups = sorted(options["neighbour_group_id"].unique())
    if group is not None and group not in groups:
        raise MatrixRequestError(f"Unknown neighbour group {group!r}. Groups: {', '.join(groups)}. {HOW_TO_FIND}")
    if la.strip().lower() == "all":
        chosen = options[~options["is_legacy_focus"].astype(bool)]
    else:
        if not re.fullmatch(r"\d{3}", la.strip()):
            raise MatrixRequestError(
                f"LA must be a DfE LA number (three digits, e.g. 879) or 'all', not {la!r}. " + HOW_TO_FIND
            )
        chosen = options[options["focus_la_number"] == int(la)]
        if chosen.empty:
            raise MatrixRequestError(f"LA number {la} is not an authority in the generated matrix. {HOW_TO_FIND}")
    if group is None:
        chosen = chosen[chosen["is_default_for_focus"].astype(bool)]
    else:
        with_group = chosen[chosen["neighbour_group_id"] == group]
        if with_group.empty:
            raise MatrixRequestError(
                f"LA number {la} has no neighbours in group {group!r}; its groups: "
                f"{', '.join(sorted(chosen['neighbour_group_id'].unique()))}. {HOW_TO_FIND}"
            )
        chosen = with_group
    return [(int(r.focus_la_number), str(r.neighbour_group_id)) for r in chosen.itertuples()]


def load_rows(con: duckdb.DuckDBPyConnection, pairs: list[tuple[int, str]], measures: str) -> pd.DataFrame:
    """The matrix rows of every (authority, group) pair, in the pack's order."""
    con.execute("create or replace temp table wanted (focus_la_number integer, neighbour_group_id varchar)")
    con.executemany("insert into wanted values (?, ?)", pairs)
    pack_only = "and m.is_in_pack_matrix" if measures == "pack" else ""
    return con.execute(
        f"""
        select m.*
        from marts.fct_lait_matrix as m
        inner join wanted using (focus_la_number, neighbour_group_id)
        where true {pack_only}
        order by m.focus_la_number, m.topic_order, m.measure_order
        """
    ).df()


def inspections(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The inspection judgements the warehouse holds for the authorities asked for (``wanted``), newest first."""
    return con.execute(
        """
        select la_number, framework_label, published_date, published_date_printed, judgement_area_printed,
            judgement_printed
        from marts.fct_inspection_judgements
        inner join wanted on wanted.focus_la_number = fct_inspection_judgements.la_number
        order by la_number, published_date desc, source_line
        """
    ).df()


def neighbours(con: duckdb.DuckDBPyConnection, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
    frame = con.execute(
        """
        select focus_la_number, neighbour_group_id, neighbour_position, neighbour_la_number, neighbour_la_name
        from marts.dim_lait_neighbour_group_members
        inner join wanted using (focus_la_number, neighbour_group_id)
        order by focus_la_number, neighbour_group_id, neighbour_position
        """
    ).df()
    out: dict[tuple[int, str], list[str]] = {}
    for row in frame.itertuples():
        name = row.neighbour_la_name if isinstance(row.neighbour_la_name, str) else "(name not in the extract)"
        out.setdefault((int(row.focus_la_number), str(row.neighbour_group_id)), []).append(
            f"{name} ({row.neighbour_la_number})"
        )
    return out


def build_info(con: duckdb.DuckDBPyConnection, warehouse: Path) -> BuildInfo:
    run = con.execute(
        "select run_id, coalesce(git_commit, 'unknown'), finished_at from data_quality.build_runs "
        "where is_published order by started_at desc limit 1"
    ).fetchone()
    updated = con.execute("select max(dfe_last_updated_date) from marts.fct_lait_matrix").fetchone()[0]
    return BuildInfo(
        run_id=run[0] if run else "unknown",
        git_commit=run[1] if run else "unknown",
        published_at=run[2].isoformat(timespec="seconds") if run and run[2] else "unknown",
        extract_updated=updated.isoformat() if updated else "unknown",
        warehouse=warehouse,
    )
