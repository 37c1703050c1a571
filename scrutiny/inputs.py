"""Pre-dbt checks of the build's inputs: fast, and precise about file, row and column.

What this module owns (and nothing else owns):
- the source-document registry: every registered text exists and its SHA-256 matches the registry;
- the shape of every seed CSV against its YAML (``seeds/**/_*.yml`` ``config.column_types``): the file is not
  empty, is comma-separated, has exactly the declared columns, every row has as many fields as the header,
  and every numeric / date / boolean cell parses;
- local-authority references: a column holding LA codes only holds codes listed in
  ``seeds/reference/local_authorities.csv``.

Value rules (ranges by unit, category sets, uniqueness, parts within totals) belong to the Great Expectations
input suites (``expectations/inputs/``), which run on the frames :func:`read_seed_frames` returns. Period labels
are dbt's (the ``parse_period`` macro and the tests on it); the build reports the failing rows.

Row numbers are line numbers in the file: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from scrutiny.errors import Problem

ROW_COLUMN = "_row"
"""Column added to every seed frame: the row's line number in its CSV file (header = 1)."""

_NUMERIC = re.compile(
    r"^(tinyint|smallint|int|integer|bigint|hugeint|ubigint|uinteger|double|float|real|decimal|numeric)\b"
)
_INTEGER = re.compile(r"^(tinyint|smallint|int|integer|bigint|hugeint|ubigint|uinteger)\b")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLEAN_TEXT = {"true", "false", "t", "f", "1", "0", "yes", "no"}
_OTHER_DELIMITERS = (";", "\t", "|")

#: Columns of local_authorities.csv that identify an LA; a seed column named like one of these (or ending in
#: ``_<name>``, e.g. ``neighbour_la_code``) must hold a value listed there.
LA_KEY_COLUMNS = ("la_code", "la_number", "new_la_code", "old_la_code")


@dataclass
class SeedSchema:
    """A seed CSV and the columns its YAML declares (name -> type; empty when the YAML declares none)."""

    name: str
    csv_path: Path
    yaml_path: Path | None
    column_types: dict[str, str] = field(default_factory=dict)

    def numeric_columns(self) -> list[str]:
        return [c for c, t in self.column_types.items() if _NUMERIC.match(t.strip().lower())]


