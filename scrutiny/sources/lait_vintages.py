"""Land every published version ("vintage") of DfE's LAIT extract for dbt.

DfE rewrites its extract in place; the vintages folder keeps each published version of ``bds_long_0.parquet``
(and of the data dictionary, when the version had one) with a ``manifest.csv``: one row per vintage, in the order
DfE published them. DuckDB reads the parquet and CSV files where they are; nothing is copied and no row passes
through Python. ``prepare`` checks the folder and lands, in ``work_dir``:

- ``manifest.parquet``: the manifest with each vintage's position (``vintage_seq``, 1 = oldest), its commit time in
  UTC and the names the files are landed under;
- ``bds/<seq>_<vintage_id>.parquet``: a symbolic link to each vintage's extract (the name carries the vintage);
- ``dictionaries/<file>``: a symbolic link to each distinct data dictionary;
- ``bds/empty.parquet`` and ``dictionaries/empty.csv``: empty files with the right columns, so the dbt sources'
  globs always match a file (and the vintage models build empty when there are no vintages).

The links live in fixed places, so the dbt vars ``prepare`` returns are the same from build to build (dbt's partial
parse survives a new vintage).

Checks (each failure raises :class:`scrutiny.errors.InputError` naming the file, row and column where there are
some; the build then stops before dbt and publishes nothing):
- the manifest is UTF-8 CSV with its columns (``MANIFEST_COLUMNS``), a unique, file-name-safe ``vintage_id`` per
  row, a commit time with its UTC offset, and its rows in publication order (each ``committed_at`` later).
  An out-of-order manifest is an error, not sorted silently: the manifest is the record of what was published
  when, every revision is attributed to the vintage that made it, and a row out of place is more likely a
  mistyped date than a reordering to guess at. Sort the file (or fix the date) and build again.
- every file the manifest names is there, and its SHA-256 is the one the manifest records;
- every extract has the column layout of ``scrutiny.sources.lait.schema.BDS_SCHEMA`` (names, order and types) and every
  dictionary the header of ``scrutiny.sources.lait.schema.DICTIONARY_COLUMNS``.

Without the folder (``SCRUTINY_LAIT_VINTAGES_DIR`` empty, or the default ``../shared/lait/vintages`` missing) the
landed manifest is empty, the vintage models build empty but typed, and one line says so.
"""

from __future__ import annotations

import csv
import itertools
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scrutiny import paths
from scrutiny.errors import InputError, Problem, not_utf8
from scrutiny.sources.lait.schema import BDS_SCHEMA, DICTIONARY_COLUMNS

log = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.csv"
MANIFEST_COLUMNS = (
    "vintage_id",
    "commit",
    "committed_at",
    "bds_file",
    "bds_sha256",
    "dictionary_file",
    "dictionary_sha256",
    "message",
)

#: What ``prepare`` writes into work_dir.
MANIFEST_OUT = "manifest.parquet"
BDS_DIR = "bds"
DICTIONARY_DIR = "dictionaries"
EMPTY_BDS = "empty.parquet"
EMPTY_DICTIONARY = "empty.csv"

LANDED_MANIFEST_SCHEMA = pa.schema(
    [
        ("vintage_seq", pa.int32()),
        ("vintage_id", pa.string()),
        ("commit_sha", pa.string()),
        ("committed_at_source", pa.string()),
        ("committed_at_utc", pa.string()),
        ("bds_file", pa.string()),
        ("bds_sha256", pa.string()),
        ("landed_bds_file", pa.string()),
        ("dictionary_file", pa.string()),
        ("dictionary_sha256", pa.string()),
        ("landed_dictionary_file", pa.string()),
        ("message", pa.string()),
        ("manifest_row", pa.int32()),
    ]
)

#: int_lait_vintage_changes keeps the vintages a figure was published in as the bits of four bigints (62 each).
MAX_VINTAGES = 248

