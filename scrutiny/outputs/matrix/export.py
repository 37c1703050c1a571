"""Export the data matrix generated for an authority (``marts.fct_lait_matrix``) as an Excel workbook and an
accessible HTML page, one folder per authority under ``paths.matrix_dir()``.

``python -m scrutiny matrix --la 879`` (``make matrix LA=879``) writes Plymouth's matrix with its default neighbour
group; ``--group dfe_2021_04`` picks another group; ``--la all`` writes every current authority; ``--measures all``
adds every other DfE measure after the pack's topics; ``--list`` prints the authorities and groups available.

The published warehouse is read read-only with one connection: one query for the rows of every authority asked
for, then one workbook and one page per authority. Nothing here computes a figure: ranks, bands, averages and
improvement ranks are the mart's; this module lays them out.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scrutiny import paths
from scrutiny.outputs.matrix.html import write_html
from scrutiny.outputs.matrix.layout import MEASURE_SETS
from scrutiny.outputs.matrix.query import (
    MatrixRequestError,
    available,
    build_info,
    connect,
    load_rows,
    missing_wording,
    neighbours,
    resolve,
)
from scrutiny.outputs.matrix.workbook import write_workbook


def file_stem(la_number: int, group: str) -> str:
    return f"data_matrix_{la_number}_{group}"


def export(
    la: str,
    group: str | None = None,
    measures: str = "pack",
    warehouse: Path | None = None,
    out_root: Path | None = None,
) -> list[Path]:
    """Write the workbook and page for each authority asked for; returns the files written."""
    if measures not in MEASURE_SETS:
        raise MatrixRequestError(f"measures must be one of {', '.join(MEASURE_SETS)}, not {measures!r}")
    path = warehouse or paths.warehouse_path()
    written: list[Path] = []
    with connect(path) as con:
        pairs = resolve(available(con), la, group)
        frame = load_rows(con, pairs, measures)
        members = neighbours(con, pairs)
        info = build_info(con, path)
        wording = missing_wording(con)
    jobs = []
    for (la_number, group_id), rows in frame.groupby(["focus_la_number", "neighbour_group_id"], sort=True):
        folder = (out_root / str(la_number)) if out_root else paths.matrix_dir(int(la_number))
        key = (int(la_number), str(group_id))
        jobs.append((rows, info, members.get(key, []), measures, folder / file_stem(*key), wording))
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for pair in pool.map(_write_both, jobs, chunksize=max(1, len(jobs) // (workers * 4))):
                written += pair
    else:
        for job in jobs:
            written += _write_both(job)
    return written


def _write_both(job: tuple) -> list[Path]:
    """One authority's workbook and page (a unit of work for the process pool)."""
    rows, info, members, measures, stem, wording = job
    stem.parent.mkdir(parents=True, exist_ok=True)
    workbook, page = stem.with_suffix(".xlsx"), stem.with_suffix(".html")
    write_workbook(rows, info, members, measures, workbook, wording)
    write_html(rows, info, members, measures, page, wording)
    return [workbook, page]