def relative(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- source documents --------------------------------------------------------------------------------------


def check_source_documents(project: Path, registry: Path) -> list[Problem]:
    """Every registered document exists and hashes to the registered SHA-256."""
    name = relative(registry, project)
    if not registry.is_file():
        return [Problem(name, "the source-document registry is missing")]
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
            actual = sha256_of(doc_path)
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


def load_seed_schemas(seeds: Path) -> dict[str, SeedSchema]:
    """Every seed CSV under ``seeds`` with the column types its YAML declares."""
    schemas: dict[str, SeedSchema] = {
        path.stem: SeedSchema(path.stem, path, None) for path in sorted(seeds.rglob("*.csv"))
    }
    for yml in sorted(seeds.rglob("*.yml")):
        try:
            document = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue  # dbt reports YAML errors with its own precise message
        for seed in document.get("seeds") or []:
            name = seed.get("name")
            if name not in schemas:
                continue
            column_types = ((seed.get("config") or {}).get("column_types")) or {}
            if not column_types:
                column_types = {c["name"]: "" for c in seed.get("columns") or [] if c.get("name")}
            schemas[name].yaml_path = yml
            schemas[name].column_types = {str(k): str(v or "") for k, v in column_types.items()}
    return schemas


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of each data row; blank lines skipped."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for fields in reader:
        if not header:
            header = [h.strip() for h in fields]
            continue
        if not fields or all(not f.strip() for f in fields):
            continue
        rows.append((reader.line_num, fields))
    return header, rows


def check_seed_file(schema: SeedSchema, project: Path, la_codes: dict[str, set[str]] | None = None) -> list[Problem]:
    """Shape and cell types of one seed CSV against its declared columns."""
    name = relative(schema.csv_path, project)
    declared_in = relative(schema.yaml_path, project) if schema.yaml_path else "its YAML"
    if schema.csv_path.stat().st_size == 0 or not schema.csv_path.read_text(encoding="utf-8-sig").strip():
        return [Problem(name, "the file is empty (no header, no rows)", check="empty_file")]
    try:
        header, rows = _read_rows(schema.csv_path)
    except (csv.Error, UnicodeDecodeError) as error:
        return [Problem(name, f"cannot be read as UTF-8 CSV: {error}", check="unreadable")]
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
    for column, column_type in schema.column_types.items():
        index = header.index(column)
        kind = column_type.strip().lower()
        for line, fields in rows:
            cell = fields[index].strip()
            if cell == "":
                continue
            if _INTEGER.match(kind) and not _INTEGER_TEXT.match(cell):
                problems.append(Problem(name, f'"{cell}" is not a whole number', line, column, "type"))
            elif _NUMERIC.match(kind) and not _NUMBER_TEXT.match(cell):
                problems.append(Problem(name, f'"{cell}" is not a number', line, column, "type"))
            elif kind == "date" and not _DATE_TEXT.match(cell):
                problems.append(Problem(name, f'"{cell}" is not a date (YYYY-MM-DD)', line, column, "type"))
            elif kind == "boolean" and cell.lower() not in _BOOLEAN_TEXT:
                problems.append(Problem(name, f'"{cell}" is not true/false', line, column, "type"))
    if la_codes:
        problems.extend(_check_la_references(name, header, rows, la_codes))
    return problems[:50]


def _la_key_for(column: str, la_codes: dict[str, set[str]]) -> str | None:
    for key in la_codes:
        if column == key or column.endswith("_" + key):
            return key
    return None


def _check_la_references(
    name: str, header: list[str], rows: list[tuple[int, list[str]]], la_codes: dict[str, set[str]]
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
                        f'"{cell}" is not a local authority in seeds/reference/local_authorities.csv ({key})',
                        line,
                        column,
                        "unknown_local_authority",
                    )
                )
    return problems


def load_la_codes(seeds: Path) -> dict[str, set[str]]:
    """Known LA identifiers by key column, from seeds/reference/local_authorities.csv (empty when absent)."""
    path = seeds / "reference" / "local_authorities.csv"
    if not path.is_file():
        return {}
    try:
        header, rows = _read_rows(path)
    except (csv.Error, UnicodeDecodeError):
        return {}
    codes: dict[str, set[str]] = {}
    for key in LA_KEY_COLUMNS:
        if key in header:
            index = header.index(key)
            codes[key] = {fields[index].strip() for _, fields in rows if len(fields) > index and fields[index].strip()}
    return codes


def check_inputs(project: Path, seeds: Path, registry: Path) -> list[Problem]:
    """All pre-dbt input checks; an empty list means the inputs are fit to build from."""
    problems = check_source_documents(project, registry)
    la_codes = load_la_codes(seeds)
    for schema in load_seed_schemas(seeds).values():
        own_reference = schema.csv_path.name == "local_authorities.csv"
        problems.extend(check_seed_file(schema, project, None if own_reference else la_codes))
    return problems


# --- frames for the Great Expectations input suites --------------------------------------------------------


def read_seed_frame(schema: SeedSchema) -> pd.DataFrame:
    """A seed as a DataFrame: text columns as text (blank = missing), numeric columns as numbers, plus _row.

    Call only after :func:`check_seed_file` passed for the file.
    """
    header, rows = _read_rows(schema.csv_path)
    frame = pd.DataFrame([fields for _, fields in rows], columns=header, dtype="string")
    frame = frame.apply(lambda s: s.str.strip()).replace({"": pd.NA})
    for column in schema.numeric_columns():
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame.insert(0, ROW_COLUMN, [line for line, _ in rows])
    return frame


def read_seed_frames(seeds: Path) -> dict[str, tuple[pd.DataFrame, SeedSchema]]:
    """Every seed as (frame, schema), keyed by the relation dbt loads it into (``seeds.<name>``)."""
    return {f"seeds.{name}": (read_seed_frame(schema), schema) for name, schema in load_seed_schemas(seeds).items()}
