"""Every transcribed figure is printed in its source document at the line its seed row names.

This is the second path for every figure a person copied out of a document: the seed says the value and the
line; this test reads that line of the registered text and checks the figure is printed there.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from scrutiny.paths import REPO_ROOT

SEED_ROOT = REPO_ROOT / "seeds"
PROVENANCE = ("source_document_id", "source_section", "source_table", "source_line")
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# Small numbers that running text spells out ("five complaints").
NUMBER_WORDS = {
    word: Decimal(n)
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def _documents() -> dict[str, list[str]]:
    with (SEED_ROOT / "reference" / "source_documents.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        row["source_document_id"]: (REPO_ROOT / row["path"]).read_text(encoding="utf-8").splitlines() for row in rows
    }


def _figure_seeds() -> list[Path]:
    """Seeds that hold transcribed figures: those with a `value` column."""
    found = []
    for path in sorted(SEED_ROOT.rglob("*.csv")):
        with path.open(newline="") as f:
            header = next(csv.reader(f), [])
        if "value" in header and "source_line" in header:
            found.append(path)
    return found


def numbers_on(line: str) -> set[Decimal]:
    """The numbers printed on a line, ignoring thousands separators, % and £."""
    cleaned = line.replace("\u2212", "-").replace("\u2013", " ")
    values = set()
    for token in NUMBER.findall(cleaned):
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


def test_numbers_on_reads_printed_formats():
    assert numbers_on("367 complaints were received") == {Decimal(367)}
    assert Decimal("81.82") in numbers_on("of these 81.82% were responded to")
    assert Decimal(211778) in numbers_on("£211,778")
    assert Decimal("-5.2") in numbers_on("change \u22125.2")
    assert Decimal(5) in numbers_on("Five complaints were upheld")
    assert printed_at(Decimal(167040), ["167,04", "0"], 1)
    assert not printed_at(Decimal(167040), ["167,04", "1"], 1)


SEEDS = _figure_seeds()


def test_there_are_transcribed_seeds():
    assert SEEDS, "no seed with value and source_line columns found under seeds/"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: str(p.relative_to(SEED_ROOT)))
def test_every_figure_is_printed_at_its_source_line(seed: Path):
    documents = _documents()
    problems = []
    with seed.open(newline="") as f:
        reader = csv.DictReader(f)
        missing_columns = [c for c in PROVENANCE if c not in (reader.fieldnames or [])]
        assert not missing_columns, f"{seed}: provenance columns missing: {missing_columns}"
        for row_number, row in enumerate(reader, start=2):
            where = f"{seed.relative_to(REPO_ROOT)} row {row_number}"
            document = documents.get(row["source_document_id"])
            if document is None:
                problems.append(f"{where}: unknown source_document_id {row['source_document_id']!r}")
                continue
            if not row["source_section"].strip() or not row["source_table"].strip():
                problems.append(f"{where}: source_section and source_table are required")
            value = (row.get("value") or "").strip()
            reason = (row.get("missing_reason") or "").strip()
            text = (row.get("value_text") or "").strip()
            if not value and not text and not reason:
                problems.append(f"{where}: blank value needs a missing_reason")
            if value and reason:
                problems.append(f"{where}: has both a value and missing_reason {reason!r}")
            line_field = row["source_line"].strip()
            if not line_field:
                if value:
                    problems.append(f"{where}: value {value} has no source_line")
                continue
            line_no = int(line_field)
            if not 1 <= line_no <= len(document):
                problems.append(f"{where}: source_line {line_no} is outside the document")
                continue
            line = document[line_no - 1]
            if value and not printed_at(Decimal(value), document, line_no):
                problems.append(f"{where}: value {value} is not printed at line {line_no}: {line!r}")
            if text and text.lower() not in line.lower():
                problems.append(f"{where}: text {text!r} is not printed at line {line_no}: {line!r}")
            if reason == "dash_in_source" and "-" not in line and "\u2013" not in line:
                problems.append(f"{where}: dash_in_source but line {line_no} has no dash: {line!r}")
    assert not problems, "\n".join(problems[:50]) + (f"\n... {len(problems) - 50} more" if len(problems) > 50 else "")
