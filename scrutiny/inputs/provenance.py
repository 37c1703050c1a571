"""Every transcribed figure is one printed cell of its source document: the cell its seed row names.

This is the second path for every figure a person copied out of a document. The seed says the value and the line;
this check reads that line of the registered text, splits it into the numbers printed there (its cells, in order:
a table comes out of the PDF one cell per line, running text several numbers a line) and gives the figure one
cell that prints its value. It runs in the build's input checks, before dbt.

- A figure whose value is not printed on its line is caught ("value 367 is not printed at line 1"). A cell the PDF
  wrapped ("167,04" then "0") is read across the two lines; only a number that runs across the line break counts,
  so a value printed on the next line (the neighbouring cell) is not taken for the cited line's.
- Two figures cannot come from one printed cell: a row that copied its neighbour's value and line claims a cell
  the neighbour already holds, and both rows are named. A line that prints a value twice ("8% ... 8%") has two
  cells, so two figures may cite it. Where the document states one number for several figures ("94%, the same as
  the previous two years") the seed ``shared_cells`` lists the cell, the figures and why.

A transcribed seed is one with ``value`` and ``source_line`` columns; it must also carry ``source_document_id``,
``source_section`` and ``source_table`` (docs/transcription.md is the contract).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scrutiny import paths
from scrutiny.errors import Problem
from scrutiny.inputs.seed_files import relative

PROVENANCE = ("source_document_id", "source_section", "source_table", "source_line")
#: A number as printed: digits with optional thousands separators and decimals; a "-" directly before it is a
#: sign only at the start of a line or after a space or bracket (so "18-64" is two numbers).
NUMBER = re.compile(r"(?:(?<=^)|(?<=[\s(]))-(?=\d)\d(?:[\d,]*\d)?(?:\.\d+)?|\d(?:[\d,]*\d)?(?:\.\d+)?")
#: Small numbers that running text spells out ("five complaints").
_WORDS = (
    "zero one two three four five six seven eight nine ten "
    "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {word: Decimal(n) for n, word in enumerate(_WORDS.split(" "))}
_WORD = re.compile(r"[A-Za-z]+")
#: Columns that name a figure in the messages, in order of preference; else the matrix's key columns.
_LABEL_COLUMNS = ("figure_id", "case_id", "judgement_id")
_KEY_COLUMNS = ("indicator_id", "area", "period_label", "measure")


@dataclass(frozen=True)
class Cell:
    """One number printed on one line of a document: its position among the numbers printed there (1-based) and
    the values it can be read as (its magnitude too, for a dash printed before a figure; and, for the last number
    of a line that the PDF wrapped onto the next, the number across the break)."""

    line: int
    position: int
    text: str
    readings: frozenset[Decimal]


def _clean(line: str) -> str:
    return line.replace("\u2212", "-").replace("\u2013", " ")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _readings(*texts: str) -> frozenset[Decimal]:
    values = {v for v in (_decimal(t) for t in texts) if v is not None}
    return frozenset(values | {abs(v) for v in values})


def cells_on(lines: list[str], line_no: int) -> list[Cell]:
    """The numbers printed on line ``line_no`` (1-based), digits and number words, in the order printed."""
    line = _clean(lines[line_no - 1])
    found = [(m.start(), m.end(), m.group(0), _readings(m.group(0))) for m in NUMBER.finditer(line)]
    found += [
        (m.start(), m.end(), m.group(0), frozenset({NUMBER_WORDS[m.group(0).lower()]}))
        for m in _WORD.finditer(line)
        if m.group(0).lower() in NUMBER_WORDS
    ]
    found.sort()
    head = line.rstrip()
    if found and found[-1][1] == len(head) and line_no < len(lines):
        # a number cut by the line break: the last number of this line runs on into the next line's first
        tail = _clean(lines[line_no]).lstrip()
        joined = head + tail
        across = next((m for m in NUMBER.finditer(joined) if m.start() < len(head) < m.end()), None)
        if across is not None:
            start, end, text, readings = found[-1]
            found[-1] = (start, end, text, readings | _readings(across.group(0)))
    return [Cell(line_no, position, text, readings) for position, (_, _, text, readings) in enumerate(found, 1)]


def numbers_on(line: str) -> set[Decimal]:
    """The values the numbers printed on a line can be read as, ignoring thousands separators, % and £."""
    return {v for cell in cells_on([line], 1) for v in cell.readings}


def printed_at(value: Decimal, lines: list[str], line_no: int) -> bool:
    """The figure is one of the numbers printed at its line (or a number the PDF wrapped onto the next line)."""
    return any(value in cell.readings for cell in cells_on(lines, line_no))


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


@dataclass(frozen=True)
class Claim:
    """A transcribed figure's claim on a printed cell: which seed row, and which figure in words."""

    file: str
    row: int
    label: str
    document_id: str
    line: int
    value: Decimal


