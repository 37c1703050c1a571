"""The gate refuses bad inputs: for each kind of defect, the build fails, says where, and leaves the live
warehouse byte-for-byte as it was. Each case breaks a fresh copy of the project (the ``sandbox`` fixture)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _set_cell(path: Path, predicate: Callable[[dict[str, str]], bool], column: str, value: str) -> int:
    """Set ``column`` of the first row matching ``predicate``; return that row's line number (header = 1)."""
    header, rows = _read(path)
    for index, row in enumerate(rows):
        if predicate(dict(zip(header, row, strict=True))):
            row[header.index(column)] = value
            _write(path, header, rows)
            return index + 2
    raise AssertionError(f"no row of {path} matches")


COMPLAINTS = "seeds/complaints/complaints_figures.csv"
SAFEGUARDING = "seeds/safeguarding/safeguarding_figures.csv"
BUDGETS = "seeds/safeguarding/partnership_budgets.csv"
NEIGHBOURS = "seeds/reference/neighbour_groups.csv"
OUTCOME_MAP = "seeds/complaints/complaint_outcome_map.csv"
UPHELD_CASES = "seeds/complaints/ombudsman_upheld_cases.csv"
PACK = "data/source_documents/southend-people-scrutiny-2021-11-30-agenda-pack.txt"


def negative_count(p: Path) -> list[str]:
    row = _set_cell(p / COMPLAINTS, lambda r: r["unit"] == "count" and r["value"] != "", "value", "-5")
    return [COMPLAINTS, f"row {row}", "value", "-5"]


def percent_over_100(p: Path) -> list[str]:
    row = _set_cell(
        p / COMPLAINTS,
        lambda r: r["unit"] == "percent" and r["value"] != "" and not r["parent_figure_id"],
        "value",
        "140",
    )
    return [COMPLAINTS, f"row {row}", "value", "140"]


def duplicate_key(p: Path) -> list[str]:
    header, rows = _read(p / SAFEGUARDING)
    figure_id = rows[0][header.index("figure_id")]
    rows[5][header.index("figure_id")] = figure_id
    _write(p / SAFEGUARDING, header, rows)
    return [SAFEGUARDING, "row 7", "figure_id", figure_id]


def missing_column(p: Path) -> list[str]:
    header, rows = _read(p / SAFEGUARDING)
    index = header.index("note")
    _write(p / SAFEGUARDING, header[:index] + header[index + 1 :], [r[:index] + r[index + 1 :] for r in rows])
    return [SAFEGUARDING, "column note", "missing"]


def extra_column(p: Path) -> list[str]:
    header, rows = _read(p / COMPLAINTS)
    _write(p / COMPLAINTS, [*header, "comment"], [[*r, "x"] for r in rows])
    return [COMPLAINTS, "column comment", "unknown column"]


def text_in_number(p: Path) -> list[str]:
    row = _set_cell(p / COMPLAINTS, lambda r: r["value"] != "", "value", "abc")
    return [f'{COMPLAINTS} row {row}, column value: "abc" is not a number']


def unknown_period(p: Path) -> list[str]:
    _set_cell(p / SAFEGUARDING, lambda r: r["period_label"] == "2020/21", "period_label", "Spring 2020")
    return ["period", "Spring 2020", SAFEGUARDING]


def unknown_local_authority(p: Path) -> list[str]:
    row = _set_cell(p / NEIGHBOURS, lambda r: True, "neighbour_la_code", "999")
    return [NEIGHBOURS, f"row {row}", "neighbour_la_code", "999", "local_authorities.csv"]


def empty_file(p: Path) -> list[str]:
    (p / UPHELD_CASES).write_text("", encoding="utf-8")
    return [UPHELD_CASES, "empty"]


def wrong_delimiter(p: Path) -> list[str]:
    header, rows = _read(p / OUTCOME_MAP)
    _write(p / OUTCOME_MAP, header, rows, delimiter=";")
    return [OUTCOME_MAP, "row 1", "comma-separated"]


def part_larger_than_total(p: Path) -> list[str]:
    header, rows = _read(p / BUDGETS)
    records = [dict(zip(header, r, strict=True)) for r in rows]
    totals = {r["figure_id"]: r for r in records}
    index = next(i for i, r in enumerate(records) if r["parent_figure_id"] in totals)
    bigger = str(int(float(totals[records[index]["parent_figure_id"]]["value"])) + 100000)
    rows[index][header.index("value")] = bigger
    _write(p / BUDGETS, header, rows)
    return [BUDGETS, f"row {index + 2}", "parent_value, value", bigger]


def changed_source_document(p: Path) -> list[str]:
    with (p / PACK).open("a", encoding="utf-8") as handle:
        handle.write("an edit\n")
    return ["seeds/reference/source_documents.csv row 2", "column sha256", PACK]


CASES = {
    "negative_count": negative_count,
    "percent_over_100": percent_over_100,
    "duplicate_natural_key": duplicate_key,
    "missing_required_column": missing_column,
    "unknown_extra_column": extra_column,
    "text_in_numeric_column": text_in_number,
    "unknown_period_label": unknown_period,
    "unknown_local_authority": unknown_local_authority,
    "empty_file": empty_file,
    "wrong_delimiter": wrong_delimiter,
    "part_larger_than_total": part_larger_than_total,
    "changed_source_document_checksum": changed_source_document,
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_the_build_and_leaves_the_live_warehouse(case: str, sandbox, build_tools) -> None:
    before = build_tools.sha256(sandbox.warehouse)
    expected = CASES[case](sandbox.project)
    result = build_tools.run_build(sandbox)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "BUILD FAILED" in output
    for fragment in expected:
        assert fragment in output, f"{fragment!r} not in the build's message:\n{output[-3000:]}"
    assert build_tools.sha256(sandbox.warehouse) == before
    assert not list((sandbox.warehouse.parent / ".candidates").glob("*.duckdb")), "candidate left beside the live file"
    assert any((sandbox.build_dir / "quarantine").iterdir()), "no quarantine report"
