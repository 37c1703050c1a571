"""The bad-input matrix: for each kind of defect, the build fails at once, says where (file, row, column), ends
with the same report (the step, the candidate or report quarantined, the live warehouse not changed), never shows
a raw traceback, and leaves the live warehouse byte-for-byte as it was.

Each case breaks a fresh copy of the project (the ``sandbox`` fixture; DfE's extract is off unless the case breaks
a copy of it). Most fail in the input checks or the raw-source landing, before dbt starts; the value rules on
seeds fail in the Great Expectations input suites, which stop dbt. That a failure of each family leaves nothing
behind that blocks the next build is shown once, cheaply, by test_the_next_build_after_failures_publishes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from scrutiny import paths
from scrutiny.sources import ees
from scrutiny.sources.lait import land as lait
from scrutiny.warehouse import record


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
MATRIX = "seeds/education/matrix_values.csv"
PACK = "data/source_documents/southend-people-scrutiny-2021-11-30-agenda-pack.txt"
SN_APRIL = "sn_april_2021.xlsx"
SN_MAY = "sn_may_2025.xlsx"


@dataclass
class Case:
    """A defect: ``apply(sandbox)`` makes it and returns the fragments the build's message must hold."""

    family: str
    apply: Callable[..., list[str]]
    #: Breaks a copy of DfE's extract (the sandbox reads it).
    needs_extract: bool = False
    #: Breaks a copy of DfE's children's social care statistics (the EES CSVs).
    needs_ees: bool = False
    #: Breaks a copy of the vintages' manifest (in a folder of its own).
    needs_manifest: bool = False
    #: Run the build as a user whom file permissions bind (root gives up the capabilities that ignore them).
    permissions_bind: bool = False
    env: dict[str, str] = field(default_factory=dict)


# --- seed files: the input checks (before dbt) --------------------------------------------------------------


def missing_column(box) -> list[str]:
    header, rows = _read(box.project / SAFEGUARDING)
    index = header.index("note")
    _write(box.project / SAFEGUARDING, header[:index] + header[index + 1 :], [r[:index] + r[index + 1 :] for r in rows])
    return [SAFEGUARDING, "column note", "missing"]


def extra_column(box) -> list[str]:
    header, rows = _read(box.project / COMPLAINTS)
    _write(box.project / COMPLAINTS, [*header, "comment"], [[*r, "x"] for r in rows])
    return [COMPLAINTS, "column comment", "unknown column"]


def text_in_number(box) -> list[str]:
    row = _set_cell(box.project / COMPLAINTS, lambda r: r["value"] != "", "value", "abc")
    return [f'{COMPLAINTS} row {row}, column value: "abc" is not a number']


def unknown_local_authority(box) -> list[str]:
    row = _set_cell(box.project / NEIGHBOURS, lambda r: True, "neighbour_la_code", "999")
    return [NEIGHBOURS, f"row {row}", "neighbour_la_code", "999", "local_authorities.csv"]


def empty_file(box) -> list[str]:
    (box.project / UPHELD_CASES).write_text("", encoding="utf-8")
    return [UPHELD_CASES, "empty"]


def wrong_delimiter(box) -> list[str]:
    header, rows = _read(box.project / OUTCOME_MAP)
    _write(box.project / OUTCOME_MAP, header, rows, delimiter=";")
    return [OUTCOME_MAP, "row 1", "comma-separated"]


def extra_field(box) -> list[str]:
    path = box.project / OUTCOME_MAP
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    return [OUTCOME_MAP, "row 3", "fields, the header has"]


def non_utf8_byte(box) -> list[str]:
    path = box.project / COMPLAINTS
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b"southend_people_scrutiny", b"southend_people_scrutin\xff", 1)
    path.write_bytes(b"\n".join(lines))
    return [COMPLAINTS, "row 5", "column source_document_id", "0xff is not UTF-8"]


def period_label_with_trailing_space(box) -> list[str]:
    row = _set_cell(box.project / SAFEGUARDING, lambda r: r["period_label"] == "2020/21", "period_label", "2020/21 ")
    return [SAFEGUARDING, f"row {row}", "column period_label", "spaces at its start or end"]


