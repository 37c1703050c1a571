"""The committee briefing "since the last meeting": what DfE published for an authority after a date, from the
published versions of its extract (``marts.fct_lait_changes_since``), as an HTML page and a Word document under
``build/briefing/<LA>/``. ``python -m scrutiny briefing --la 882 --since 2025-06-01`` (``make briefing``); the
app's "Since the last meeting" page builds the same documents through ``assemble`` with its own query."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scrutiny import paths
from scrutiny.outputs.briefing.document import Briefing, render_docx, render_html
from scrutiny.outputs.briefing.query import (
    BriefingRequestError,
    Run,
    baseline,
    changes,
    connect,
    resolve,
    runner,
    versions,
)
from scrutiny.outputs.briefing.statements import sections
from scrutiny.outputs.words import words

__all__ = ["Briefing", "BriefingRequestError", "assemble", "file_stem", "render_docx", "render_html", "write"]


def file_stem(la_number: int, since: dt.date) -> str:
    return f"briefing_{la_number}_{since.isoformat()}"


def assemble(run: Run, la: str | int, since: str | dt.date, group: str | None = None) -> Briefing:
    """The briefing's content: the request checked, then the rows and words it prints."""
    request = resolve(run, la, since, group)
    rows = changes(run, request)
    baseline_id, baseline_on = baseline(run, request.since)
    return Briefing(request, versions(run), baseline_id, baseline_on, rows, sections(rows, words(run)))


def write(
    la: str | int,
    since: str | dt.date,
    group: str | None = None,
    warehouse: Path | None = None,
    out_root: Path | None = None,
) -> list[Path]:
    """Write the HTML page and the Word document from the published warehouse (read-only); returns both paths."""
    with connect(warehouse) as con:
        briefing = assemble(runner(con), la, since, group)
    number = briefing.request.la_number
    folder = (out_root / str(number)) if out_root else paths.briefing_dir(number)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / file_stem(number, briefing.request.since)
    page, document = stem.with_suffix(".html"), stem.with_suffix(".docx")
    page.write_text(render_html(briefing), encoding="utf-8")
    document.write_bytes(render_docx(briefing))
    return [page, document]
