"""Coverage of the agenda pack's numbers: which the seeds cite, which are not figures, which are left out and why.

    python -m tools.pack_coverage            # the report: counts by status and reason
    python -m tools.pack_coverage --list     # and every number that is neither cited nor reviewed

Every number written in digits in a registered source document is one of:

- **cited**: a seed row names the line (``source_line``, or a ``source_line_*`` column) and carries the number
  (its ``value``, or a text field of the row: ``value_text``, a transcribed summary);
- **unplaced**: cited by a row that says it could not be tied to a label (``placement = unplaced``);
- **auto-excluded** by a rule this module owns: a date or period label, a section or list number, a page
  reference, a telephone number;
- **reviewed**: listed in ``seeds/reference/pack_number_exclusions.csv`` with a reason from
  ``seeds/reference/pack_number_exclusion_reasons.csv`` (a name such as Covid-19, an age, a definition's
  threshold, a repeat of a cited figure, a chart's axis, ...);
- **unreviewed**: none of these. ``tests/python/test_pack_coverage.py`` fails on any.

Numbers spelt as words ("twenty new officers") are not scanned: running text uses them mostly for
structure ("one of the", "two types"). The figures that matter are transcribed all the same, and the
provenance test reads number words.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scrutiny.inputs.provenance import NUMBER
from scrutiny.paths import REPO_ROOT

SEED_ROOT = REPO_ROOT / "seeds"
REGISTRY = SEED_ROOT / "reference" / "source_documents.csv"
EXCLUSIONS = SEED_ROOT / "reference" / "pack_number_exclusions.csv"

REASONS = SEED_ROOT / "reference" / "pack_number_exclusion_reasons.csv"

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)

# --- rules: spans of a line that are dates, section numbers, page references or telephone numbers ----------
DATE_PATTERNS = [
    # 2020/21, 2019-2020, 2020 / 2021, 2015/16-17/18, 2021/2024
    re.compile(r"\b(?:19|20)\d{2}\s*[/\-–]\s*(?:(?:19|20)?\d{2})(?:\s*[/\-–]\s*\d{2}(?:/\d{2})?)?\b"),
    # 20/21, 19/20 (a financial or academic year, two digits each)
    re.compile(r"(?<![\d/.])\d{2}/\d{2}(?![\d/])"),
    # 31/07/2021, 27/08/2019, 12/4/21
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    # 5th October, 2021 / 1 September 2021 / 29th April / 30 March 2021
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\b,?(?:\s+\d{{4}})?", re.IGNORECASE),
    # October 31, 2019 / March 20, 2020
    re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+\d{{4}}", re.IGNORECASE),
    # May-2021, April 21, Jan 2021, December 2020
    re.compile(rf"\b{MONTH}[\s\-]+(?:\d{{4}}|\d{{2}})\b", re.IGNORECASE),
    # 6.30 pm
    re.compile(r"\b\d{1,2}[.:]\d{2}\s*(?:am|pm)\b", re.IGNORECASE),
    # 201718 (two years run together in a header)
    re.compile(r"\b20\d{2}\d{2}\b"),
    # MAY2020, march2019 (a month run into its year)
    re.compile(rf"{MONTH}(?:19|20)\d{{2}}\b", re.IGNORECASE),
    # a year on its own: 1970-2035, no thousands separator, not a percentage or money (a count in that range
    # printed without a separator would be taken for a year: the narrow range keeps that risk small)
    re.compile(r"(?<![£\d,.])\b(?:19[7-9]\d|20[0-2]\d|203[0-5])\b(?![\d%]|,\d|\.\d)"),
]
SECTION_PATTERNS = [
    # "3.1 Background", "4.8.1 Domiciliary Care", "10.10 Community Safety"
    re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?(?=\s+\S)"),
    # "1.", "6.5.", "2. Recommendations", " 13. Professional Curiosity"
    re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.(?=\s|$)"),
    # "(1)", "(2)"
    re.compile(r"^\s*\(\d{1,2}\)\s*$"),
]
PAGE_PATTERNS = [
    re.compile(r"\bPage\s+\d+\s+of\s+\d+", re.IGNORECASE),
    re.compile(r"^\s*\d+\s*\|\s*P\s*a\s*g\s*e\s*$"),
    re.compile(r"\(p\.\s*\d+\s*-\s*\d+\)", re.IGNORECASE),
]
PHONE_PATTERNS = [re.compile(r"\b0\d{3,4}[\s-]?\d{3}[\s-]?\d{3,4}\b")]
RULES = (
    ("date", DATE_PATTERNS),
    ("section_number", SECTION_PATTERNS),
    ("page_number", PAGE_PATTERNS),
    ("phone_number", PHONE_PATTERNS),
)

_IDENTIFIER = re.compile(r"[a-z0-9_]+")
#: Seed columns that hold text as printed, beside ``value``: a number inside them is a number the row cites.
_TRANSCRIBED_TEXT = {
    "value_text",
    "value_printed_as",
    "summary_of_complaint",
    "service_improvement_recommendations",
    "agreed_remedy",
}


@dataclass(frozen=True)
class Token:
    """One number as printed on one line."""

    document_id: str
    line: int
    text: str
    start: int
    end: int

    @property
    def value(self) -> Decimal:
        return Decimal(self.text.replace(",", ""))


@dataclass
class Coverage:
    tokens: list[Token] = field(default_factory=list)
    status: dict[Token, str] = field(default_factory=dict)
    reason: dict[Token, str] = field(default_factory=dict)
    stale_exclusions: list[str] = field(default_factory=list)
    exclusion_problems: list[str] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(self.status[t] for t in self.tokens)

    def reasons(self, status: str) -> Counter:
        return Counter(self.reason[t] for t in self.tokens if self.status[t] == status)

    def unreviewed(self) -> list[Token]:
        return [t for t in self.tokens if self.status[t] == "unreviewed"]


def documents() -> dict[str, list[str]]:
    """Each registered document's lines (1-based line n is element n - 1)."""
    with REGISTRY.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["source_document_id"]: (REPO_ROOT / row["path"]).read_text(encoding="utf-8").splitlines() for row in rows
    }