def changed_source_document(box) -> list[str]:
    with (box.project / PACK).open("a", encoding="utf-8") as handle:
        handle.write("an edit\n")
    return ["seeds/reference/source_documents.csv row 2", "column sha256", PACK]


def figure_on_the_wrong_line(box) -> list[str]:
    row = _set_cell(box.project / COMPLAINTS, lambda r: r["value"] == "367", "source_line", "1")
    return [COMPLAINTS, f"row {row}", "column source_line", "value 367 is not printed at line 1"]


def duplicate_key(box) -> list[str]:
    """A key the seed's YAML declares unique (dbt's test), repeated: named before dbt, not after a whole build."""
    header, rows = _read(box.project / SAFEGUARDING)
    figure_id = rows[0][header.index("figure_id")]
    rows[5][header.index("figure_id")] = figure_id
    _write(box.project / SAFEGUARDING, header, rows)
    return [SAFEGUARDING, "row 7", "figure_id", figure_id]


def neighbour_cell_copied(box) -> list[str]:
    """A transcription slip: a figure takes the value and the line of the cell beside it (the next period)."""
    header, rows = _read(box.project / MATRIX)
    records = [dict(zip(header, r, strict=True)) for r in rows]
    index = next(
        i
        for i in range(len(records) - 2)
        if records[i]["measure"] == records[i + 2]["measure"] == "value"
        and records[i]["indicator_id"] == records[i + 2]["indicator_id"]
        and records[i]["area"] == records[i + 2]["area"]
        and records[i]["value"] != records[i + 2]["value"]
        and records[i]["value"]
    )
    for column in ("value", "source_line"):
        rows[index + 2][header.index(column)] = rows[index][header.index(column)]
    _write(box.project / MATRIX, header, rows)
    return [MATRIX, f"row {index + 4}", "column source_line", "claims a printed cell", f"row {index + 2}"]


def value_on_the_next_line(box) -> list[str]:
    """A figure citing the line before its cell (a blank line of the table): its value is printed on the next
    line, which is the neighbouring cell's, not the cited line's."""
    document = (box.project / PACK).read_text(encoding="utf-8").splitlines()
    header, rows = _read(box.project / MATRIX)
    index = next(
        i
        for i, r in enumerate(rows)
        if r[header.index("value")] and not document[int(r[header.index("source_line")]) - 2].strip()
    )
    line = int(rows[index][header.index("source_line")]) - 1
    rows[index][header.index("source_line")] = str(line)
    _write(box.project / MATRIX, header, rows)
    return [MATRIX, f"row {index + 2}", "column source_line", f"is not printed at line {line}"]


# --- seed values: the Great Expectations input suites (beside dbt, which they stop) -------------------------
# A changed value is no longer printed on its cited line, which the input checks catch first. So that these cases
# reach the suites, the mistyped figure is "printed" in the copy of the document too (its checksum re-registered).


def _mistype(box, seed: str, predicate: Callable[[dict[str, str]], bool], value: str) -> int:
    """Set the value of the first matching row, and print it on that row's cited line of the document copy."""
    header, rows = _read(box.project / seed)
    index = next(i for i, r in enumerate(rows) if predicate(dict(zip(header, r, strict=True))))
    rows[index][header.index("value")] = value
    _write(box.project / seed, header, rows)
    line_no = int(rows[index][header.index("source_line")])
    document = box.project / PACK
    lines = document.read_text(encoding="utf-8").splitlines(keepends=True)  # numbered as the check numbers them
    lines[line_no - 1] = lines[line_no - 1].rstrip("\r\n") + f" {value}\n"
    document.write_text("".join(lines), encoding="utf-8")
    registry = box.project / "seeds/reference/source_documents.csv"
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    _set_cell(registry, lambda r: r["path"] == PACK, "sha256", digest)
    return index + 2


def negative_count(box) -> list[str]:
    row = _mistype(box, COMPLAINTS, lambda r: r["unit"] == "count" and r["value"] not in ("", "0"), "-5")
    return [COMPLAINTS, f"row {row}", "value", "-5"]