_SURPLUS = "\0surplus"  # where csv.DictReader puts the fields of a row beyond the header's
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Vintage:
    """One manifest row, checked."""

    seq: int
    row: int
    vintage_id: str
    commit: str
    committed_at_source: str
    committed_at: datetime
    bds_file: str
    bds_sha256: str
    dictionary_file: str | None
    dictionary_sha256: str | None
    message: str

    @property
    def landed_bds_file(self) -> str:
        return f"{self.seq:04d}_{self.vintage_id}.parquet"


def _parse_instant(text: str) -> datetime | None:
    """An ISO 8601 time with its UTC offset, or None (no offset, or not a time)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def read_manifest(source_dir: Path) -> list[Vintage]:
    """The manifest's rows, checked for columns, identifiers, times and order (not the files they name)."""
    path = source_dir / MANIFEST_FILE
    where = str(path)
    if not path.is_file():
        raise InputError(Problem(where, "the vintages folder has no manifest.csv", check="lait_vintages"))
    if (encoding := not_utf8(path, where)) is not None:
        raise InputError(encoding)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, restkey=_SURPLUS)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                [Problem(where, f"missing column (has {reader.fieldnames})", 1, c, "lait_vintages") for c in missing]
            )
        try:
            rows = list(reader)
        except csv.Error as error:  # a NUL byte, an unclosed quote
            raise InputError(Problem(where, f"cannot be read as CSV: {error}", reader.line_num)) from error
    problems: list[Problem] = []
    vintages: list[Vintage] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(rows, start=2):  # the header is row 1

        def problem(column: str, message: str, row_number: int = row_number) -> None:
            problems.append(Problem(where, message, row_number, column, "lait_vintages"))

        if _SURPLUS in row or None in row.values():  # more fields than the header has, or fewer
            problems.append(Problem(where, "the row's fields do not match the header's columns", row_number))
            continue
        vintage_id = (row["vintage_id"] or "").strip()
        if not _SAFE_NAME.match(vintage_id):
            problem("vintage_id", f"{vintage_id!r} is not a usable identifier (letters, digits, '.', '_', '-')")
        elif vintage_id in seen:
            problem("vintage_id", f"{vintage_id!r} is listed twice (first on row {seen[vintage_id]})")
        seen.setdefault(vintage_id, row_number)
        committed_at = _parse_instant((row["committed_at"] or "").strip())
        if committed_at is None:
            problem("committed_at", f"{row['committed_at']!r} is not an ISO 8601 time with a UTC offset")
        bds_file = (row["bds_file"] or "").strip()
        if not _SAFE_NAME.match(bds_file) or not bds_file.endswith(".parquet"):
            problem("bds_file", f"{bds_file!r} is not the name of a .parquet file in the vintages folder")
        bds_sha = (row["bds_sha256"] or "").strip().lower()
        if not _SHA256.match(bds_sha):
            problem("bds_sha256", f"{row['bds_sha256']!r} is not a SHA-256 (64 hex digits)")
        dictionary_file = (row["dictionary_file"] or "").strip() or None
        dictionary_sha = (row["dictionary_sha256"] or "").strip().lower() or None
        if dictionary_file is not None and (
            not _SAFE_NAME.match(dictionary_file) or dictionary_file == EMPTY_DICTIONARY
        ):
            problem("dictionary_file", f"{dictionary_file!r} is not the name of a file in the vintages folder")
        if dictionary_file is not None and not (dictionary_sha and _SHA256.match(dictionary_sha)):
            problem("dictionary_sha256", f"{row['dictionary_sha256']!r} is not a SHA-256 (64 hex digits)")
        if dictionary_file is None and dictionary_sha is not None:
            problem("dictionary_file", "a dictionary_sha256 is given without a dictionary_file")
        if committed_at is not None and vintages and committed_at <= vintages[-1].committed_at:
            previous = vintages[-1]
            problem(
                "committed_at",
                f"out of order: {row['committed_at']} is not later than {previous.committed_at_source} on row "
                f"{previous.row} ({previous.vintage_id}); the manifest lists vintages oldest first",
            )
        if committed_at is not None:
            vintages.append(
                Vintage(
                    seq=len(vintages) + 1,
                    row=row_number,
                    vintage_id=vintage_id,
                    commit=(row["commit"] or "").strip(),
                    committed_at_source=(row["committed_at"] or "").strip(),
                    committed_at=committed_at,
                    bds_file=bds_file,
                    bds_sha256=bds_sha,
                    dictionary_file=dictionary_file,
                    dictionary_sha256=dictionary_sha,
                    message=(row["message"] or "").strip(),
                )
            )
    if len(rows) > MAX_VINTAGES:
        problems.append(
            Problem(
                where,
                f"{len(rows)} vintages: at most {MAX_VINTAGES} are supported",
                len(rows) + 1,
                None,
                "lait_vintages",
            )
        )
    if problems:
        raise InputError(problems)
    return vintages