def tokens_on(document_id: str, line_no: int, line: str) -> list[Token]:
    return [Token(document_id, line_no, m.group(0), m.start(), m.end()) for m in NUMBER.finditer(line)]


def rule_for(token: Token, line: str) -> str | None:
    """The automatic reason a number is not a figure, if a rule recognises it."""
    for reason, patterns in RULES:
        for pattern in patterns:
            for match in pattern.finditer(line):
                if match.start() <= token.start and token.end <= match.end():
                    return reason
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None


def _numbers_in(text: str) -> set[Decimal]:
    found = set()
    for match in NUMBER.finditer(text):
        value = _decimal(match.group(0))
        if value is not None:
            found |= {value, abs(value)}
    return found


def _is_text_field(column: str | None) -> bool:
    """A column that holds text as the document prints it (value_text, *_printed, a transcribed passage)."""
    return bool(column) and (column in _TRANSCRIBED_TEXT or column.endswith("_printed"))


def _seed_rows() -> list[tuple[Path, dict[str, str]]]:
    rows = []
    for path in sorted(SEED_ROOT.rglob("*.csv")):
        if path in (EXCLUSIONS, REASONS):
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if not any(c.startswith("source_line") for c in reader.fieldnames or []):
                continue
            rows.extend((path, row) for row in reader)
    return rows


def citations() -> tuple[dict[tuple[str, int], set[Decimal]], dict[tuple[str, int], set[Decimal]]]:
    """(document, line) -> the values seed rows cite there, and the subset cited by unplaced rows.

    A row cites its ``value`` on ``source_line`` (and, for a cell the PDF wrapped, on the next line too), and
    every number in its text fields on every line from its first to its last ``source_line*``.
    """
    cited: dict[tuple[str, int], set[Decimal]] = {}
    unplaced: dict[tuple[str, int], set[Decimal]] = {}
    for _path, row in _seed_rows():
        document_id = (row.get("source_document_id") or "").strip()
        lines = sorted(
            int(v) for k, v in row.items() if k and k.startswith("source_line") and (v or "").strip().isdigit()
        )
        if not lines:
            continue
        target = unplaced if (row.get("placement") or "").strip() == "unplaced" else cited
        raw = (row.get("value") or "").strip()
        value = _decimal(raw) if raw else None
        if value is not None:
            target.setdefault((document_id, lines[0]), set()).update({value, abs(value)})
        texts: set[Decimal] = set()
        for column, text in row.items():
            # identifiers (figure ids, codes in snake_case) are not text the document prints
            if _is_text_field(column) and text and any(c.isdigit() for c in text) and not _IDENTIFIER.fullmatch(text):
                texts |= _numbers_in(text)
        for line in range(lines[0], lines[-1] + 1):
            target.setdefault((document_id, line), set()).update(texts)
    return cited, unplaced


def _wrapped_cells(
    lines: list[str], cited: dict[tuple[str, int], set[Decimal]], document_id: str
) -> set[tuple[int, int]]:
    """(line, start offset) of the two halves of every cited value the PDF wrapped across two lines ("167,04" / "0")."""
    halves: set[tuple[int, int]] = set()
    for line_no in range(1, len(lines)):
        values = cited.get((document_id, line_no))
        if not values:
            continue
        head, tail = lines[line_no - 1].rstrip(), lines[line_no]
        stripped = tail.lstrip()
        lead = len(tail) - len(stripped)
        joined = head + stripped
        for match in NUMBER.finditer(joined):
            if match.start() < len(head) < match.end() and _decimal(match.group(0)) in values:
                head_part = NUMBER.search(head, match.start())
                tail_part = NUMBER.match(stripped)
                if head_part is not None and tail_part is not None:
                    halves.add((line_no, head_part.start()))
                    halves.add((line_no + 1, tail_part.start() + lead))
    return halves


