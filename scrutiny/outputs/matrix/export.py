"""Export the data matrix generated for an authority (``marts.fct_lait_matrix``) as a print-ready Excel workbook,
an HTML page with print styles and the PDF printed from it, one folder per authority under
``paths.matrix_dir()``.

``python -m scrutiny matrix --la 879`` (``make matrix LA=879``) writes Plymouth's matrix with its default neighbour
group; ``--group dfe_2021_04`` picks another group; ``--la all`` writes every current authority; ``--measures all``
adds every other DfE measure after the pack's topics; ``--list`` prints the authorities and groups available.

The published warehouse is read read-only with one connection: one query for the rows of every authority asked
for, then one workbook, page and PDF per authority. Nothing here computes a figure: ranks, bands, averages and
improvement ranks are the mart's; this module lays them out.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scrutiny import paths
from scrutiny.outputs.briefing.query import runner
from scrutiny.outputs.matrix.html import page
from scrutiny.outputs.matrix.layout import MEASURE_SETS, heading, notes_rows
from scrutiny.outputs.matrix.query import (
    MatrixRequestError,
    available,
    build_info,
    connect,
    inspections,
    load_rows,
    neighbours,
    resolve,
)
from scrutiny.outputs.matrix.workbook import write_workbook
from scrutiny.outputs.pdf import write_pdf
from scrutiny.outputs.words import words

#: What each authority's folder gets.
SUFFIXES = (".xlsx", ".html", ".pdf")


def file_stem(la_number: int, group: str) -> str:
    return f"data_matrix_{la_number}_{group}"


def export(
    la: str,
    group: str | None = None,
    measures: str = "pack",
    warehouse: Path | None = None,
    out_root: Path | None = None,
) -> list[Path]:
    """Write the workbook, page and PDF for each authority asked for; returns the files written."""
    if measures not in MEASURE_SETS:
        raise MatrixRequestError(f"measures must be one of {', '.join(MEASURE_SETS)}, not {measures!r}")
    path = warehouse or paths.warehouse_path()
    written: list[Path] = []
    with connect(path) as con:
        pairs = resolve(available(con), la, group)
        frame = load_rows(con, pairs, measures)
        members = neighbours(con, pairs)
        info = build_info(con, path)
        labels = words(runner(con))
        judgements = inspections(con)
    jobs = []
    for (la_number, group_id), rows in frame.groupby(["focus_la_number", "neighbour_group_id"], sort=True):
        folder = (out_root / str(la_number)) if out_root else paths.matrix_dir(int(la_number))
        key = (int(la_number), str(group_id))
        notes = notes_rows(rows, info, members.get(key, []), measures)
        context = judgements[judgements["la_number"] == key[0]]
        jobs.append((rows, heading(rows, info), notes, context, labels, folder / file_stem(*key)))
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for files in pool.map(_write_all, jobs, chunksize=max(1, len(jobs) // (workers * 4))):
                written += files
    else:
        for job in jobs:
            written += _write_all(job)
    return written


def _write_all(job: tuple) -> list[Path]:
    """One authority's workbook, page and PDF (a unit of work for the process pool)."""
    rows, head, notes, context, labels, stem = job
    stem.parent.mkdir(parents=True, exist_ok=True)
    workbook, html_file, pdf = (stem.with_suffix(suffix) for suffix in SUFFIXES)
    write_workbook(rows, head, notes, context, labels, workbook)
    document = page(rows, head, notes, context, labels)
    html_file.write_text(document, encoding="utf-8")
    write_pdf(document, pdf)
    return [workbook, html_file, pdf]