def _label(row: dict[str, str]) -> str:
    for column in _LABEL_COLUMNS:
        if (row.get(column) or "").strip():
            return row[column].strip()
    return " ".join((row.get(c) or "").strip() for c in _KEY_COLUMNS if c in row)


def check_seed(seed: Path, project: Path, documents: dict[str, list[str]]) -> list[Problem]:
    """Every figure of one transcribed seed against its cited line (each figure alone; :func:`check_provenance`
    also gives every figure its own cell)."""
    problems, _ = _read_seed(seed, project, documents)
    return problems


def _read_seed(seed: Path, project: Path, documents: dict[str, list[str]]) -> tuple[list[Problem], list[Claim]]:
    name = relative(seed, project)
    problems: list[Problem] = []
    claims: list[Claim] = []
    with seed.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in PROVENANCE if c not in (reader.fieldnames or [])]
        if missing:
            return [Problem(name, f"provenance column(s) missing: {', '.join(missing)}", 1, check="provenance")], []
        for row in reader:
            found, claim = _check_row(name, reader.line_num, row, documents)
            problems.extend(found)
            if claim is not None:
                claims.append(claim)
    return problems, claims


def _check_row(
    name: str, row_no: int, row: dict[str, str], documents: dict[str, list[str]]
) -> tuple[list[Problem], Claim | None]:
    def problem(message: str, column: str) -> Problem:
        return Problem(name, message, row_no, column, "provenance")

    document_id = (row.get("source_document_id") or "").strip()
    document = documents.get(document_id)
    if document is None:
        return [problem(f"unknown source_document_id {row.get('source_document_id')!r}", "source_document_id")], None
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
        return found, None
    if not line_field.isdigit() or not 1 <= int(line_field) <= len(document):
        found.append(
            problem(f"source_line {line_field} is not a line of the document (1-{len(document)})", "source_line")
        )
        return found, None
    line_no = int(line_field)
    line = document[line_no - 1]
    number = _decimal(value) if value else None  # the shape check reports a value that is not a number
    claim = None
    if number is not None:
        if printed_at(number, document, line_no):
            claim = Claim(name, row_no, _label(row), document_id, line_no, number)
        else:
            found.append(
                problem(f"value {value} is not printed at line {line_no}: {line.strip()[:120]!r}", "source_line")
            )
    if text and text.lower() not in line.lower():
        found.append(problem(f"text {text!r} is not printed at line {line_no}: {line.strip()[:120]!r}", "source_line"))
    if reason == "dash_in_source" and "-" not in line and "\u2013" not in line:
        found.append(problem(f"dash_in_source but line {line_no} has no dash: {line.strip()[:120]!r}", "source_line"))
    return found, claim


# --- one figure per printed cell ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedCell:
    """A cell the document states once for several figures (seed shared_cells): the figures and why."""

    file: str
    row: int
    document_id: str
    line: int
    value: Decimal
    labels: frozenset[str]


