"""Tables and headline cards as HTML that reads at any width: on a desktop a table is a table; on a phone (640 px
and narrower) each row becomes a block, its first cell as the heading and every other cell as "header: value"
beneath it, so every figure is on screen without scrolling sideways. Labels wrap; none is cut.

Pure functions (no Streamlit): streamlit_app.ui puts the HTML on the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from streamlit_app.downloads import Table

#: The width at and below which tables stack and cards take the full width.
NARROW_PX = 640

STYLE = f"""
<style>
.sc-table {{ border-collapse: collapse; width: 100%; margin: 0.25rem 0 0.75rem; font-size: 0.92rem; }}
.sc-table caption {{ text-align: left; font-weight: 600; padding-bottom: 0.35rem; }}
.sc-table th, .sc-table td {{ padding: 0.35rem 0.5rem; border-bottom: 1px solid #d6d6d6; text-align: left;
  vertical-align: top; overflow-wrap: break-word; hyphens: auto; }}
.sc-table tbody th {{ min-width: 12rem; }}
.sc-table th {{ font-weight: 600; color: #333333; background: #f5f5f5; }}
.sc-table .sc-num {{ text-align: right; }}
.sc-cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0.75rem;
  margin: 0.5rem 0 1rem; }}
.sc-card {{ border: 1px solid #d0d0d0; border-radius: 8px; padding: 0.6rem 0.75rem; }}
.sc-card-label {{ font-size: 0.92rem; color: #333333; overflow-wrap: anywhere; }}
.sc-card-value {{ font-size: 1.9rem; font-weight: 600; line-height: 1.2; margin: 0.2rem 0; }}
.sc-card-period {{ font-size: 0.95rem; font-weight: 400; color: #444444; }}
.sc-card-line {{ font-size: 0.88rem; color: #444444; margin-top: 0.15rem; }}
.sc-better {{ color: #006B4F; font-weight: 600; }}
.sc-worse {{ color: #B0311F; font-weight: 600; }}
.sc-neutral {{ color: #444444; font-weight: 600; }}
[data-testid="stMetricLabel"] *, [data-testid="stMetricLabel"] {{ white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }}
@media (max-width: {NARROW_PX}px) {{
  .sc-table thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
  .sc-table, .sc-table tbody, .sc-table tr, .sc-table tbody th, .sc-table td {{ display: block; width: 100%;
    box-sizing: border-box; }}
  .sc-table tr {{ border: 1px solid #cccccc; border-radius: 6px; margin-bottom: 0.5rem; padding: 0.25rem 0.5rem; }}
  .sc-table td {{ border: none; padding: 0.15rem 0; display: flex; justify-content: space-between; gap: 0.75rem;
    overflow-wrap: anywhere; min-width: 0; }}
  .sc-table td::before {{ content: attr(data-label); font-weight: 600; color: #333333; text-align: left;
    flex: 0 1 50%; }}
  .sc-table tbody th {{ border: none; background: none; padding: 0.15rem 0; font-weight: 700; min-width: 0;
    overflow-wrap: anywhere; }}
}}
</style>
"""


def _cell(value: object) -> str:
    return html.escape("" if value is None else str(value))


def html_table(table: Table, caption: str | None = None) -> str:
    """The table as it is shown: headers, then a row per row, its first cell the row's heading; number columns
    right-aligned."""
    shown = table.display()
    numeric = set(table.numbers)
    head = "".join(
        f'<th scope="col" class="{"sc-num" if column in numeric else "sc-text"}">{_cell(column)}</th>'
        for column in shown.columns
    )
    rows = []
    for values in shown.itertuples(index=False):
        cells = []
        for index, (column, value) in enumerate(zip(shown.columns, values, strict=True)):
            kind = "sc-num" if column in numeric else "sc-text"
            tag = 'th scope="row"' if index == 0 else "td"
            end = "th" if index == 0 else "td"
            cells.append(f'<{tag} class="{kind}" data-label="{_cell(column)}">{_cell(value)}</{end}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    title = f"<caption>{_cell(caption)}</caption>" if caption else ""
    return f'<table class="sc-table">{title}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


@dataclass(frozen=True)
class Card:
    """A headline figure: what it is, the figure, its period, and lines under it (each already in words). A line is
    (text, css class) - the class says better, worse or neutral for a change."""

    label: str
    value: str
    period: str | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)


def cards(items: list[Card]) -> str:
    """Headline cards side by side on a desktop, one under another on a phone."""
    blocks = []
    for card in items:
        period = f' <span class="sc-card-period">{_cell(card.period)}</span>' if card.period else ""
        lines = "".join(f'<div class="sc-card-line {css}">{_cell(text)}</div>' for text, css in card.lines)
        blocks.append(
            f'<div class="sc-card"><div class="sc-card-label">{_cell(card.label)}</div>'
            f'<div class="sc-card-value">{_cell(card.value)}{period}</div>{lines}</div>'
        )
    return f'<div class="sc-cards">{"".join(blocks)}</div>'
