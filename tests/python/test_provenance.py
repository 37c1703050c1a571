"""Every transcribed figure is printed in its source document at the line its seed row names.

The check itself is the pipeline's (scrutiny.inputs.provenance, run by the build's input checks before dbt); these
tests run it on every transcribed seed of the repository, one test per seed, and prove it catches a figure moved
to a wrong line.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from scrutiny import paths
from scrutiny.inputs import provenance

SEEDS = provenance.figure_seeds(paths.seeds_dir())


def test_numbers_on_reads_printed_formats():
    assert provenance.numbers_on("367 complaints were received") == {Decimal(367)}
    assert Decimal("81.82") in provenance.numbers_on("of these 81.82% were responded to")
    assert Decimal(211778) in provenance.numbers_on("£211,778")
    assert Decimal("-5.2") in provenance.numbers_on("change \u22125.2")
    assert Decimal(5) in provenance.numbers_on("Five complaints were upheld")
    assert provenance.printed_at(Decimal(167040), ["167,04", "0"], 1)
    assert not provenance.printed_at(Decimal(167040), ["167,04", "1"], 1)


def test_there_are_transcribed_seeds():
    assert SEEDS, "no seed with value and source_line columns found under seeds/"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: str(p.relative_to(paths.seeds_dir())))
def test_every_figure_is_printed_at_its_source_line(seed: Path):
    problems = provenance.check_seed(seed, paths.project_dir(), provenance.registered_documents(paths.project_dir()))
    assert not problems, "\n".join(str(p) for p in problems[:50])


def test_a_figure_moved_to_another_line_is_caught(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(paths.seeds_dir(), project / "seeds")
    shutil.copytree(paths.project_dir() / "data", project / "data")
    seed = project / "seeds" / "complaints" / "complaints_figures.csv"
    rows = list(csv.reader(io.StringIO(seed.read_text(encoding="utf-8"))))
    header = rows[0]
    index = next(i for i, r in enumerate(rows[1:], start=1) if r[header.index("value")] == "367")
    rows[index][header.index("source_line")] = "1"  # the document's title line holds no 367
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    seed.write_text(buffer.getvalue(), encoding="utf-8")
    problems = provenance.check_provenance(project)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("seeds/complaints/complaints_figures.csv", index + 1, "source_line")
    ], problems
    assert "value 367 is not printed at line 1" in problems[0].message


def test_a_value_on_the_next_line_is_not_the_cited_lines():
    """Only a number cut by the line break is read across it: a value printed on the next line is the
    neighbouring cell's."""
    assert not provenance.printed_at(Decimal("36.5"), ["", "36.5"], 1)
    assert not provenance.printed_at(Decimal(6), ["Rank", "6"], 1)
    assert [c.position for c in provenance.cells_on(["8% and 8%, five of them"], 1)] == [1, 2, 3]


def test_every_figure_of_the_repository_has_its_own_printed_cell():
    assert provenance.check_provenance(paths.project_dir()) == []


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(paths.seeds_dir(), project / "seeds")
    shutil.copytree(paths.project_dir() / "data", project / "data")
    return project


def _rows(seed: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(seed.read_text(encoding="utf-8"))))


def _save(seed: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    seed.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: str(p.relative_to(paths.seeds_dir())))
def test_a_figure_copying_its_neighbours_cell_is_caught(seed: Path, tmp_path: Path):
    """The slip the line check alone lets through: a figure takes the value and the line of the cell before it
    (the previous row of its table). Both are printed there, but the cell is the neighbour's."""
    project = _project(tmp_path)
    copy = project / seed.relative_to(paths.project_dir())
    rows = _rows(copy)
    header = rows[0]
    value, line, table = (header.index(c) for c in ("value", "source_line", "source_table"))
    document = provenance.registered_documents(project)

    def printed_once(row: list[str]) -> bool:
        lines = document[row[header.index("source_document_id")]]
        cells = provenance.cells_on(lines, int(row[line]))
        return sum(Decimal(row[value]) in c.readings for c in cells) == 1

    index = next(
        i
        for i in range(2, len(rows))
        if rows[i][table] == rows[i - 1][table]
        and rows[i][value]
        and rows[i - 1][value]
        and rows[i][value] != rows[i - 1][value]
        and rows[i][line] != rows[i - 1][line]
        and printed_once(rows[i - 1])
    )
    rows[index][value], rows[index][line] = rows[index - 1][value], rows[index - 1][line]
    _save(copy, rows)
    problems = provenance.check_provenance(project)
    name = copy.relative_to(project).as_posix()
    assert [(p.file, p.row, p.column) for p in problems] == [(name, index + 1, "source_line")], problems
    assert f"{name} row {index}" in problems[0].message  # the neighbour that holds the cell


def test_a_cell_stated_once_for_several_figures_is_declared(tmp_path: Path):
    """94% is printed once for three years; without its row in shared_cells the two later years are two figures
    claiming one cell, and a declaration that no longer matches the figures is reported too."""
    project = _project(tmp_path)
    shared = project / "seeds" / "reference" / "shared_cells.csv"
    rows = _rows(shared)
    _save(shared, rows[:1])
    problems = provenance.check_provenance(project)
    assert {(p.file, p.row) for p in problems} == {
        ("seeds/complaints/complaints_figures.csv", 13),
        ("seeds/complaints/complaints_figures.csv", 14),
    }, problems
    rows[1][rows[0].index("source_line")] = "197"
    _save(shared, rows)
    assert any(p.file.endswith("shared_cells.csv") and p.row == 2 for p in provenance.check_provenance(project))
