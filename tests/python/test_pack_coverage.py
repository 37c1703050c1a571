"""Every number the agenda pack prints is a transcribed figure, or is listed with the reason it is not one.

A pure-Python scan of the registered text (tools/pack_coverage.py, about a second): a number is cited by a seed
row (its line and value), recognised by a rule (a date or period, a section or list number, a page reference,
a telephone number), or listed in seeds/reference/pack_number_exclusions.csv with a reviewed reason. A number
that is none of these fails the test, and so does a listed row that no longer matches the text.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from tools import pack_coverage

DOCUMENT = "southend_people_scrutiny_2021_11_30"


@pytest.fixture(scope="module")
def coverage() -> pack_coverage.Coverage:
    return pack_coverage.scan()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return pack_coverage.documents()[DOCUMENT]


def test_every_number_in_the_pack_is_cited_or_reviewed(coverage, lines):
    unreviewed = coverage.unreviewed()
    listing = "\n".join(f"  line {t.line}: {t.text!r} in {lines[t.line - 1].strip()[:100]!r}" for t in unreviewed[:60])
    assert not unreviewed, (
        f"{len(unreviewed)} number(s) in the pack are neither cited by a seed nor recognised nor listed in "
        f"{pack_coverage.EXCLUSIONS.name} (transcribe each figure with its source_line, or list it with a "
        f"reason from {pack_coverage.REASONS.name}):\n{listing}"
    )
    print("\n" + pack_coverage.report(coverage))


def test_the_reviewed_list_matches_the_text(coverage):
    problems = coverage.exclusion_problems + coverage.stale_exclusions
    assert not problems, "\n".join(problems)


def test_every_listed_number_has_a_reason_and_repeats_name_a_figure():
    with pack_coverage.EXCLUSIONS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    reasons = pack_coverage.reviewed_reasons()
    assert rows
    for number, row in enumerate(rows, start=2):
        assert row["reason"] in reasons, f"row {number}: unknown reason {row['reason']!r}"
        assert bool(row["repeats_figure_id"]) == (row["reason"] == "repeat"), f"row {number}: repeats_figure_id"
    unplaced = [r for r in rows if r["reason"] == "unplaced"]
    assert all(len(r["note"]) > 80 for r in unplaced), "an unplaced number says what it most likely is"


def test_a_new_figure_in_the_text_fails_the_scan(lines):
    """Prove the scan catches a number nobody transcribed: add a police figure to a copy of the text."""
    changed = list(lines)
    changed[2526] = changed[2526] + " It also executed 777 further warrants."
    coverage = pack_coverage.scan({DOCUMENT: changed})
    found = {(t.line, t.text) for t in coverage.unreviewed()}
    assert (2527, "777") in found


def test_a_listed_number_that_becomes_a_figure_is_reported_stale(lines):
    """A reviewed row must name a number the text still prints and no seed cites: change the number on its line."""
    changed = list(lines)
    changed[3340] = "500.4"  # line 3341 printed 500.3, listed as unplaced
    coverage = pack_coverage.scan({DOCUMENT: changed})
    assert any("line 3341 '500.3'" in p for p in coverage.stale_exclusions)
    assert (3341, "500.4") in {(t.line, t.text) for t in coverage.unreviewed()}


def test_the_rules_recognise_dates_sections_pages_and_phone_numbers():
    def reasons(line: str) -> dict[str, str | None]:
        return {t.text: pack_coverage.rule_for(t, line) for t in pack_coverage.tokens_on("d", 1, line)}

    assert reasons("367 complaints were received in 2020/21.") == {"367": None, "2020": "date", "21": "date"}
    assert reasons("Date: Tuesday, 5th October, 2021") == {"5": "date", "2021": "date"}
    assert reasons("6.30 pm - 7.40 pm") == {"6.30": "date", "7.40": "date"}
    assert reasons("(31/07/2021)")["31"] == "date"
    assert reasons("3.1 Background") == {"3.1": "section_number"}
    assert reasons("Page 13 of 24") == {"13": "page_number", "24": "page_number"}
    assert reasons("Call 01702 215000 today")["01702"] == "phone_number"
    # figures are not taken for dates: a count with a separator, a percentage, money, a decimal
    assert reasons("1,839 concerns, 26% of them, £2,019 spent, 2019.5 points") == {
        "1,839": None,
        "26": None,
        "2,019": None,
        "2019.5": None,
    }
    # a sign belongs to a number only where it cannot be a range
    assert [t.text for t in pack_coverage.tokens_on("d", 1, "-0.62 and 18-64")] == ["-0.62", "18", "64"]


def test_quick_view_numbers_that_cannot_be_placed_are_counted_unplaced(coverage):
    status = {(t.line, t.text): coverage.status[t] for t in coverage.tokens}
    assert status[(12011, "41400")] == "unplaced"
    assert status[(12017, "15000")] == "unplaced"
    assert status[(12019, "89,60")] == "cited" and status[(12020, "0")] == "cited"  # Male 89,600, wrapped
    assert status[(3341, "500.3")] == "unplaced"


def test_the_police_warrants_are_cited_from_their_line(coverage):
    status = {(t.line, t.text): coverage.status[t] for t in coverage.tokens}
    assert status[(2526, "294")] == "cited"
    assert Decimal(294) in pack_coverage.citations()[0][(DOCUMENT, 2526)]
