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
