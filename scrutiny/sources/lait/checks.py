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
from scrutiny.errors import InputError, Problem, not_utf8
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


def check_bds(path: Path, la_numbers: set[int], bounds: dict[str, plausibility.Bounds] | None = None) -> list[Problem]:
    """The BDS parquet: readable, its columns, finite and plausible values (within the measure's bounds by unit,
    ``bounds``: measure -> bounds), one row per measure, period and area, known LA numbers. DuckDB reads the file
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
        con.execute("create temp table bounds (measure varchar, min_value double, max_value double)")
        if bounds:
            con.executemany(
                "insert into bounds values (?, ?, ?)", [[m, b.min_value, b.max_value] for m, b in bounds.items()]
            )
        outside = con.execute(
            f'select "row", measure, text from ({cells}) join bounds using (measure) '
            "where isfinite(value) and (value < min_value or value > max_value) "
            f"order by 1 limit {LISTED + 1}"
        ).fetchall()
        repeated = con.execute(
            'select "row", first_row, measure, years, area from ('
            'select file_row_number + 1 as "row", "Short Desc" as measure, "Years" as years, '
            '"LA and Regions" as area, min(file_row_number + 1) over (partition by "Short Desc", "Years", '
            '"LA and Regions", "LA Number") as first_row '
            f"from read_parquet('{_sql_text(path)}', file_row_number = true)"
            f') where "row" > first_row order by 1 limit {LISTED + 1}'
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
            Problem(name, f'"{text}" is outside {bounds[measure].describe()} for {measure}', row, "Values", "range")
            for row, measure, text in outside
            if bounds
        ],
        "values outside their unit's bounds",
        name,
    )
    problems += _listed(
        [
            Problem(
                name,
                f"repeats row {first}: {measure}, {years}, {area} is listed twice (one row per measure, period and "
                "area)",
                row,
                "Short Desc",
                "duplicate_key",
            )
            for row, first, measure, years, area in repeated
        ],
        "repeated rows",
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


#: Values the data dictionary's columns may hold (blank too), where the models read them.
DICTIONARY_VALUES = {"Polarity": ("High", "Low", "-", "NA")}


def check_dictionary(path: Path, required: Iterable[str]) -> list[Problem]:
    """The data dictionary CSV: UTF-8, with the columns the models read, one row per measure and topic, a whole
    number of decimal places (dps) and a known polarity."""
    encoding = not_utf8(path, path.name)
    if encoding is not None:
        return [encoding]
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            missing = [c for c in required if c not in header]
            if missing:
                return [Problem(path.name, f"missing column(s) {', '.join(missing)}", 1, check="header")]
            return _listed(_dictionary_rows(path.name, header, reader), "dictionary problems", path.name)
    except csv.Error as error:
        return [Problem(path.name, f"cannot be read as CSV: {error}", check="file")]


def _dictionary_rows(name: str, header: list[str], reader: Any) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    row_start = reader.line_num + 1
    for fields in reader:
        row, row_start = row_start, reader.line_num + 1  # a description may run over several lines
        if not fields:
            continue
        if len(fields) != len(header):
            problems.append(Problem(name, f"{len(fields)} fields where the header has {len(header)}", row))
            continue
        cell = dict(zip(header, (f.strip() for f in fields), strict=True))
        key = (cell.get("Measure_short", ""), cell.get("Topic", ""))
        if not key[0]:
            problems.append(Problem(name, "every measure needs a short name", row, "Measure_short"))
        elif key in seen:
            problems.append(
                Problem(name, f"repeats row {seen[key]}: {key[0]} under {key[1]!r} twice", row, "Measure_short")
            )
        seen.setdefault(key, row)
        dps = cell.get("dps", "")
        if dps not in ("", "NA") and not dps.isdigit():
            problems.append(Problem(name, f"{dps!r} is not a whole number of decimal places (or NA)", row, "dps"))
        for column, allowed in DICTIONARY_VALUES.items():
            if cell.get(column, "") not in ("", *allowed):
                problems.append(
                    Problem(name, f"{cell[column]!r} is not one of {', '.join(allowed)}", row, column, "vocabulary")
                )
    return problems


def dictionary_units(path: Path, labels: dict[str, str]) -> dict[str, str]:
    """Each measure's unit, from its axis label in the data dictionary (``labels``: label -> unit, seed
    lait_unit_labels); measures whose label is not listed are left out."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {
            row["Measure_short"].strip(): labels[row["y_axis_name"].strip()]
            for row in csv.DictReader(handle)
            if (row.get("y_axis_name") or "").strip() in labels
        }


def check_la_codes(rows: list[dict[str, object]], file: str) -> list[Problem]:
    """The LA code list (scrutiny.sources.lait.land.read_la_codes): one row per LA number."""
    first: dict[object, object] = {}
    problems = []
    for row in rows:
        number = row["la_number"]
        if number in first:
            problems.append(
                Problem(
                    file,
                    f"repeats row {first[number]}: LA number {number} is listed twice",
                    int(row["source_row"]),
                    "LA Number",
                    "duplicate_key",
                )  # type: ignore[call-overload]
            )
        first.setdefault(number, row["source_row"])
    return _listed(problems, "repeated LA numbers", file)


def check_neighbours(rows: list[dict[str, object]], la_numbers: set[int]) -> list[Problem]:
    """Neighbour-model rows (scrutiny.sources.lait.land.read_neighbour_workbook): each authority on one row, ten
    neighbours for every authority listed with any, and every authority in the LA code list."""
    problems: list[Problem] = []
    first_row: dict[tuple[object, object], object] = {}
    for r in rows:
        key = (r["source_file"], r["focus_la_number"])
        first_row.setdefault(key, r["source_row"])
        if first_row[key] != r["source_row"] and r["neighbour_position"] == 1:
            problems.append(
                Problem(
                    str(r["source_file"]),
                    f"repeats row {first_row[key]}: authority {r['focus_la_number']} is listed twice",
                    int(r["source_row"]),  # type: ignore[call-overload]
                    "LA num",
                    "duplicate_key",
                )
            )
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
