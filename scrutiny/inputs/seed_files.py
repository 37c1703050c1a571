"""Reading the seed CSVs and the columns their YAML declares: what the input checks and the input frames share.

Row numbers are line numbers in the file: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_NUMERIC = re.compile(
    r"^(tinyint|smallint|int|integer|bigint|hugeint|ubigint|uinteger|double|float|real|decimal|numeric)\b"
)
_INTEGER = re.compile(r"^(tinyint|smallint|int|integer|bigint|hugeint|ubigint|uinteger)\b")

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
    #: The keys the YAML declares unique (dbt's ``unique`` on a column, ``unique_combination`` on the seed): each a
    #: tuple of columns; a single column's blanks are not compared (as dbt's ``unique`` ignores nulls).
    unique_keys: list[tuple[str, ...]] = field(default_factory=list)

    def numeric_columns(self) -> list[str]:
        return [c for c, t in self.column_types.items() if is_numeric_type(t)]


def is_numeric_type(column_type: str) -> bool:
    return bool(_NUMERIC.match(column_type.strip().lower()))


def is_integer_type(column_type: str) -> bool:
    return bool(_INTEGER.match(column_type.strip().lower()))


def relative(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_seed_schemas(seeds: Path) -> dict[str, SeedSchema]:
    """Every seed CSV under ``seeds`` with the column types its YAML declares."""
    schemas: dict[str, SeedSchema] = {
        path.stem: SeedSchema(path.stem, path, None) for path in sorted(seeds.rglob("*.csv"))
    }
    for yml in sorted(seeds.rglob("*.yml")):
        try:
            document = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
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
            schemas[name].unique_keys = _declared_unique_keys(seed)
    return schemas


def _declared_unique_keys(seed: dict) -> list[tuple[str, ...]]:
    """The unique keys a seed's YAML declares: columns with dbt's ``unique`` test (not one limited by a ``where``)
    and the seed's ``unique_combination`` tests."""
    keys: list[tuple[str, ...]] = []
    for test in seed.get("data_tests") or seed.get("tests") or []:
        if isinstance(test, dict) and "unique_combination" in test:
            arguments = test["unique_combination"] or {}
            columns = (arguments.get("arguments") or arguments).get("columns") or []
            keys.append(tuple(str(c) for c in columns))
    for column in seed.get("columns") or []:
        for test in column.get("data_tests") or column.get("tests") or []:
            where = ((test.get("unique") or {}).get("config") or {}).get("where") if isinstance(test, dict) else None
            if (test == "unique" or (isinstance(test, dict) and "unique" in test)) and not where:
                keys.append((str(column["name"]),))
    return keys


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of each data row; blank lines skipped. Raises UnicodeDecodeError and
    csv.Error for a file that is not UTF-8 CSV."""
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


def load_la_codes(path: Path) -> dict[str, set[str]]:
    """Known LA identifiers by key column, from the local-authority code list seed (empty when absent)."""
    if not path.is_file():
        return {}
    try:
        header, rows = read_rows(path)
    except (csv.Error, UnicodeDecodeError):
        return {}
    codes: dict[str, set[str]] = {}
    for key in LA_KEY_COLUMNS:
        if key in header:
            index = header.index(key)
            codes[key] = {fields[index].strip() for _, fields in rows if len(fields) > index and fields[index].strip()}
    return codes
