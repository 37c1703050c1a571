"""Pre-dbt checks of the build's inputs: fast, and precise about file, row and column.

What this module owns (and nothing else owns):
- the source-document registry: every registered text exists and its SHA-256 matches the registry;
- the shape of every seed CSV against its YAML (``seeds/**/_*.yml`` ``config.column_types``): the file is not
  empty, is comma-separated, has exactly the declared columns, every row has as many fields as the header,
  and every numeric / date / boolean cell parses;
- local-authority references: a column holding LA codes only holds codes listed in
  ``seeds/reference/local_authorities.csv``;
- every file is UTF-8, and no cell has spaces at either end (dbt loads cells as they are: ``"2020/21 "`` would
  be a second period label);
- provenance: every transcribed figure is printed on the line of the source document its row cites
  (scrutiny.inputs.provenance).

Value rules (ranges by unit, category sets, uniqueness, parts within totals) belong to the Great Expectations
input suites (``expectations/inputs/``), which run on the frames scrutiny.inputs.frames builds. Period labels
are dbt's (the ``parse_period`` macro and the tests on it); the build reports the failing rows.

Row numbers are line numbers in the file: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from scrutiny import paths
from scrutiny.errors import BuildFailed, Problem, not_utf8
from scrutiny.inputs import provenance
from scrutiny.inputs.seed_files import (
    SeedSchema,
    is_integer_type,
    is_numeric_type,
    load_la_codes,
    load_seed_schemas,
    read_rows,
    relative,
)

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLEAN_TEXT = {"true", "false", "t", "f", "1", "0", "yes", "no"}
_OTHER_DELIMITERS = (";", "\t", "|")
#: At most this many problems are listed in a failure report (then a count of the rest).
LISTED = 40

# --- source documents --------------------------------------------------------------------------------------


def check_source_documents(project: Path, registry: Path) -> list[Problem]:
    """Every registered document exists and hashes to the registered SHA-256."""
    name = relative(registry, project)
    if not registry.is_file():
        return [Problem(name, "the source-document registry is missing")]
    undecodable = not_utf8(registry, relative(registry, project))
    if undecodable:
        return [undecodable]
    problems: list[Problem] = []
    with registry.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"source_document_id", "path", "sha256"} - set(reader.fieldnames or [])
        if missing:
            return [Problem(name, f"missing required column(s): {', '.join(sorted(missing))}", row=1)]
        for record in reader:
            row = reader.line_num
            doc_id = record["source_document_id"]
            doc_path = project / (record["path"] or "")
            if not record["path"] or not doc_path.is_file():
                problems.append(
                    Problem(name, f"source document {doc_id!r}: file {record['path']!r} does not exist", row, "path")
                )
                continue
            actual = paths.file_sha256(doc_path)
            expected = (record["sha256"] or "").strip().lower()
            if actual != expected:
                problems.append(
                    Problem(
                        name,
                        f"source document {doc_id!r}: {record['path']} has sha256 {actual}, the registry says "
                        f"{expected or '(blank)'}. The text changed: if on purpose, update the registry in the "
                        "same commit; otherwise restore the file.",
                        row,
                        "sha256",
                        check="source_document_checksum",
                    )
                )
    return problems


# --- seed schemas ------------------------------------------------------------------------------------------


def check_seed_file(schema: SeedSchema, project: Path, la_codes: dict[str, set[str]] | None = None) -> list[Problem]:
    """Shape and cell types of one seed CSV against its declared columns."""
    name = relative(schema.csv_path, project)
    declared_in = relative(schema.yaml_path, project) if schema.yaml_path else "its YAML"
    undecodable = not_utf8(schema.csv_path, relative(schema.csv_path, project))
    if undecodable:
        return [undecodable]
    if not schema.csv_path.read_text(encoding="utf-8-sig").strip():
        return [Problem(name, "the file is empty (no header, no rows)", check="empty_file")]
    try:
        header, rows = read_rows(schema.csv_path)
    except csv.Error as error:
        return [Problem(name, f"cannot be read as CSV: {error}", check="unreadable")]
    expected = list(schema.column_types)
    if len(header) == 1 and len(expected) != 1:
        delimiter = next((d for d in _OTHER_DELIMITERS if d in header[0]), None)
        hint = f"it looks {'tab' if delimiter == chr(9) else repr(delimiter)}-separated; " if delimiter else ""
        return [
            Problem(
                name,
                f"the header has one column ({header[0][:80]!r}); {hint}seeds must be comma-separated",
                row=1,
                check="wrong_delimiter",
            )
        ]
    problems: list[Problem] = []
    duplicates = sorted({h for h in header if header.count(h) > 1})
    for column in duplicates:
        problems.append(Problem(name, "the column appears more than once in the header", 1, column, "header"))
    if expected:
        for column in expected:
            if column not in header:
                problems.append(
                    Problem(
                        name, f"required column is missing (declared in {declared_in})", 1, column, "missing_column"
                    )
                )
        for column in header:
            if column not in schema.column_types:
                problems.append(
                    Problem(
                        name,
                        f"unknown column (not declared in {declared_in} column_types)",
                        1,
                        column,
                        "unknown_column",
                    )
                )
    if problems:
        return problems
    for line, fields in rows:
        if len(fields) != len(header):
            problems.append(
                Problem(name, f"has {len(fields)} fields, the header has {len(header)}", line, check="field_count")
            )
    if problems:
        return problems[:20]
    problems.extend(_untrimmed_cells(name, header, rows))
    problems.extend(_repeated_keys(name, header, rows, schema.unique_keys))
    for column, column_type in schema.column_types.items():
        index = header.index(column)
        kind = column_type.strip().lower()
        for line, fields in rows:
            cell = fields[index].strip()
            if cell == "":
                continue
            if is_integer_type(kind) and not _INTEGER_TEXT.match(cell):
                problems.append(Problem(name, f'"{cell}" is not a whole number', line, column, "type"))
            elif is_numeric_type(kind) and not _NUMBER_TEXT.match(cell):
                problems.append(Problem(name, f'"{cell}" is not a number', line, column, "type"))
            elif kind == "date" and not _DATE_TEXT.match(cell):
                problems.append(Problem(name, f'"{cell}" is not a date (YYYY-MM-DD)', line, column, "type"))
            elif kind == "boolean" and cell.lower() not in _BOOLEAN_TEXT:
                problems.append(Problem(name, f'"{cell}" is not true/false', line, column, "type"))
    if la_codes:
        code_list = relative(paths.local_authorities_seed(project), project)
        problems.extend(_check_la_references(name, header, rows, la_codes, code_list))
    return problems[:50]


def _repeated_keys(
    name: str, header: list[str], rows: list[tuple[int, list[str]]], keys: list[tuple[str, ...]]
) -> list[Problem]:
    """Rows that repeat a key the seed's YAML declares unique (dbt's test, checked here before dbt so the row is
    named at once rather than after a whole build)."""
    problems = []
    for key in keys:
        if not all(c in header for c in key):
            continue
        indexes = [header.index(c) for c in key]
        first: dict[tuple[str, ...], int] = {}
        for line, fields in rows:
            value = tuple(fields[i].strip() for i in indexes)
            if len(key) == 1 and not value[0]:
                continue
            if value in first:
                shown = ", ".join(f"{c} {v!r}" for c, v in zip(key, value, strict=True))
                problems.append(
                    Problem(
                        name, f"repeats row {first[value]}: {shown} (declared unique)", line, key[0], "duplicate_key"
                    )
                )
            first.setdefault(value, line)
    return problems


def _untrimmed_cells(name: str, header: list[str], rows: list[tuple[int, list[str]]]) -> list[Problem]:
    """Cells with spaces at either end: dbt loads them as they are, so "2020/21 " would be a second period."""
    return [
        Problem(
            name,
            f"{cell!r} has spaces at its start or end (dbt would load them as part of the value)",
            line,
            column,
            "untrimmed",
        )
        for line, fields in rows
        for column, cell in zip(header, fields, strict=False)
        if cell != cell.strip()
    ]


def _la_key_for(column: str, la_codes: dict[str, set[str]]) -> str | None:
    for key in la_codes:
        if column == key or column.endswith("_" + key):
            return key
    return None


def _check_la_references(
    name: str, header: list[str], rows: list[tuple[int, list[str]]], la_codes: dict[str, set[str]], code_list: str
) -> list[Problem]:
    problems: list[Problem] = []
    for index, column in enumerate(header):
        key = _la_key_for(column, la_codes)
        if key is None:
            continue
        for line, fields in rows:
            cell = fields[index].strip()
            if cell and cell not in la_codes[key]:
                problems.append(
                    Problem(
                        name,
                        f'"{cell}" is not a local authority in {code_list} ({key})',
                        line,
                        column,
                        "unknown_local_authority",
                    )
                )
    return problems


def check_inputs(project: Path) -> list[Problem]:
    """All pre-dbt input checks of a project; an empty list means the inputs are fit to build from."""
    seeds = paths.seeds_dir(project)
    problems = check_source_documents(project, paths.source_documents_registry(project))
    la_codes = load_la_codes(paths.local_authorities_seed(project))
    for schema in load_seed_schemas(seeds).values():
        own_reference = schema.csv_path.resolve() == paths.local_authorities_seed(project).resolve()
        problems.extend(check_seed_file(schema, project, None if own_reference else la_codes))
    if not problems:  # provenance reads the files the checks above have passed
        problems.extend(provenance.check_provenance(project))
    return problems


def check_seed_files(files: list[Path], project: Path | None = None) -> tuple[list[Problem], list[Path]]:
    """Shape checks of the given seed files only: (problems, files that are not seeds of the project)."""
    project = project or paths.project_dir()
    schemas = load_seed_schemas(paths.seeds_dir(project))
    la_codes = load_la_codes(paths.local_authorities_seed(project))
    wanted = {f.resolve() for f in files}
    problems = [
        p for s in schemas.values() if s.csv_path.resolve() in wanted for p in check_seed_file(s, project, la_codes)
    ]
    unknown = sorted(wanted - {s.csv_path.resolve() for s in schemas.values()})
    return problems, unknown


def failure(problems: list[Problem]) -> BuildFailed:
    """The build step's failure for a list of input problems."""
    intro = "Input check failed (rows are line numbers in the file; the header is row 1):"
    return BuildFailed.from_problems("input checks", problems, intro, LISTED)
