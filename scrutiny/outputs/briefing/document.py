"""The briefing as an HTML page (print styles) and a Word document with the same headings and statements."""

from __future__ import annotations

import html
from dataclasses import dataclass
from io import BytesIO

import pandas as pd

from scrutiny.outputs.briefing.query import Request, Versions
from scrutiny.outputs.briefing.statements import Section, day

SOURCE = (
    "Department for Education, Local Authority Interactive Tool (LAIT): every version of its all-authority extract "
    "published since November 2024, Open Government Licence v3.0."
)


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing says: whose, since when, against which versions, and its sections."""

    request: Request
    held: Versions
    baseline_id: str
    baseline_on: object
    rows: pd.DataFrame
    sections: list[Section]

    @property
    def title(self) -> str:
        return f"Since the last meeting: {self.request.la_name} ({self.request.la_number})"

    def introduction(self) -> list[str]:
        since = day(self.request.since)
        baseline = f"version {self.baseline_id} of {day(self.baseline_on)}"
        return [
            f"What DfE published for {self.request.la_name} after {since}: the extract as it stood then "
            f"({baseline}) against the latest version, {self.held.latest_id} of {day(self.held.latest_on)}.",
            "A revision is counted once, from the value published then to the value now: a figure revised and "
            "revised back is not listed, nor are re-roundings, changes of unit (thousands of pounds to pounds) "
            "or relabelled periods. Ranks are among English authorities (1 = best), bands A (best quarter) to D, "
            "RAG by the committee's rule (A green, B or C amber, D red).",
            f"Neighbours' means are for {self.request.group_label}.",
        ]

    def counts(self) -> list[tuple[str, int]]:
        return [(section.heading, section.count) for section in self.sections]


CSS = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #1b1b1b; margin: 1.5rem; line-height: 1.45;
       max-width: 60rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; margin-bottom: 0.2rem; }
table.counts { border-collapse: collapse; }
.counts th, .counts td { border: 1px solid #8a8a8a; padding: 0.2rem 0.5rem; }
.counts td { text-align: right; } .counts th { text-align: left; font-weight: normal; }
li { margin-bottom: 0.25rem; }
@page { size: A4 portrait; margin: 16mm 14mm; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; }
  h3 { break-after: avoid; } li { break-inside: avoid; } }
"""


def render_html(briefing: Briefing) -> str:
    """The briefing as one HTML document (screen and print styles)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{esc(briefing.title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>',
        "<body><main>",
        f"<h1>{esc(briefing.title)}</h1>",
    ]
    parts += [f"<p>{esc(text)}</p>" for text in briefing.introduction()]
    parts.append('<table class="counts"><caption>Changes by kind</caption><tbody>')
    for heading, count in briefing.counts():
        parts.append(f'<tr><th scope="row">{esc(heading)}</th><td>{count:,}</td></tr>')
    parts.append("</tbody></table>")
    for section in briefing.sections:
        parts.append(f'<section><h2 id="{section.kind}">{esc(section.heading)} ({section.count:,})</h2>')
        if not section.topics:
            parts.append("<p>None.</p>")
        for topic, items in section.topics:
            parts.append(f"<h3>{esc(topic)}</h3><ul>")
            parts += [f"<li>{esc(item)}</li>" for item in items]
            parts.append("</ul>")
        parts.append("</section>")
    parts.append(f"<footer><p>Source: {esc(SOURCE)}</p></footer></main></body></html>")
    return "\n".join(parts)


def render_docx(briefing: Briefing) -> bytes:
    """The same briefing as a Word document: title, introduction, a table of counts, a heading per kind and a
    bullet per statement."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(18)
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = briefing.title
    document.add_heading(briefing.title, level=0)
    for text in briefing.introduction():
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Change", "Count"
    for heading, count in briefing.counts():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = heading, f"{count:,}"
    for section in briefing.sections:
        document.add_heading(f"{section.heading} ({section.count:,})", level=1)
        if not section.topics:
            document.add_paragraph("None.")
        for topic, items in section.topics:
            document.add_heading(topic, level=2)
            for item in items:
                document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(f"Source: {SOURCE}")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
