"""The committee briefing "since the last meeting": what DfE published for an authority after a date, from the
published versions of its extract (``marts.lait_changes_since``), as an HTML page and a Word document under
``build/briefing/<LA>/``. ``python -m scrutiny briefing --la 882 --since 2025-06-01`` (``make briefing``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scrutiny import paths
from scrutiny.outputs.briefing.document import Briefing, write_docx, write_html
from scrutiny.outputs.briefing.query import (
    BriefingRequestError,
    baseline,
    changes,
    connect,
    resolve,
    versions,
    words,
)
from scrutiny.outputs.briefing.statements import sections

__all__ = ["BriefingRequestError", "build_briefing", "file_stem", "write"]


def file_stem(la_number: int, since: dt.date) -> str:
    return f"briefing_{la_number}_{since.isoformat()}"


def build_briefing(
    la: str | int, since: str | dt.date, group: str | None = None, warehouse: Path | None = None
) -> Briefing:
    """The briefing's content, read from the published warehouse (read-only)."""
    with connect(warehouse) as con:
        request = resolve(con, la, since, group)
        rows = changes(con, request)
        labels = words(con)
        held = versions(con)
        baseline_id, baseline_on = baseline(con, request.since)
    return Briefing(request, held, baseline_id, baseline_on, sections(rows, labels))


def write(
    la: str | int,
    since: str | dt.date,
    group: str | None = None,
    warehouse: Path | None = None,
    out_root: Path | None = None,
) -> list[Path]:
    """Write the HTML page and the Word document; returns the two paths."""
    briefing = build_briefing(la, since, group, warehouse)
    number = briefing.request.la_number
    folder = (out_root / str(number)) if out_root else paths.briefing_dir(number)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / file_stem(number, briefing.request.since)
    page, document = stem.with_suffix(".html"), stem.with_suffix(".docx")
    write_html(briefing, page)
    write_docx(briefing, document)
    return [page, document]