def percent_over_100(box) -> list[str]:
    header, rows = _read(box.project / COMPLAINTS)
    cited = Counter(r[header.index("source_line")] for r in rows)
    row = _mistype(
        box,
        COMPLAINTS,
        lambda r: (
            r["unit"] == "percent" and r["value"] != "" and not r["parent_figure_id"] and cited[r["source_line"]] == 1
        ),  # a cell of its own (not one printed once for several years)
        "140",
    )
    return [COMPLAINTS, f"row {row}", "value", "140"]


def part_larger_than_total(box) -> list[str]:
    header, rows = _read(box.project / BUDGETS)
    records = [dict(zip(header, r, strict=True)) for r in rows]
    totals = {r["figure_id"]: r for r in records}
    part = next(r for r in records if r["parent_figure_id"] in totals)
    bigger = str(int(float(totals[part["parent_figure_id"]]["value"])) + 100000)
    row = _mistype(box, BUDGETS, lambda r: r["figure_id"] == part["figure_id"], bigger)
    return [BUDGETS, f"row {row}", "parent_value, value", bigger]


def count_of_1e12(box) -> list[str]:
    header, rows = _read(box.project / COMPLAINTS)
    parents = {r[header.index("parent_figure_id")] for r in rows}

    def lone_count(r: dict[str, str]) -> bool:
        return r["unit"] == "count" and r["value"] not in ("", "0") and not r["parent_figure_id"]

    row = _mistype(box, COMPLAINTS, lambda r: lone_count(r) and r["figure_id"] not in parents, "1000000000000")
    return [COMPLAINTS, f"row {row}", "value_magnitude", "1000000000000"]


def neighbour_group_of_nine(box) -> list[str]:
    header, rows = _read(box.project / NEIGHBOURS)
    _write(box.project / NEIGHBOURS, header, rows[:-1])
    return [NEIGHBOURS, "group pack_2021", "count_neighbours", '"9", "10"']


# --- dbt ------------------------------------------------------------------------------------------------------


def unknown_period(box) -> list[str]:
    _set_cell(box.project / SAFEGUARDING, lambda r: r["period_label"] == "2020/21", "period_label", "Spring 2020")
    return ["period", "Spring 2020", SAFEGUARDING]


# --- DfE's extract: the raw-source landing's checks (before dbt) --------------------------------------------


def _set_bds(box, column: str, value: object, type_: pa.DataType) -> int:
    """Set ``column`` of the first row whose Values cell is a plain number; that row's number (first row = 1)."""
    path = box.lait / lait.BDS_FILE
    table = pq.read_table(path)
    values = table.column("Values").to_pylist()
    index = next(i for i, v in enumerate(values) if v and v.replace(".", "", 1).isdigit())
    cells = table.column(column).to_pylist()
    cells[index] = value
    pq.write_table(table.set_column(table.schema.get_field_index(column), column, pa.array(cells, type_)), path)
    return index + 1


def extract_nan(box) -> list[str]:
    row = _set_bds(box, "Values", "NaN", pa.string())
    return [lait.BDS_FILE, f"row {row}", "column Values", '"NaN"', "not a finite number"]


def extract_infinity(box) -> list[str]:
    row = _set_bds(box, "Values", "inf", pa.string())
    return [lait.BDS_FILE, f"row {row}", "column Values", '"inf"', "not a finite number"]


def extract_minus_1e12(box) -> list[str]:
    row = _set_bds(box, "Values", "-1e12", pa.string())
    return [lait.BDS_FILE, f"row {row}", "column Values", '"-1e12" is implausible']


def extract_unknown_authority(box) -> list[str]:
    row = _set_bds(box, "LA Number", 999.0, pa.float64())
    return [lait.BDS_FILE, f"row {row}", "column LA Number", "999 is not an authority"]


def extract_truncated(box) -> list[str]:
    path = box.lait / lait.BDS_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return [lait.BDS_FILE, "cannot be read as parquet"]


