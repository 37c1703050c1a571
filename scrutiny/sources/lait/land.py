"""Land DfE's LAIT extract for dbt.

DuckDB reads the long "BDS" parquet and the data dictionary CSV directly, so those stay where they are (after
scrutiny.sources.lait.checks has checked them: finite, plausible values, known authorities, the columns the models
read).
What DuckDB cannot read without an extension the build would have to download (the xlsx statistical-neighbour
models and the LA code list) is converted to parquet in ``work_dir``.

``prepare`` returns the dbt vars the LAIT sources read (``models/staging/lait/_lait__sources.yml``).
When the extract is absent it writes empty files with the right columns and types, so every LAIT model
builds and is empty-but-typed, and it logs "LAIT extract absent". A file that is present but unfit raises
scrutiny.errors.InputError naming the file, row and column.

Which statistical-neighbour workbooks to read comes from the registry of neighbour groups
(``seeds/reference/neighbour_group_versions.csv``, rows with ``members_from`` = ``lait_workbook``): a new DfE
model is a row there and a workbook beside the extract. A workbook missing from the extract drops that group
only, with a warning naming the file; the rest of the extract is landed.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scrutiny import paths
from scrutiny.errors import InputError, Problem
from scrutiny.inputs import plausibility
from scrutiny.sources.lait import checks as lait_checks
from scrutiny.sources.lait.schema import (
    BDS_FILE,
    BDS_SCHEMA,
    DICTIONARY_COLUMNS,
    DICTIONARY_FILE,
    EMPTY_BDS_OUT,
    EMPTY_DICTIONARY_OUT,
    LA_CODES_FILE,
    LA_CODES_OUT,
    LA_CODES_SCHEMA,
    NEIGHBOURS_OUT,
    NEIGHBOURS_SCHEMA,
    REQUIRED_FILES,
    WORKBOOK_GROUPS,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkbookGroup:
    """A statistical-neighbour group whose members are read from a DfE workbook in the extract."""

    neighbour_group_id: str
    workbook_file: str


def workbook_groups(registry: Path | None = None) -> list[WorkbookGroup]:
    """The registry's groups read from a workbook (``members_from`` = ``lait_workbook``), in registry order."""
    registry = registry or paths.neighbour_group_registry()
    with registry.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups: list[WorkbookGroup] = []
    for row_number, row in enumerate(rows, start=2):
        if (row.get("members_from") or "").strip() != WORKBOOK_GROUPS:
            continue
        workbook = (row.get("workbook_file") or "").strip()
        if not workbook:
            raise InputError(
                Problem(str(registry), f"is empty for a {WORKBOOK_GROUPS} group", row_number, "workbook_file")
            )
        groups.append(WorkbookGroup(row["neighbour_group_id"].strip(), workbook))
    return groups


def extract_files(registry: Path | None = None) -> list[str]:
    """Every file of the extract the build reads: the required ones, then each registered group's workbook."""
    return [*REQUIRED_FILES, *(group.workbook_file for group in workbook_groups(registry))]


def missing_files(lait_dir: Path | None, registry: Path | None = None) -> list[str]:
    """Names of the extract files (required ones and registered workbooks) not found in lait_dir (all of them when
    lait_dir is None)."""
    names = extract_files(registry)
    if lait_dir is None or not lait_dir.is_dir():
        return names
    return [name for name in names if not (lait_dir / name).is_file()]