def reviewed_reasons() -> dict[str, str]:
    """The reasons a reviewer may give for a number no seed cites (seed pack_number_exclusion_reasons)."""
    with REASONS.open(newline="", encoding="utf-8") as handle:
        return {row["reason"]: row["description"] for row in csv.DictReader(handle)}


def load_exclusions() -> list[dict[str, str]]:
    if not EXCLUSIONS.is_file():
        return []
    with EXCLUSIONS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def scan(docs: dict[str, list[str]] | None = None) -> Coverage:
    """Classify every number in every registered document (or in ``docs``: document id -> lines)."""
    docs = documents() if docs is None else docs
    cited, unplaced = citations()
    seed_values = _figure_values()
    coverage = Coverage()
    reasons = reviewed_reasons()
    exclusions: dict[tuple[str, int, str], dict[str, str]] = {}
    for number, row in enumerate(load_exclusions(), start=2):
        key = (row["source_document_id"], int(row["source_line"]), row["number_as_printed"])
        if key in exclusions:
            coverage.exclusion_problems.append(f"row {number}: {key} is listed twice")
        exclusions[key] = row
        if row["reason"] not in reasons:
            coverage.exclusion_problems.append(f"row {number}: unknown reason {row['reason']!r}")
        if not (row.get("note") or "").strip() and row["reason"] in {"repeat", "unplaced", "structural_count"}:
            coverage.exclusion_problems.append(f"row {number}: reason {row['reason']} needs a note")
        if row["reason"] == "repeat":
            figure = (row.get("repeats_figure_id") or "").strip()
            printed = _decimal(row["number_as_printed"])
            if figure not in seed_values:
                coverage.exclusion_problems.append(f"row {number}: repeats_figure_id {figure!r} is in no seed")
            elif printed is not None and seed_values[figure] is not None and abs(seed_values[figure]) != abs(printed):
                coverage.exclusion_problems.append(
                    f"row {number}: {row['number_as_printed']} repeats {figure}, whose value is {seed_values[figure]}"
                )
    used: set[tuple[str, int, str]] = set()
    for document_id, lines in docs.items():
        wrapped = _wrapped_cells(lines, cited, document_id)
        wrapped_unplaced = _wrapped_cells(lines, unplaced, document_id)
        for line_no, line in enumerate(lines, start=1):
            here = cited.get((document_id, line_no), set())
            here_unplaced = unplaced.get((document_id, line_no), set())
            for token in tokens_on(document_id, line_no, line):
                coverage.tokens.append(token)
                value = token.value
                key = (document_id, line_no, token.text)
                # a value is cited on its own line, or is the tail of a cell the PDF wrapped onto this line
                if value in here or abs(value) in here or (line_no, token.start) in wrapped:
                    coverage.status[token], coverage.reason[token] = "cited", "cited"
                elif (
                    value in here_unplaced or abs(value) in here_unplaced or (line_no, token.start) in wrapped_unplaced
                ):
                    coverage.status[token], coverage.reason[token] = "unplaced", "unplaced_in_seed"
                elif (rule := rule_for(token, line)) is not None:
                    coverage.status[token], coverage.reason[token] = "auto_excluded", rule
                elif key in exclusions:
                    used.add(key)
                    reason = exclusions[key]["reason"]
                    status = "unplaced" if reason == "unplaced" else "reviewed"
                    coverage.status[token], coverage.reason[token] = status, reason
                else:
                    coverage.status[token], coverage.reason[token] = "unreviewed", "unreviewed"
    for key in sorted(set(exclusions) - used):
        coverage.stale_exclusions.append(
            f"line {key[1]} {key[2]!r}: listed in {EXCLUSIONS.relative_to(REPO_ROOT)} but not printed there, "
            "or now cited by a seed or recognised by a rule"
        )
    return coverage


def _figure_values() -> dict[str, Decimal | None]:
    """figure_id -> value of every seed row that has both."""
    values: dict[str, Decimal | None] = {}
    for _path, row in _seed_rows():
        if row.get("figure_id"):
            raw = (row.get("value") or "").strip()
            values[row["figure_id"]] = _decimal(raw) if raw else None
    return values


def report(coverage: Coverage) -> str:
    counts = coverage.counts()
    out = [f"numbers in the registered documents: {len(coverage.tokens)}"]
    for status in ("cited", "unplaced", "auto_excluded", "reviewed", "unreviewed"):
        out.append(f"  {status}: {counts.get(status, 0)}")
        if status in {"auto_excluded", "reviewed", "unplaced"}:
            for reason, n in sorted(coverage.reasons(status).items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(f"      {reason}: {n}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every unreviewed number")
    args = parser.parse_args(argv)
    coverage = scan()
    print(report(coverage))
    docs = documents()
    if args.list:
        for token in coverage.unreviewed():
            print(f"{token.line}\t{token.text}\t{docs[token.document_id][token.line - 1].strip()[:100]}")
    for problem in coverage.exclusion_problems + coverage.stale_exclusions:
        print(problem)
    return 1 if coverage.unreviewed() or coverage.exclusion_problems or coverage.stale_exclusions else 0


if __name__ == "__main__":
    sys.exit(main())
