"""Every transcribed figure is printed in its source document at the line its seed row names.

This is the second path for every figure a person copied out of a document: the seed says the value and the
line; this check reads that line of the registered text and checks the figure is printed there (or, for a
table cell the PDF wrapped, across that line and the next). It runs in the build's input checks, before dbt.

A transcribed seed is one with ``value`` and ``source_line`` columns; it must also carry
``source_document_id``, ``source_section`` and ``source_table`` (docs/transcription.md is the contract).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scrutiny import paths
from scrutiny.errors import Problem
from scrutiny.inputs.seed_files import relative

PROVENANCE = ("source_document_id", "source_section", "source_table", "source_line")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
#: Small numbers that running text spells out ("five complaints").
_WORDS = (
    "zero one two three four five six seven eight nine ten "
    "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {word: Decimal(n) for n, word in enumerate(_WORDS.split(" "))}


def numbers_on(line: str) -> set[Decimal]:
    """The numbers printed on a line, ignoring thousands separators, % and £."""
    cleaned = line.replace("\u2212", "-").replace("\u2013", " ")
    values = set()
    for token in _NUMBER.findall(cleaned):
        try:
            values.add(Decimal(token.replace(",", "")))
        except InvalidOperation:
            continue
    values |= {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", cleaned.lower()) if w in NUMBER_WORDS}
    # A leading "-" can be a dash before a positive figure ("- 76"); accept the magnitude too.
    return values | {abs(v) for v in values}


def printed_at(value: Decimal, lines: list[str], line_no: int) -> bool:
    """The figure is on its line, or is a cell the PDF wrapped onto the next line ("167,04" then "0")."""
    line = lines[line_no - 1]
    if value in numbers_on(line):
        return True
    if line_no < len(lines):
        return value in numbers_on(line.strip() + lines[line_no].strip())
    return False


def figure_seeds(seeds: Path) -> list[Path]:
    """Seeds that hold transcribed figures: those with a ``value`` and a ``source_line`` column."""
    found = []
    for path in sorted(seeds.rglob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
        if "value" in header and "source_line" in header:
            found.append(path)
    return found


def registered_documents(project: Path) -> dict[str, list[str]]:
    """The lines of every registered source document, by id (documents that cannot be read are left out: the
    registry check reports them)."""
    documents: dict[str, list[str]] = {}
    with paths.source_documents_registry(project).open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            text = project / (row.get("path") or "")
            if row.get("path") and text.is_file():
                documents[row["source_document_id"]] = text.read_text(encoding="utf-8").splitlines()
    return documents


def check_seed(seed: Path, project: Path, documents: dict[str, list[str]]) -> list[Problem]:
    """Every figure of one transcribed seed against its cited line."""
    name = relative(seed, project)
    problems: list[Problem] = []
    with seed.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in PROVENANCE if c not in (reader.fieldnames or [])]
        if missing:
            return [Problem(name, f"provenance column(s) missing: {', '.join(missing)}", 1, check="provenance")]
        for row in reader:
            problems.extend(_check_row(name, reader.line_num, row, documents))
    return problems


def _check_row(name: str, row_no: int, row: dict[str, str], documents: dict[str, list[str]]) -> list[Problem]:
    def problem(message: str, column: str) -> Problem:
        return Problem(name, message, row_no, column, "provenance")

    document = documents.get((row.get("source_document_id") or "").strip())
    if document is None:
        return [problem(f"unknown source_document_id {row.get('source_document_id')!r}", "source_document_id")]
    found: list[Problem] = []
    for column in ("source_section", "source_table"):
        if not (row.get(column) or "").strip():
            found.append(problem("required for every transcribed figure", column))
    value = (row.get("value") or "").strip()
    reason = (row.get("missing_reason") or "").strip()
    text = (row.get("value_text") or "").strip()
    if not value and not text and not reason:
        found.append(problem("a blank value needs a missing_reason", "missing_reason"))
    if value and reason:
        found.append(problem(f"has both a value and missing_reason {reason!r}", "missing_reason"))
    line_field = (row.get("source_line") or "").strip()
    if not line_field:
        if value:
            found.append(problem(f"value {value} has no source_line", "source_line"))
        return found
    if not line_field.isdigit() or not 1 <= int(line_field) <= len(document):
        found.append(
            problem(f"source_line {line_field} is not a line of the document (1-{len(document)})", "source_line")
        )
        return found
    line_no = int(line_field)
    line = document[line_no - 1]
    try:
        number = Decimal(value) if value else None
    except InvalidOperation:
        number = None  # the shape check reports a value that is not a number
    if number is not None and not printed_at(number, document, line_no):
        found.append(problem(f"value {value} is not printed at line {line_no}: {line.strip()[:120]!r}", "source_line"))
    if text and text.lower() not in line.lower():
        found.append(problem(f"text {text!r} is not printed at line {line_no}: {line.strip()[:120]!r}", "source_line"))
    if reason == "dash_in_source" and "-" not in line and "\u2013" not in line:
        found.append(problem(f"dash_in_source but line {line_no} has no dash: {line.strip()[:120]!r}", "source_line"))
    return found


def check_provenance(project: Path) -> list[Problem]:
    """Every transcribed figure of the project against its cited line."""
    documents = registered_documents(project)
    return [p for seed in figure_seeds(paths.seeds_dir(project)) for p in check_seed(seed, project, documents)]