def read_shared_cells(project: Path) -> tuple[list[SharedCell], list[Problem]]:
    """The declared shared cells (seed ``shared_cells``, absent = none) and the problems in the declarations."""
    path = paths.shared_cells_seed(project)
    if not path.is_file():
        return [], []
    name = relative(path, project)
    shared: list[SharedCell] = []
    problems: list[Problem] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            value = _decimal((row.get("number_as_printed") or "").strip())
            line = (row.get("source_line") or "").strip()
            labels = frozenset((row.get("figure_ids") or "").split())
            if value is None or not line.isdigit():
                problems.append(
                    Problem(name, "needs a source_line and the number as printed", reader.line_num, check="provenance")
                )
            elif len(labels) < 2:
                problems.append(
                    Problem(
                        name, "a shared cell lists two or more figures", reader.line_num, "figure_ids", "provenance"
                    )
                )
            elif not (row.get("reason") or "").strip():
                problems.append(
                    Problem(name, "say why the figures share one cell", reader.line_num, "reason", "provenance")
                )
            else:
                document_id = (row.get("source_document_id") or "").strip()
                shared.append(SharedCell(name, reader.line_num, document_id, int(line), value, labels))
    return shared, problems


def assign_cells(claims: list[Claim], documents: dict[str, list[str]], shared: list[SharedCell]) -> list[Problem]:
    """Give every claim its own printed cell, in seed order; a claim that finds every cell printing its value taken
    by another figure (and no declaration that the two share it) is a problem naming both rows."""
    taken: dict[tuple[str, int, int], list[Claim]] = {}
    declared = {(s.document_id, s.line, s.value): s for s in shared}
    used: set[SharedCell] = set()
    problems: list[Problem] = []
    for claim in claims:
        cells = [c for c in cells_on(documents[claim.document_id], claim.line) if claim.value in c.readings]
        free = next((c for c in cells if (claim.document_id, claim.line, c.position) not in taken), None)
        if free is not None:
            taken[(claim.document_id, claim.line, free.position)] = [claim]
            continue
        declaration = declared.get((claim.document_id, claim.line, claim.value))
        holders = taken[(claim.document_id, claim.line, cells[0].position)]
        if declaration is not None and {claim.label, *(h.label for h in holders)} <= declaration.labels:
            holders.append(claim)
            used.add(declaration)
            continue
        count = sum(1 for _ in cells_on(documents[claim.document_id], claim.line))
        others = "; ".join(f"{h.file} row {h.row} ({h.label})" for h in holders)
        problems.append(
            Problem(
                claim.file,
                f"value {claim.value} ({claim.label}) claims a printed cell another figure holds: line {claim.line} "
                f"prints it {len(cells)} time(s) among its {count} numbers, and cell {cells[0].position} is "
                f"{others}'s. Two figures cannot come from one cell (a neighbouring cell's value and line copied?); "
                "if the document states one number for both, list the cell in seeds/reference/shared_cells.csv",
                claim.row,
                "source_line",
                "provenance",
            )
        )
    for declaration in shared:
        if declaration not in used:
            problems.append(
                Problem(
                    declaration.file,
                    f"line {declaration.line} ({declaration.value}) is not a cell the figures "
                    f"{', '.join(sorted(declaration.labels))} all claim",
                    declaration.row,
                    "figure_ids",
                    "provenance",
                )
            )
    return problems


def check_provenance(project: Path) -> list[Problem]:
    """Every transcribed figure of the project against its cited line, each in its own printed cell."""
    documents = registered_documents(project)
    problems: list[Problem] = []
    claims: list[Claim] = []
    for seed in figure_seeds(paths.seeds_dir(project)):
        found, seed_claims = _read_seed(seed, project, documents)
        problems += found
        claims += seed_claims
    shared, declaration_problems = read_shared_cells(project)
    return problems + declaration_problems + assign_cells(claims, documents, shared)
