"""HTML to PDF with WeasyPrint: a Python library (in the runtime lock) implementing CSS paged media (page size,
running headers, "Page n of m", repeated table headers), so `make matrix` prints after `make run` with no browser.
It needs Debian's pango (libpango-1.0-0, libpangoft2-1.0-0; `make pdf-deps` installs them)."""

from __future__ import annotations

from pathlib import Path


class PdfUnavailableError(RuntimeError):
    """WeasyPrint cannot load the system libraries it draws text with."""


def write_pdf(page_html: str, path: Path) -> Path:
    """Print an HTML document (its own @page rules decide size and margins) to ``path``."""
    try:
        from weasyprint import HTML
    except OSError as problem:  # pango missing: WeasyPrint's import loads it
        raise PdfUnavailableError(
            f"cannot write {path}: WeasyPrint needs Debian's pango ({problem}). Install it with `make pdf-deps` "
            "(apt-get install libpango-1.0-0 libpangoft2-1.0-0), then run the command again."
        ) from None
    HTML(string=page_html, base_url=str(path.parent)).write_pdf(str(path))
    return path