def workbook_truncated(box) -> list[str]:
    path = box.lait / SN_MAY
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return [SN_MAY, "not a readable .xlsx workbook"]


def _edit_sheet(path: Path, edit: Callable) -> None:
    workbook = load_workbook(path)
    edit(workbook.worksheets[0])
    workbook.save(path)


def workbook_unexpected_header(box) -> list[str]:
    _edit_sheet(box.lait / SN_APRIL, lambda sheet: sheet.cell(row=3, column=6, value="Neighbour 1"))
    return [SN_APRIL, "row 3", "expected columns SN1..SN10"]


def workbook_nine_neighbours(box) -> list[str]:
    _edit_sheet(box.lait / SN_APRIL, lambda sheet: setattr(sheet.cell(row=5, column=24), "value", None))  # SN10
    return [SN_APRIL, "row 5", "column SN10", "lists 9 neighbours"]


def workbook_unknown_neighbour(box) -> list[str]:
    _edit_sheet(box.lait / SN_MAY, lambda sheet: sheet.cell(row=6, column=10, value=999))  # row 6's SN3
    return [SN_MAY, "row 6", "column SN3", "999 is not an authority"]


def dictionary_missing_column(box) -> list[str]:
    path = box.lait / lait.DICTIONARY_FILE
    header, rows = _read(path)
    index = header.index("Polarity")
    _write(path, header[:index] + header[index + 1 :], [r[:index] + r[index + 1 :] for r in rows])
    return [lait.DICTIONARY_FILE, "row 1", "Polarity"]


def _measure_with_label(box, prefix: str) -> str:
    """A measure of the dictionary whose axis label starts with ``prefix`` ("%": a percentage) and that the
    extract holds plain numbers for."""
    header, rows = _read(box.lait / lait.DICTIONARY_FILE)
    labelled = {r[header.index("Measure_short")] for r in rows if r[header.index("y_axis_name")].startswith(prefix)}
    measures = pq.read_table(box.lait / lait.BDS_FILE, columns=["Short Desc"]).column("Short Desc").to_pylist()
    return next(m for m in measures if m in labelled)


def _set_bds_of(box, measure: str, value: str) -> int:
    """Set the Values cell of the first row of ``measure`` holding a plain number; that row (first row = 1)."""
    path = box.lait / lait.BDS_FILE
    table = pq.read_table(path)
    measures = table.column("Short Desc").to_pylist()
    values = table.column("Values").to_pylist()
    index = next(
        i for i, (m, v) in enumerate(zip(measures, values, strict=True)) if m == measure and v and v[0].isdigit()
    )
    values[index] = value
    pq.write_table(table.set_column(table.schema.get_field_index("Values"), "Values", pa.array(values)), path)
    return index + 1


def extract_percent_over_100(box) -> list[str]:
    measure = _measure_with_label(box, "% achieving")
    row = _set_bds_of(box, measure, "140")
    return [lait.BDS_FILE, f"row {row}", "column Values", '"140" is outside a percent\'s bounds (0 to 100']


def extract_negative_count(box) -> list[str]:
    measure = _measure_with_label(box, "Number of")
    row = _set_bds_of(box, measure, "-5")
    return [lait.BDS_FILE, f"row {row}", "column Values", '"-5" is outside a count\'s bounds (0 or more']


def extract_duplicate_row(box) -> list[str]:
    path = box.lait / lait.BDS_FILE
    table = pq.read_table(path)
    pq.write_table(pa.concat_tables([table, table.slice(4, 1)]), path)
    return [lait.BDS_FILE, f"row {table.num_rows + 1}", "column Short Desc", "repeats row 5"]


def dictionary_non_utf8_byte(box) -> list[str]:
    path = box.lait / lait.DICTIONARY_FILE
    data = path.read_bytes()
    at = data.index(b'"InfMort"')
    path.write_bytes(data[:at] + b'"Inf\xe9Mort"' + data[at + len(b'"InfMort"') :])
    line = data[:at].count(b"\n") + 1
    return [lait.DICTIONARY_FILE, f"row {line}", "column Measure_short", "0xe9 is not UTF-8"]


