"""Checks on DfE's LAIT extract before anything lands it: each problem names the file, the row and the column.

- Every file opens: a truncated or overwritten workbook, parquet file or CSV is a problem, not a traceback.
- The BDS table has its columns; every ``Values`` cell that reads as a number is finite (no NaN, no infinity)
  and plausible for its measure (scrutiny.inputs.plausibility: at most 1,000 times the measure's median magnitude, an
  adjustable bound from the data's own scale); every ``LA Number`` is in DfE's LA code list.
- The data dictionary has the columns the models read.
- Each statistical-neighbour model lists exactly ten neighbours per authority (or none, printed "-"), and every
  authority it names, focus or neighbour, is in the LA code list.

Rows are as the user finds them: the row of the sheet (1-based, as Excel shows it), the line of the CSV (header
= 1), the row of the parquet table (first row = 1).
"""

from __future__ import annotations

import csv
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scrutiny import settings
from scrutiny.errors import InputError, Problem
from scrutiny.inputs import plausibility
from scrutiny.sources.lait.schema import BDS_SCHEMA

#: At most this many problems are listed per check (the total is given).
LISTED = 10


def open_sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    """The values of every row of a workbook's first sheet; InputError when it is not a readable .xlsx."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError, ValueError, IndexError) as error:
        raise InputError(
            Problem(path.name, f"is not a readable .xlsx workbook (truncated or overwritten?): {error}", check="file")
        ) from error


def _listed(problems: list[Problem], what: str, file: str) -> list[Problem]:
    """At most LISTED problems, then a line saying there are more (the queries fetch one beyond the limit)."""
    if len(problems) <= LISTED:
        return problems
    return [*problems[:LISTED], Problem(file, f"... and more {what}")]


def check_bds(path: Path, la_numbers: set[int]) -> list[Problem]:
    """The BDS parquet: readable, its columns, finite and plausible values, known LA numbers. DuckDB reads the file
    and returns only the offending rows, so the check stays small for an extract of any size."""
    import duckdb

    name = path.name
    with duckdb.connect() as con:
        try:
            columns = [r[0] for r in con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()]
        except duckdb.Error as error:
            return [Problem(name, f"cannot be read as parquet (truncated or overwritten?): {error}", check="file")]
        missing = [c for c in BDS_SCHEMA.names if c not in columns]
        if missing:
            return [Problem(name, f"missing column(s) {', '.join(missing)}; has {', '.join(columns)}", check="header")]
        cells = (
            'select file_row_number + 1 as "row", "Short Desc" as measure, "Values" as text, '
            "try_cast(replace(trim(\"Values\"), ',', '') as double) as value, \"LA Number\" as la_number "
            f"from read_parquet('{_sql_text(path)}', file_row_number = true)"
        )
        non_finite = con.execute(
            f"select * from ({cells}) where value is not null and not isfinite(value) order by 1 limit {LISTED + 1}"
        ).fetchall()
        beyond = con.execute(
            f'select "row", measure, text, upper_bound from ('
            f"{plausibility.bounds_query(cells, ['measure'], 'value', settings.magnitude_factor())}"
            f") where isfinite(value) and abs(value) > upper_bound order by 1 limit {LISTED + 1}"
        ).fetchall()
        unknown = (
            con.execute(
                f'select "row", la_number from ({cells}) where la_number is not null '
                "and not list_contains(?, cast(la_number as integer)) order by 1 "
                f"limit {LISTED + 1}",
                [sorted(la_numbers)],
            ).fetchall()
            if la_numbers
            else []
        )
    problems = _listed(
        [
            Problem(name, f'"{text}" ({measure}) is not a finite number', row, "Values", "range")
            for row, measure, text, _, _ in non_finite
        ],
        "non-finite values",
        name,
    )
    problems += _listed(
        [
            Problem(
                name,
                f'"{text}" is implausible for {measure}: more than {bound:,.6g} '
                f"({settings.magnitude_factor():g} times the measure's median magnitude; "
                f"{settings.ENV_MAGNITUDE_FACTOR} adjusts the factor)",
                row,
                "Values",
                "range",
            )
            for row, measure, text, bound in beyond
        ],
        "implausible values",
        name,
    )
    problems += _listed(
        [
            Problem(name, f"{number:g} is not an authority in the LA code list", row, "LA Number")
            for row, number in unknown
        ],
        "unknown LA numbers",
        name,
    )
    return problems


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")


def check_dictionary(path: Path, required: Iterable[str]) -> list[Problem]:
    """The data dictionary CSV: UTF-8, with the columns the models read."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
    except (UnicodeDecodeError, csv.Error) as error:
        return [Problem(path.name, f"cannot be read as UTF-8 CSV: {error}", check="file")]
    missing = [c for c in required if c not in header]
    if missing:
        return [Problem(path.name, f"missing column(s) {', '.join(missing)}", 1, check="header")]
    return []


def check_neighbours(rows: list[dict[str, object]], la_numbers: set[int]) -> list[Problem]:
    """Neighbour-model rows (scrutiny.sources.lait.land.read_neighbour_workbook): ten neighbours for every
    authority listed with any, and every authority in the LA code list."""
    problems: list[Problem] = []
    counts = Counter((r["source_file"], r["source_row"]) for r in rows)
    for (file, row), count in sorted(counts.items()):
        if count != plausibility.NEIGHBOURS_PER_AUTHORITY:
            problems.append(
                Problem(
                    str(file),
                    f"lists {count} neighbours; the model lists {plausibility.NEIGHBOURS_PER_AUTHORITY} for each "
                    "authority (or none, printed '-')",
                    int(row),  # type: ignore[arg-type]
                    f"SN{count + 1}" if count < plausibility.NEIGHBOURS_PER_AUTHORITY else None,
                    "neighbour_count",
                )
            )
    if la_numbers:
        for r in rows:
            for column, key in (("LA num", "focus_la_number"), (f"SN{r['neighbour_position']}", "neighbour_la_number")):
                if r[key] not in la_numbers:
                    problems.append(
                        Problem(
                            str(r["source_file"]),
                            f"{r[key]} is not an authority in the LA code list",
                            int(r["source_row"]),  # type: ignore[arg-type]
                            column,
                            "unknown_local_authority",
                        )
                    )
    unique = list(dict.fromkeys(problems))
    return _listed(unique, "neighbour problems", str(rows[0]["source_file"]) if rows else "")