def _check_sha(path: Path, expected: str, manifest: Path, row: int, column: str) -> Problem | None:
    if not path.is_file():
        return Problem(str(path), f"missing: listed in {manifest} row {row}, column {column}", check="lait_vintages")
    actual = paths.file_sha256(path)
    if actual != expected:
        return Problem(
            str(path),
            f"SHA-256 {actual} does not match {expected} in {manifest} row {row}: the file changed since the "
            "manifest was written (or the manifest is wrong)",
            check="lait_vintages",
        )
    return None


def _check_bds_layout(path: Path) -> Problem | None:
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as error:
        return Problem(str(path), f"not a readable parquet file: {error}", check="lait_vintages")
    found = [(field.name, str(field.type)) for field in schema]
    expected = [(field.name, str(field.type)) for field in BDS_SCHEMA]
    if found == expected:
        return None
    pairs = itertools.zip_longest(found, expected, fillvalue=None)
    first = next((f or e for f, e in pairs if f != e), None)
    return Problem(
        str(path),
        f"column layout changed: expected {expected}, found {found}",
        column=first[0] if first else None,
        check="lait_vintages",
    )


def _check_dictionary_layout(path: Path) -> Problem | None:
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        header = next(csv.reader(handle), [])
    if tuple(header) != DICTIONARY_COLUMNS:
        return Problem(
            str(path),
            f"column layout changed: expected {list(DICTIONARY_COLUMNS)}, found {header}",
            row=1,
            check="lait_vintages",
        )
    return None


def check_files(source_dir: Path, vintages: list[Vintage]) -> None:
    """Every file the manifest names exists, has its recorded SHA-256 and the expected column layout."""
    manifest = source_dir / MANIFEST_FILE
    problems: list[Problem] = []
    checked_dictionaries: dict[str, str] = {}
    for vintage in vintages:
        bds = source_dir / vintage.bds_file
        problem = _check_sha(bds, vintage.bds_sha256, manifest, vintage.row, "bds_file")
        problem = problem or _check_bds_layout(bds)
        if problem:
            problems.append(problem)
        if vintage.dictionary_file is None:
            continue
        assert vintage.dictionary_sha256 is not None
        if vintage.dictionary_file in checked_dictionaries:
            if checked_dictionaries[vintage.dictionary_file] != vintage.dictionary_sha256:
                problems.append(
                    Problem(
                        str(manifest),
                        f"{vintage.dictionary_file} is listed with two different SHA-256s",
                        vintage.row,
                        "dictionary_sha256",
                        "lait_vintages",
                    )
                )
            continue
        checked_dictionaries[vintage.dictionary_file] = vintage.dictionary_sha256
        dictionary = source_dir / vintage.dictionary_file
        problem = _check_sha(dictionary, vintage.dictionary_sha256, manifest, vintage.row, "dictionary_file")
        problem = problem or _check_dictionary_layout(dictionary)
        if problem:
            problems.append(problem)
    if problems:
        raise InputError(problems)