def dictionary_duplicate_measure(box) -> list[str]:
    path = box.lait / lait.DICTIONARY_FILE
    header, rows = _read(path)
    _write(path, header, [*rows, rows[0]])
    return [lait.DICTIONARY_FILE, "column Measure_short", f"{rows[0][header.index('Measure_short')]} under"]


def dictionary_decimal_places_not_a_number(box) -> list[str]:
    path = box.lait / lait.DICTIONARY_FILE
    header, rows = _read(path)
    rows[0][header.index("dps")] = "two"
    _write(path, header, rows)
    return [lait.DICTIONARY_FILE, "row 2", "column dps", "'two' is not a whole number"]


def la_code_list_duplicate_authority(box) -> list[str]:
    def repeat(sheet) -> None:
        sheet.append([c.value for c in sheet[3]])

    _edit_sheet(box.lait / lait.LA_CODES_FILE, repeat)
    return [lait.LA_CODES_FILE, "column LA Number", "repeats row 3"]


def workbook_authority_listed_twice(box) -> list[str]:
    def repeat(sheet) -> None:
        sheet.insert_rows(7)
        for column, cell in enumerate(sheet[5], start=1):
            sheet.cell(row=7, column=column, value=cell.value)

    _edit_sheet(box.lait / SN_MAY, repeat)
    return [SN_MAY, "row 7", "column LA num", "repeats row 5"]


def la_code_list_text_for_a_number(box) -> list[str]:
    _edit_sheet(box.lait / lait.LA_CODES_FILE, lambda sheet: sheet.cell(row=4, column=1, value="3O3"))
    return [lait.LA_CODES_FILE, "row 4", "column LA Number", "'3O3' is not an LA number"]


def workbook_neighbour_not_a_number(box) -> list[str]:
    _edit_sheet(box.lait / SN_MAY, lambda sheet: sheet.cell(row=6, column=8, value="n/a"))  # row 6's SN2
    return [SN_MAY, "row 6", "column SN2", "'n/a' is not an LA number"]


# --- DfE's children's social care statistics (EES CSVs): their landing (before dbt) -------------------------

EES_REFERRALS = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"


def _ees_line(box, predicate: Callable[[dict[str, str]], bool]) -> tuple[Path, list[str], list[list[str]], int]:
    """The EES referrals file, its header and rows, and the index of the first row matching ``predicate``."""
    path = box.ees / EES_REFERRALS
    header, rows = _read(path)
    return path, header, rows, next(i for i, r in enumerate(rows) if predicate(dict(zip(header, r, strict=True))))


def ees_non_utf8_byte(box) -> list[str]:
    path, header, rows, index = _ees_line(box, lambda r: r["geographic_level"] == "Local authority")
    rows[index][header.index("la_name")] += "\udcff"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode("utf-8", errors="surrogateescape"))
    return [EES_REFERRALS, f"row {index + 2}", "column la_name", "0xff is not UTF-8"]


def ees_duplicate_authority_year(box) -> list[str]:
    path, header, rows, index = _ees_line(box, lambda r: r["geographic_level"] == "Local authority")
    _write(path, header, [*rows[: index + 1], rows[index], *rows[index + 1 :]])
    code = rows[index][header.index("old_la_code")]
    return [EES_REFERRALS, f"row {index + 3}", "column old_la_code", f"repeats row {index + 2}", f"authority {code}"]


def ees_percent_over_100(box) -> list[str]:
    path, header, rows, index = _ees_line(
        box, lambda r: r["category"] == "Referrals and Re-referrals" and r["rereferral_percent"][:1].isdigit()
    )
    rows[index][header.index("rereferral_percent")] = "140"
    _write(path, header, rows)
    return [
        EES_REFERRALS,
        f"row {index + 2}",
        "column rereferral_percent",
        "140 is outside a percent's bounds (0 to 100",
    ]