def _cell_int(value: object) -> int | None:
    """An LA number cell as int; None for blanks and '-'."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip()
    return int(float(text)) if text and text.replace(".", "", 1).isdigit() else None


def _not_a_number(value: object) -> bool:
    """A cell that holds something, but not an LA number (nor the '-' DfE prints for none)."""
    text = _cell_text(value)
    return text is not None and text != "-" and _cell_int(value) is None


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_neighbour_workbook(path: Path, neighbour_group_id: str) -> list[dict[str, object]]:
    """One row per (focus LA, neighbour position) from a DfE SN workbook ('LA SN Groups' sheet).

    Layout: two rows of column letters/numbers, a header row ('LA num', 'LA Name', 'LA number', 'GOInd',
    'GOReg', then SN1, SNP, ..., SN10, SNP), one row per LA, then an 'Old SNs:' block for authorities
    that no longer exist (kept, flagged is_legacy_authority). A '-' neighbour cell means no neighbours.
    """
    rows = lait_checks.open_sheet_rows(path)
    header_index = next((i for i, row in enumerate(rows[:10]) if row and _cell_text(row[0]) == "LA num"), None)
    if header_index is None:
        raise InputError(Problem(path.name, "no header row starting 'LA num' in the first 10 rows", check="header"))
    header = [_cell_text(cell) for cell in rows[header_index]]
    sn_columns = [i for i, name in enumerate(header) if name and name.startswith("SN") and name[2:].isdigit()]
    if [header[i] for i in sn_columns] != [f"SN{n}" for n in range(1, 11)]:
        raise InputError(
            Problem(path.name, f"expected columns SN1..SN10, got {header}", header_index + 1, check="header")
        )
    out: list[dict[str, object]] = []
    problems: list[Problem] = []
    legacy = False
    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if row and _cell_text(row[1]) == "Old SNs:":
            legacy = True
            continue
        focus = _cell_int(row[0]) if row else None
        if focus is None:
            continue
        for position, column in enumerate(sn_columns, start=1):
            neighbour = _cell_int(row[column])
            if _not_a_number(row[column]):
                problems.append(
                    Problem(path.name, f"{row[column]!r} is not an LA number", index, f"SN{position}", "value")
                )
            if neighbour is None:
                continue
            out.append(
                {
                    "neighbour_group_id": neighbour_group_id,
                    "source_file": path.name,
                    "source_row": index,
                    "focus_la_number": focus,
                    "focus_la_name": _cell_text(row[1]),
                    "focus_region_name": _cell_text(row[4]),
                    "is_legacy_authority": legacy,
                    "neighbour_position": position,
                    "neighbour_la_number": neighbour,
                    "closeness": _cell_text(row[column + 1]),
                }
            )
    if problems:
        raise InputError(problems)
    return out


def read_la_codes(path: Path) -> list[dict[str, object]]:
    """One row per LA / region / England from la_code_list.xlsx (LA Number, LA Name, Region, Type)."""
    rows = lait_checks.open_sheet_rows(path)
    expected = ["LA Number", "LA Name", "Region", "Type"]
    if not rows or [_cell_text(cell) for cell in rows[0][:4]] != expected:
        got = list(rows[0]) if rows else "an empty sheet"
        raise InputError(Problem(path.name, f"expected columns {expected}, got {got}", 1, check="header"))
    out: list[dict[str, object]] = []
    problems: list[Problem] = []
    for index, row in enumerate(rows[1:], start=2):
        number = _cell_int(row[0])
        if _not_a_number(row[0]):
            problems.append(Problem(path.name, f"{row[0]!r} is not an LA number", index, "LA Number", "value"))
        if number is None:
            continue
        out.append(
            {
                "source_row": index,
                "la_number": number,
                "la_name": _cell_text(row[1]),
                "region_name": _cell_text(row[2]),
                "la_type": _cell_text(row[3]),
            }
        )
    if problems:
        raise InputError(problems)
    return out


def measure_bounds(dictionary: Path) -> dict[str, plausibility.Bounds]:
    """Each measure's bounds by unit: its axis label's unit (seed lait_unit_labels), or its own range (seed
    unit_bound_exceptions)."""
    seeds = paths.seeds_dir()
    units = lait_checks.dictionary_units(dictionary, plausibility.lait_unit_labels(seeds))
    return plausibility.measure_bounds(seeds, plausibility.SOURCE_LAIT, units)


def _write(rows: list[dict[str, object]], schema: pa.Schema, path: Path) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)


def prepare(lait_dir: Path | None, work_dir: Path) -> dict[str, str]:
    """Land the LAIT files DuckDB cannot read into work_dir and return the dbt vars for the LAIT sources.

    Vars: lait_available ('true'/'false'), lait_bds_path, lait_dictionary_path, lait_neighbours_path,
    lait_la_codes_path (absolute paths). When a required extract file is missing, all four point at empty typed
    files in work_dir and the LAIT marts build empty. A registered group's workbook that is missing drops that
    group only (a warning names it); the other groups and the values are landed.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    neighbours_path = work_dir / NEIGHBOURS_OUT
    la_codes_path = work_dir / LA_CODES_OUT
    missing = [name for name in REQUIRED_FILES if lait_dir is None or not (lait_dir / name).is_file()]
    if missing:
        where = "no folder configured" if lait_dir is None else str(lait_dir)
        log.warning(
            "LAIT extract absent (%s; missing %s): LAIT models will be empty. "
            "Set SCRUTINY_LAIT_DIR or run `make fetch-lait`.",
            where,
            ", ".join(missing),
        )
        bds_path = work_dir / EMPTY_BDS_OUT
        dictionary_path = work_dir / EMPTY_DICTIONARY_OUT
        pq.write_table(BDS_SCHEMA.empty_table(), bds_path)
        dictionary_path.write_text(",".join(f'"{name}"' for name in DICTIONARY_COLUMNS) + "\n", encoding="utf-8")
        _write([], NEIGHBOURS_SCHEMA, neighbours_path)
        _write([], LA_CODES_SCHEMA, la_codes_path)
        available = False
    else:
        assert lait_dir is not None
        bds_path = lait_dir / BDS_FILE
        dictionary_path = lait_dir / DICTIONARY_FILE
        la_codes = read_la_codes(lait_dir / LA_CODES_FILE)
        la_numbers = {int(r["la_number"]) for r in la_codes}  # type: ignore[call-overload]
        neighbours: list[dict[str, object]] = []
        for group in workbook_groups():
            workbook = lait_dir / group.workbook_file
            if not workbook.is_file():
                log.warning(
                    "LAIT neighbour group %s dropped: its workbook %s is not in %s (the other groups are landed)",
                    group.neighbour_group_id,
                    group.workbook_file,
                    lait_dir,
                )
                continue
            neighbours.extend(read_neighbour_workbook(workbook, group.neighbour_group_id))
        problems = lait_checks.check_dictionary(dictionary_path, DICTIONARY_COLUMNS)
        bounds = {} if problems else measure_bounds(dictionary_path)
        problems += lait_checks.check_bds(bds_path, la_numbers, bounds)
        problems += lait_checks.check_la_codes(la_codes, LA_CODES_FILE)
        problems += lait_checks.check_neighbours(neighbours, la_numbers)
        if problems:
            raise InputError(problems)
        _write(neighbours, NEIGHBOURS_SCHEMA, neighbours_path)
        _write(la_codes, LA_CODES_SCHEMA, la_codes_path)
        log.info("LAIT extract present: %s (%d neighbour rows landed)", lait_dir, len(neighbours))
        available = True
    return {
        "lait_available": "true" if available else "false",
        "lait_bds_path": str(bds_path.resolve()),
        "lait_dictionary_path": str(dictionary_path.resolve()),
        "lait_neighbours_path": str(neighbours_path.resolve()),
        "lait_la_codes_path": str(la_codes_path.resolve()),
    }
