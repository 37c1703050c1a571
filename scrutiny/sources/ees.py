"""Land DfE's children's social care statistics (explore-education-statistics open-data CSVs) for dbt.

The files (``paths.ees_csc_dir()``, env ``SCRUTINY_EES_CSC_DIR``, default ``../shared/ees_csc``) share EES's standard
layout: ``time_period``, ``time_identifier``, ``geographic_level`` (National / Regional / Local authority), country,
region and LA codes and names, optionally one filter column (``category``, ``population_type``), then one column per
indicator. ``prepare`` checks every file and reshapes them into one long parquet file (one row per file row and
indicator, the cell kept as text: suppression symbols are read in staging), which dbt reads as the source
``ees_csc.cells``.

Bad input raises :class:`scrutiny.errors.InputError` with a :class:`Problem` per defect, naming the file, row (the
line in the file; the header is row 1) and column. A missing folder, or one holding none of the files, is "absent":
the source is an empty parquet file with the same columns, the EES models build empty, and one line is logged.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scrutiny import paths
from scrutiny.errors import InputError, Problem, not_utf8
from scrutiny.inputs import plausibility

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dataset:
    """One EES file: its id in the warehouse, its file name, the publication, and its filter column (if any)."""

    dataset_id: str
    file_name: str
    publication: str
    filter_column: str | None


DATASETS = (
    Dataset("cin_children_in_need", "b1_children_in_need_2013_to_2025.csv", "Children in need", "category"),
    Dataset(
        "cin_referrals",
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "Children in need",
        "category",
    ),
    Dataset(
        "cin_section_47_icpc",
        "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
        "Children in need",
        "category",
    ),
    Dataset("cin_cpp_starts", "d3_cpps_subsequent_plan_2013_to_2025.csv", "Children in need", "category"),
    Dataset("cin_cpp_at_31_march", "d5_cpps_at31march_by_duration_2013_to_2025.csv", "Children in need", "category"),
    Dataset(
        "cla_numbers_and_rates", "cla_number_and_rate_per_10k_children.csv", "Children looked after", "population_type"
    ),
    Dataset("csc_workforce", "csww_indicators_2017_to_2025.csv", "Children's social work workforce", None),
)

#: Columns every EES file has (the standard layout); everything else but the filter column is an indicator.
GEOGRAPHY_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
#: Descriptive columns that are neither geography nor indicator.
IGNORED_COLUMNS = ("country_name",)
GEOGRAPHIC_LEVELS = ("National", "Regional", "Local authority")
#: EES symbols for a cell with no figure (read as missing with a reason in staging), and a blank cell.
SYMBOLS = ("c", "z", "x", "u", "k", "low", ".", "")
LA_CODE = re.compile(r"\d{3}( / \d{3})*")
_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: The seed that says which EES indicators the warehouse reads, and their units.
MEASURES_SEED = "reference/ees_csc_measures.csv"

VALUES_OUT = "ees_csc_values.parquet"
#: Beside the landed file: the names, sizes and modification times of the files it was landed from.
LANDED_FROM = "ees_csc_values.source.json"
VALUES_SCHEMA = pa.schema(
    [
        ("dataset_id", pa.string()),
        ("source_file", pa.string()),
        ("source_row", pa.int32()),
        ("time_period", pa.int32()),
        ("time_identifier", pa.string()),
        ("geographic_level", pa.string()),
        ("country_code", pa.string()),
        ("region_code", pa.string()),
        ("region_name", pa.string()),
        ("old_la_code", pa.string()),
        ("new_la_code", pa.string()),
        ("la_name", pa.string()),
        ("breakdown", pa.string()),
        ("indicator", pa.string()),
        ("value_text", pa.string()),
    ]
)


def _file_identity(path: Path) -> list[object]:
    stat = path.stat()
    return [path.name, stat.st_size, stat.st_mtime_ns]


def present_files(source_dir: Path | None) -> list[Dataset]:
    if source_dir is None or not source_dir.is_dir():
        return []
    return [d for d in DATASETS if (source_dir / d.file_name).is_file()]


#: The columns that identify a row of an EES file: one row per period, place and filter value.
KEY_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "old_la_code",
    "new_la_code",
)


def read_dataset(
    path: Path, dataset: Dataset, bounds: dict[tuple[str, str], plausibility.Bounds] | None = None
) -> tuple[dict[str, list[object]], list[Problem]]:
    """One file's rows in the long shape (column name -> values), and every problem found (file, row, column): a
    byte that is not UTF-8, a row that repeats another's period, place and filter value, a cell that is neither a
    number nor an EES symbol, a number outside its measure's bounds (``bounds``: (indicator, filter value) ->
    bounds, from the measures the warehouse reads)."""
    name = path.name
    rows: dict[str, list[object]] = {field.name: [] for field in VALUES_SCHEMA}
    encoding = not_utf8(path, name)
    if encoding is not None:
        return rows, [encoding]
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        if not header:
            return rows, [Problem(name, "the file is empty", row=1)]
        missing = [c for c in GEOGRAPHY_COLUMNS if c not in header]
        if dataset.filter_column and dataset.filter_column not in header:
            missing.append(dataset.filter_column)
        for column in missing:
            problems.append(Problem(name, "a column of EES's standard layout is missing", row=1, column=column))
        if missing:
            return rows, problems
        position = {c: i for i, c in enumerate(header)}
        skip = {*GEOGRAPHY_COLUMNS, *IGNORED_COLUMNS, dataset.filter_column}
        indicators = [c for c in header if c not in skip]
        if not indicators:
            problems.append(Problem(name, "no indicator columns after the standard EES columns", row=1))
        seen: dict[tuple[str, ...], int] = {}
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, f"{len(cells)} fields where the header has {len(header)}", row=line))
                continue
            cell = {c: cells[i].strip() for c, i in position.items()}
            row_problems = _check_row(name, line, cell)
            breakdown = cell[dataset.filter_column] if dataset.filter_column else "Total"
            key = (*(cell[c] for c in KEY_COLUMNS), breakdown)
            if key in seen:
                row_problems.append(_duplicate(name, line, seen[key], cell, dataset))
            seen.setdefault(key, line)
            problems += row_problems
            if row_problems:
                continue
            base = {
                "dataset_id": dataset.dataset_id,
                "source_file": name,
                "source_row": line,
                "time_period": int(cell["time_period"]),
                "time_identifier": cell["time_identifier"],
                "geographic_level": cell["geographic_level"],
                "country_code": cell["country_code"] or None,
                "region_code": cell["region_code"] or None,
                "region_name": cell["region_name"] or None,
                "old_la_code": cell["old_la_code"] or None,
                "new_la_code": cell["new_la_code"] or None,
                "la_name": cell["la_name"] or None,
                "breakdown": breakdown,
            }
            for indicator in indicators:
                text = cell[indicator]
                problem = _check_value(name, line, indicator, text, (bounds or {}).get((indicator, breakdown)))
                if problem is not None:
                    problems.append(problem)
                    continue
                for key_column, value in base.items():
                    rows[key_column].append(value)
                rows["indicator"].append(indicator)
                rows["value_text"].append(text)
    return rows, problems


def _duplicate(name: str, line: int, first: int, cell: dict[str, str], dataset: Dataset) -> Problem:
    level = cell["geographic_level"]
    place = {
        "Local authority": f"authority {cell['old_la_code']} {cell['la_name']}".strip(),
        "Regional": f"region {cell['region_code']} {cell['region_name']}".strip(),
    }.get(level, f"{level} {cell['country_code']}".strip())
    where = f", {dataset.filter_column} {cell[dataset.filter_column]!r}" if dataset.filter_column else ""
    column = "old_la_code" if level == "Local authority" else "time_period"
    return Problem(
        name,
        f"repeats row {first}: {place}, time_period {cell['time_period']}{where} is listed twice (one row per "
        "period, place and filter value)",
        line,
        column,
        "duplicate_key",
    )


def _check_value(name: str, line: int, indicator: str, text: str, bounds: plausibility.Bounds | None) -> Problem | None:
    """A cell is a number or an EES symbol, and a number lies within its measure's bounds."""
    if text in SYMBOLS:
        return None
    if not _NUMBER.match(text.replace(",", "")):
        symbols = ", ".join(SYMBOLS[:-1])
        return Problem(name, f"{text!r} is neither a number nor an EES symbol ({symbols})", line, indicator)
    if bounds is not None and not bounds.admits(float(text.replace(",", ""))):
        return Problem(name, f"{text} is outside {bounds.describe()}", line, indicator, "range")
    return None