def ees_text_in_number(box) -> list[str]:
    path, header, rows, index = _ees_line(box, lambda r: r["referral_count"][:1].isdigit())
    rows[index][header.index("referral_count")] = "12O"
    _write(path, header, rows)
    return [EES_REFERRALS, f"row {index + 2}", "column referral_count", "'12O' is neither a number"]


# --- the vintages' manifest (the versions DfE published): its landing (before dbt) ----------------------------

MANIFEST = "manifest.csv"


def manifest_non_utf8_byte(box) -> list[str]:
    path = box.vintages / MANIFEST
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Fixes", b"Fix\xe9s", 1)
    path.write_bytes(b"\n".join(lines))
    return [MANIFEST, "row 4", "column message", "0xe9 is not UTF-8"]


def manifest_duplicate_vintage(box) -> list[str]:
    path = box.vintages / MANIFEST
    header, rows = _read(path)
    _write(path, header, [*rows[:3], rows[2], *rows[3:]])
    return [MANIFEST, "row 5", "column vintage_id", "listed twice (first on row 4)"]


def manifest_time_without_offset(box) -> list[str]:
    path = box.vintages / MANIFEST
    header, rows = _read(path)
    rows[1][header.index("committed_at")] = rows[1][header.index("committed_at")][:19]
    _write(path, header, rows)
    return [MANIFEST, "row 3", "column committed_at", "not an ISO 8601 time with a UTC offset"]


# --- completeness: a raw source that was there at the last publish --------------------------------------------


def file_missing_since_publish(box) -> list[str]:
    _record_previous_publish(
        box, {"lait": {"folder": str(box.lait), "files": {p.name: "" for p in box.lait.iterdir()}}}
    )
    (box.lait / SN_MAY).unlink()
    return [f"{box.lait}/{SN_MAY}", "missing now", "--allow-missing-lait"]


def extract_folder_missing(box) -> list[str]:
    box.lait = box.project.parent / "no-such-folder"
    return [str(box.lait), "does not exist", "--allow-missing-lait"]


def extract_folder_unreadable(box) -> list[str]:
    box.lait.chmod(0o000)
    return [str(box.lait), "cannot be read", "Permission denied"]


# --- the warehouse folder and the disk ------------------------------------------------------------------------


def warehouse_folder_read_only(box) -> list[str]:
    box.warehouse.parent.chmod(0o555)
    return [str(box.warehouse.parent), "cannot write in the warehouse folder", "Permission denied"]


def disk_full(box) -> list[str]:
    return [str(box.build_dir), "No space left on device"]


def _record_previous_publish(box, sources: dict) -> None:
    """What a build that published the sandbox's live file would have recorded beside it."""
    saved = os.environ.get(paths.ENV_WAREHOUSE)
    os.environ[paths.ENV_WAREHOUSE] = str(box.warehouse)
    try:
        record.record_published(
            box.warehouse,
            {
                "sha256": "previous",
                "run_id": "previous-build",
                "raw_sources": sources,
                "live_sha256": paths.file_sha256(box.warehouse),
            },
        )
    finally:
        if saved is None:
            del os.environ[paths.ENV_WAREHOUSE]
        else:
            os.environ[paths.ENV_WAREHOUSE] = saved