def _reset_folder(folder: Path) -> None:
    """An empty folder (links and files from the previous landing removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            raise InputError(Problem(str(entry), "unexpected folder in the landing area", check="lait_vintages"))
        entry.unlink()


def _write_placeholders(bds_dir: Path, dictionary_dir: Path) -> None:
    pq.write_table(BDS_SCHEMA.empty_table(), bds_dir / EMPTY_BDS)
    (dictionary_dir / EMPTY_DICTIONARY).write_text(
        ",".join(f'"{name}"' for name in DICTIONARY_COLUMNS) + "\n", encoding="utf-8"
    )


def _manifest_rows(vintages: list[Vintage]) -> list[dict[str, object]]:
    return [
        {
            "vintage_seq": v.seq,
            "vintage_id": v.vintage_id,
            "commit_sha": v.commit,
            "committed_at_source": v.committed_at_source,
            "committed_at_utc": v.committed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "bds_file": v.bds_file,
            "bds_sha256": v.bds_sha256,
            "landed_bds_file": v.landed_bds_file,
            "dictionary_file": v.dictionary_file,
            "dictionary_sha256": v.dictionary_sha256,
            "landed_dictionary_file": v.dictionary_file,
            "message": v.message,
            "manifest_row": v.row,
        }
        for v in vintages
    ]


def prepare(source_dir: Path | None, work_dir: Path) -> dict[str, str]:
    """Check the vintages folder, land links to its files in work_dir and return the dbt vars the vintage sources
    read: lait_vintages_available ('true'/'false'), lait_vintages_manifest_path, lait_vintages_bds_glob,
    lait_vintages_dictionary_glob (absolute). Raises InputError for a bad manifest or file."""
    work_dir.mkdir(parents=True, exist_ok=True)
    bds_dir = work_dir / BDS_DIR
    dictionary_dir = work_dir / DICTIONARY_DIR
    vintages: list[Vintage] = []
    if source_dir is None or not source_dir.is_dir():
        where = "no folder configured" if source_dir is None else f"{source_dir} not found"
        log.warning(
            "LAIT vintages absent (%s): the vintage models will be empty. Set SCRUTINY_LAIT_VINTAGES_DIR to a folder "
            "with manifest.csv.",
            where,
        )
    else:
        vintages = read_manifest(source_dir)
        check_files(source_dir, vintages)
    _reset_folder(bds_dir)
    _reset_folder(dictionary_dir)
    _write_placeholders(bds_dir, dictionary_dir)
    for vintage in vintages:
        assert source_dir is not None
        (bds_dir / vintage.landed_bds_file).symlink_to((source_dir / vintage.bds_file).resolve())
        landed = dictionary_dir / (vintage.dictionary_file or "")
        if vintage.dictionary_file and not landed.exists():
            landed.symlink_to((source_dir / vintage.dictionary_file).resolve())
    manifest_path = work_dir / MANIFEST_OUT
    pq.write_table(pa.Table.from_pylist(_manifest_rows(vintages), schema=LANDED_MANIFEST_SCHEMA), manifest_path)
    if source_dir is not None and source_dir.is_dir() and not vintages:
        log.warning("LAIT vintages absent: %s lists no vintages; the vintage models will be empty.", source_dir)
    if vintages:
        log.info(
            "LAIT vintages present: %s (%d vintages, %s to %s)",
            source_dir,
            len(vintages),
            vintages[0].vintage_id,
            vintages[-1].vintage_id,
        )
    return {
        "lait_vintages_available": "true" if vintages else "false",
        "lait_vintages_manifest_path": str(manifest_path.resolve()),
        "lait_vintages_bds_glob": str((bds_dir / "*.parquet").resolve()),
        "lait_vintages_dictionary_glob": str((dictionary_dir / "*.csv").resolve()),
    }
