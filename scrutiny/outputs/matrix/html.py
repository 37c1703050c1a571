"""The data matrix as an accessible HTML page: one headed table per topic with a caption, and the notes."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from scrutiny.outputs.matrix.layout import (
    RAG_FILLS,
    BuildInfo,
    column_groups,
    columns,
    display_text,
    is_missing,
    notes_rows,
)

CSS = """
body { font-family: system-ui, sans-serif; color: #1b1b1b; margin: 1.5rem; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 2rem; font-size: 0.85rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.25rem 0.4rem; vertical-align: top; }
thead th { background: #d9e1f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { text-align: left; min-width: 22rem; font-weight: normal; }
td.missing { font-style: italic; color: #4a4a4a; }
td.rag-green { background: #c6efce; } td.rag-amber { background: #ffeb9c; } td.rag-red { background: #ffc7ce; }
.scroll { overflow-x: auto; }
dt { font-weight: bold; margin-top: 0.5rem; }
"""


def write_html(
    frame: pd.DataFrame, info: BuildInfo, members: list[str], measures: str, path: Path, wording: dict[str, str]
) -> None:
    """The same tables as the workbook, one headed table per topic with a caption; the RAG status is a word (its
    colour only repeats it)."""
    first = frame.iloc[0]
    title = f"Data matrix: {first['focus_la_name']} ({int(first['focus_la_number'])})"
    groups = column_groups()
    cols = columns()
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>',
        "<body>",
        "<main>",
        f"<h1>{esc(title)}</h1>",
        f"<p>Neighbour group: {esc(str(first['neighbour_group_id']))}, {esc(str(first['neighbour_group_label']))}.</p>",
        '<nav aria-label="Topics"><h2>Topics</h2><ul>',
    ]
    topics = list(frame.groupby(["topic_order", "topic_label"], sort=True))
    for index, ((_, label), _) in enumerate(topics, start=1):
        parts.append(f'<li><a href="#topic-{index}">{esc(str(label))}</a></li>')
    parts.append("</ul></nav>")
    for index, ((_, label), topic) in enumerate(topics, start=1):
        parts.append(f'<section aria-labelledby="topic-{index}"><h2 id="topic-{index}">{esc(str(label))}</h2>')
        parts.append('<div class="scroll"><table>')
        parts.append(
            f"<caption>{esc(str(label))}: {esc(str(first['focus_la_name']))}'s value in the last five periods, "
            "latest rank, band, England, region, neighbours, direction of travel, improvement and RAG status"
            "</caption>"
        )
        parts.append("<thead><tr>")
        for group in groups:
            span = f' colspan="{len(group.columns)}"' if len(group.columns) > 1 else ""
            parts.append(f'<th scope="colgroup"{span}>{esc(group.header)}</th>')
        parts.append("</tr><tr>")
        for column in cols:
            parts.append(f'<th scope="col">{esc(column.header)}</th>')
        parts.append("</tr></thead><tbody>")
        for _, row in topic.iterrows():
            parts.append("<tr>")
            for position, column in enumerate(cols):
                text = display_text(row, column, wording)
                classes = []
                if column.kind in {"value", "change", "integer"}:
                    classes.append("num")
                if column.kind == "value" and is_missing(row.get(column.field)) and text:
                    classes.append("missing")
                if column.kind == "rag" and str(row.get("rag_status")) in RAG_FILLS:
                    classes.append(f"rag-{row.get('rag_status')}")
                attr = f' class="{" ".join(classes)}"' if classes else ""
                if position == 0:
                    parts.append(f'<th scope="row">{esc(text)}</th>')
                else:
                    parts.append(f"<td{attr}>{esc(text)}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table></div></section>")
    parts.append('<section aria-labelledby="notes"><h2 id="notes">Notes</h2><dl>')
    for item, detail in notes_rows(frame, info, members, measures):
        parts.append(f"<dt>{esc(item)}</dt><dd>{esc(detail)}</dd>")
    parts.append("</dl></section></main></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