CASES = {
    "missing_required_column": Case("seed files", missing_column),
    "unknown_extra_column": Case("seed files", extra_column),
    "text_in_numeric_column": Case("seed files", text_in_number),
    "unknown_local_authority": Case("seed files", unknown_local_authority),
    "empty_file": Case("seed files", empty_file),
    "wrong_delimiter": Case("seed files", wrong_delimiter),
    "row_with_an_extra_field": Case("seed files", extra_field),
    "non_utf8_byte": Case("seed files", non_utf8_byte),
    "period_label_with_trailing_space": Case("seed files", period_label_with_trailing_space),
    "changed_source_document_checksum": Case("seed files", changed_source_document),
    "figure_on_the_wrong_line": Case("seed files", figure_on_the_wrong_line),
    "neighbour_cell_copied": Case("seed files", neighbour_cell_copied),
    "value_on_the_next_line": Case("seed files", value_on_the_next_line),
    "negative_count": Case("seed values", negative_count),
    "percent_over_100": Case("seed values", percent_over_100),
    "duplicate_natural_key": Case("seed files", duplicate_key),
    "part_larger_than_total": Case("seed values", part_larger_than_total),
    "count_of_1e12": Case("seed values", count_of_1e12),
    "neighbour_group_of_nine": Case("seed values", neighbour_group_of_nine),
    "unknown_period_label": Case("dbt", unknown_period),
    "extract_nan": Case("extract", extract_nan, needs_extract=True),
    "extract_infinity": Case("extract", extract_infinity, needs_extract=True),
    "extract_minus_1e12": Case("extract", extract_minus_1e12, needs_extract=True),
    "extract_unknown_authority": Case("extract", extract_unknown_authority, needs_extract=True),
    "extract_truncated_parquet": Case("extract", extract_truncated, needs_extract=True),
    "workbook_truncated": Case("extract", workbook_truncated, needs_extract=True),
    "workbook_unexpected_header": Case("extract", workbook_unexpected_header, needs_extract=True),
    "workbook_nine_neighbours": Case("extract", workbook_nine_neighbours, needs_extract=True),
    "workbook_unknown_neighbour": Case("extract", workbook_unknown_neighbour, needs_extract=True),
    "dictionary_missing_column": Case("extract", dictionary_missing_column, needs_extract=True),
    "extract_percent_over_100": Case("extract", extract_percent_over_100, needs_extract=True),
    "extract_negative_count": Case("extract", extract_negative_count, needs_extract=True),
    "extract_duplicate_row": Case("extract", extract_duplicate_row, needs_extract=True),
    "dictionary_non_utf8_byte": Case("extract", dictionary_non_utf8_byte, needs_extract=True),
    "dictionary_duplicate_measure": Case("extract", dictionary_duplicate_measure, needs_extract=True),
    "dictionary_decimal_places_not_a_number": Case(
        "extract", dictionary_decimal_places_not_a_number, needs_extract=True
    ),
    "la_code_list_duplicate_authority": Case("extract", la_code_list_duplicate_authority, needs_extract=True),
    "workbook_authority_listed_twice": Case("extract", workbook_authority_listed_twice, needs_extract=True),
    "workbook_neighbour_not_a_number": Case("extract", workbook_neighbour_not_a_number, needs_extract=True),
    "la_code_list_text_for_a_number": Case("extract", la_code_list_text_for_a_number, needs_extract=True),
    "ees_non_utf8_byte": Case("EES statistics", ees_non_utf8_byte, needs_ees=True),
    "ees_duplicate_authority_year": Case("EES statistics", ees_duplicate_authority_year, needs_ees=True),
    "ees_percent_over_100": Case("EES statistics", ees_percent_over_100, needs_ees=True),
    "ees_text_in_number": Case("EES statistics", ees_text_in_number, needs_ees=True),
    "manifest_non_utf8_byte": Case("vintages manifest", manifest_non_utf8_byte, needs_manifest=True),
    "manifest_duplicate_vintage": Case("vintages manifest", manifest_duplicate_vintage, needs_manifest=True),
    "manifest_time_without_offset": Case("vintages manifest", manifest_time_without_offset, needs_manifest=True),
    "extract_file_missing_since_publish": Case("completeness", file_missing_since_publish, needs_extract=True),
    "extract_folder_does_not_exist": Case("completeness", extract_folder_missing),
    "extract_folder_unreadable": Case(
        "completeness", extract_folder_unreadable, needs_extract=True, permissions_bind=True
    ),
    "warehouse_folder_read_only": Case("environment", warehouse_folder_read_only, permissions_bind=True),
    "disk_full": Case("environment", disk_full),
}