def measure_bounds(project: Path) -> dict[str, dict[tuple[str, str], plausibility.Bounds]]:
    """The bounds of every EES measure the warehouse reads (seed ees_csc_measures), by dataset and then by
    (indicator, filter value)."""
    seeds = paths.seeds_dir(project)
    measures = plausibility.seed_rows(seeds, MEASURES_SEED)
    by_id = plausibility.measure_bounds(seeds, plausibility.SOURCE_EES, {m["measure_id"]: m["unit"] for m in measures})
    found: dict[str, dict[tuple[str, str], plausibility.Bounds]] = {}
    for measure in measures:
        if measure["measure_id"] in by_id:
            key = (measure["indicator"], measure["breakdown"])
            found.setdefault(measure["dataset_id"], {})[key] = by_id[measure["measure_id"]]
    return found


def _check_row(name: str, line: int, cell: dict[str, str]) -> list[Problem]:
    problems = []
    if not re.fullmatch(r"\d{4}(\d{2})?", cell["time_period"]):
        problems.append(
            Problem(name, f"time_period {cell['time_period']!r} is not a year (YYYY or YYYYYY)", line, "time_period")
        )
    level = cell["geographic_level"]
    if level not in GEOGRAPHIC_LEVELS:
        problems.append(
            Problem(
                name,
                f"geographic_level {level!r} is not one of {', '.join(GEOGRAPHIC_LEVELS)}",
                line,
                "geographic_level",
            )
        )
    # a local authority, or authorities reporting together ("940 / 941", in the workforce statistics)
    if level == "Local authority" and not LA_CODE.fullmatch(cell["old_la_code"]):
        problems.append(
            Problem(
                name,
                f"a local authority row needs a 3-digit old_la_code, not {cell['old_la_code']!r}",
                line,
                "old_la_code",
            )
        )
    return problems