@pytest.fixture(scope="session")
def ees_statistics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the EES files the build lands (DfE's children's social care statistics), for tests to break."""
    source = paths.ees_csc_dir()
    if source is None or not source.is_dir():
        pytest.skip("needs DfE's EES statistics (../shared/ees_csc beside the repository, or SCRUTINY_EES_CSC_DIR)")
    copy = tmp_path_factory.mktemp("ees") / "statistics"
    copy.mkdir()
    for dataset in ees.DATASETS:
        shutil.copy2(source / dataset.file_name, copy / dataset.file_name)
    return copy


@pytest.fixture(scope="session")
def vintages_manifest() -> Path:
    """The vintages' manifest (the breaking cases fail on it before any file it names is read)."""
    source = paths.lait_vintages_dir()
    if source is None or not (source / MANIFEST).is_file():
        pytest.skip("needs the vintages' manifest (../shared/lait/vintages, or SCRUTINY_LAIT_VINTAGES_DIR)")
    return source / MANIFEST


#: Families caught once dbt started: by the GX input suites beside it (which stop it), or by dbt itself.
STOPPED_BY_DBT_OR_ITS_SUITES = ("seed values", "dbt")


def _tmpfs_wrapper(folder: Path, size: str) -> tuple[str, ...]:
    """Run a command with ``folder`` on a small private tmpfs (a full disk), or skip saying why it cannot be."""
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {folder} && touch {folder}/probe"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        pytest.skip(f"a full disk needs a private tmpfs (unshare -m, mount): {probe.stderr.strip()[:200]}")
    return ("unshare", "-m", "sh", "-c", f'mount -t tmpfs -o size={size} tmpfs "{folder}" && exec "$@"', "sh")


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_input_fails_the_build_and_leaves_the_live_warehouse(kind: str, sandbox, build_tools, request) -> None:
    case = CASES[kind]
    if case.needs_extract:
        sandbox.lait = sandbox.project.parent / "lait"
        shutil.copytree(request.getfixturevalue("lait_extract"), sandbox.lait)
    if case.needs_ees:
        sandbox.ees = sandbox.project.parent / "ees"
        shutil.copytree(request.getfixturevalue("ees_statistics"), sandbox.ees)
        sandbox.extra_env[paths.ENV_EES_CSC_DIR] = str(sandbox.ees)
    if case.needs_manifest:
        sandbox.vintages = sandbox.project.parent / "vintages"
        sandbox.vintages.mkdir()
        shutil.copy2(request.getfixturevalue("vintages_manifest"), sandbox.vintages / MANIFEST)
        sandbox.extra_env[paths.ENV_LAIT_VINTAGES_DIR] = str(sandbox.vintages)
    before = build_tools.sha256(sandbox.warehouse)
    expected = case.apply(sandbox)
    wrapper: tuple[str, ...] = ()
    if kind == "disk_full":
        sandbox.build_dir.mkdir(parents=True)
        wrapper = _tmpfs_wrapper(sandbox.build_dir, "300k")
    preexec = build_tools.without_file_permission_override if case.permissions_bind else None
    try:
        result = build_tools.run_build(sandbox, wrapper=wrapper, preexec_fn=preexec)
    finally:
        for folder in (sandbox.warehouse.parent, sandbox.lait):
            if isinstance(folder, Path) and folder.exists():
                folder.chmod(0o755)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "BUILD FAILED at step:" in output
    for fragment in expected:
        assert fragment in output, f"{fragment!r} not in the build's message:\n{output[-3000:]}"
    assert "Traceback (most recent call last)" not in output, output
    assert "unexpected error" not in output, output
    if case.family in STOPPED_BY_DBT_OR_ITS_SUITES:
        assert "dbt: not run" not in output, output
    else:  # the summary says dbt did not run, not "0 models built, 0/0 tests passed"
        assert "dbt: not run (the build stopped at step:" in output and "0 models" not in output, output
    assert "The live warehouse was not changed" in output, output
    assert build_tools.sha256(sandbox.warehouse) == before
    beside_live = {p.name for p in sandbox.warehouse.parent.iterdir()}
    assert beside_live <= {"scrutiny.duckdb", "scrutiny.duckdb.inputs.json", "scrutiny.duckdb.lock"}, beside_live
    if kind != "disk_full":  # a full disk takes the report's folder too; the message says so
        assert any((sandbox.build_dir / "quarantine").iterdir()), "no failure report in quarantine"