def prepare(source_dir: Path | None, work_dir: Path) -> dict[str, str]:
    """Check and land the EES files; return the dbt vars of the source ``ees_csc`` (ees_csc_available,
    ees_csc_values_path). Raises InputError naming every bad file, row and column."""
    work_dir.mkdir(parents=True, exist_ok=True)
    out = work_dir / VALUES_OUT
    present = present_files(source_dir)
    if not present:
        where = "no folder configured" if source_dir is None else str(source_dir)
        log.warning(
            "EES children's social care statistics absent (%s): EES models will be empty. Set SCRUTINY_EES_CSC_DIR.",
            where,
        )
        pq.write_table(VALUES_SCHEMA.empty_table(), out)
        (work_dir / LANDED_FROM).unlink(missing_ok=True)
        return {"ees_csc_available": "false", "ees_csc_values_path": str(out.resolve())}
    assert source_dir is not None
    stamp = json.dumps([str(source_dir.resolve()), *[_file_identity(source_dir / d.file_name) for d in present]])
    if out.is_file() and (work_dir / LANDED_FROM).is_file() and (work_dir / LANDED_FROM).read_text() == stamp:
        log.info("EES children's social care statistics unchanged since they were landed: %s", source_dir)
        return {"ees_csc_available": "true", "ees_csc_values_path": str(out.resolve())}
    (work_dir / LANDED_FROM).unlink(missing_ok=True)
    problems = [
        Problem(d.file_name, f"missing from {source_dir} (the other EES files are there)")
        for d in DATASETS
        if d not in present
    ]
    rows: dict[str, list[object]] = {field.name: [] for field in VALUES_SCHEMA}
    bounds = measure_bounds(paths.project_dir())
    for dataset in present:
        dataset_rows, dataset_problems = read_dataset(
            source_dir / dataset.file_name, dataset, bounds.get(dataset.dataset_id)
        )
        for key, values in dataset_rows.items():
            rows[key] += values
        problems += dataset_problems
    if problems:
        raise InputError(problems)
    pq.write_table(pa.Table.from_pydict(rows, schema=VALUES_SCHEMA), out)
    (work_dir / LANDED_FROM).write_text(stamp, encoding="utf-8")
    log.info(
        "EES children's social care statistics present: %s (%d values landed)", source_dir, len(rows["value_text"])
    )
    return {"ees_csc_available": "true", "ees_csc_values_path": str(out.resolve())}
