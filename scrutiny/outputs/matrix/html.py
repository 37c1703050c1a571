"""The data matrix as a paper: an HTML page laid out as the printed Appendix 1 (one table per topic, a row per
indicator, the last five periods with England and the neighbours beside each value, the latest rank, band,
progress ranks, RAG status and comparison with the neighbours, and an empty commentary column), styled for the
screen and for print (A4 landscape, each topic from a new page and one page wide, the header rows repeated on
every page, a page header with the authority, neighbour group and data as at). The PDF is this page printed
(scrutiny.outputs.pdf). Nothing here computes a figure: values are the mart's, rounded for display only."""

from __future__ import annotations

import html

import pandas as pd

from scrutiny.outputs.matrix.cells import (
    RAG_WORDS,
    Heading,
    comparison_words,
    is_missing,
    measure_note,
    missing_text,
    shown,
)
from scrutiny.outputs.words import Words

#: Column widths (per cent of the table) for: measure, five periods, rank, band, year-on-year progress,
#: three-year progress, RAG, compared with neighbours, commentary. They sum to 100: the table is exactly one
#: page wide whatever the text (table-layout: fixed), and long words wrap inside their cell.
WIDTHS = (18, 8, 8, 8, 8, 8, 6, 4.6, 6.2, 6.2, 5.4, 6.6, 7)

CSS = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #1b1b1b; margin: 1rem; line-height: 1.3; }
header.paper p { margin: 0.2rem 0; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
table.matrix { border-collapse: collapse; table-layout: fixed; width: 100%; font-size: 0.72rem; }
.key { font-size: 0.8rem; max-width: 60rem; }
.matrix th, .matrix td { border: 1px solid #8a8a8a; padding: 0.15rem 0.25rem; vertical-align: top;
  overflow-wrap: break-word; hyphens: auto; }
.matrix td.num { font-size: 0.66rem; white-space: pre-line; } .matrix td.num b { font-size: 0.74rem; }
.matrix thead th { background: #d9e1f2; font-weight: bold; text-align: left; }
.matrix tbody th { text-align: left; font-weight: normal; }
.matrix .note { display: block; color: #4a4a4a; font-size: 0.62rem; }
.matrix td.num { text-align: right; font-variant-numeric: tabular-nums; }
.matrix td.rag-green { background: #c6efce; } .matrix td.rag-amber { background: #ffeb9c; }
.matrix td.rag-red { background: #ffc7ce; }
.context table { border-collapse: collapse; font-size: 0.75rem; }
.context th, .context td { border: 1px solid #8a8a8a; padding: 0.15rem 0.35rem; text-align: left; }
dl.notes dt { font-weight: bold; margin-top: 0.4rem; } dl.notes dd { margin-left: 0; }
@page { size: A4 landscape; margin: 16mm 9mm 12mm; font-family: "DejaVu Sans", sans-serif;
  @top-left { content: string(authority); font-size: 8pt; }
  @top-center { content: string(group); font-size: 8pt; }
  @top-right { content: string(asat); font-size: 8pt; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
.running-authority { string-set: authority content(); }
.running-group { string-set: group content(); }
.running-asat { string-set: asat content(); }
@media print {
  body { margin: 0; }
  section.topic { break-before: page; }
  .matrix thead { display: table-header-group; }
  .matrix tr { break-inside: avoid; }
  nav ul { list-style: none; padding: 0; columns: 2; font-size: 0.8rem; }
  nav a { color: inherit; text-decoration: none; }
  nav a::after { content: leader('.') target-counter(attr(href), page); }
}
"""


def breakable(label: object) -> str:
    """A period label that may wrap after its dash ("2017/18-" / "19/20"), never inside a year."""
    return html.escape(str(label)).replace("-", "-\u200b")


def _period_cell(row: pd.Series, position: int, wording: Words) -> str:
    """A period's cell: its label, the authority's value (bold), England's, the neighbours' mean and median."""
    label = row.get(f"period_{position}_label")
    if is_missing(label):
        return "<td></td>"
    places = row["decimal_places"]
    value = row.get(f"value_period_{position}")
    esc = html.escape
    value_html = (
        f"<b>{esc(shown(value, places))}</b>"
        if not is_missing(value)
        else f"<i>{esc(missing_text(row, position, wording))}</i>"
    )
    england = shown(row.get(f"england_value_period_{position}"), places, empty="-")
    mean = shown(row.get(f"neighbours_average_value_period_{position}"), places, empty="-")
    median = shown(row.get(f"neighbours_median_value_period_{position}"), places, empty="-")
    # one line each (white-space: pre-line): fewer boxes for the PDF's layout than a <br> per line
    return (
        f'<td class="num">{breakable(label)}\n{value_html}\nEng {esc(england)}\nSN {esc(mean)}\nmed {esc(median)}</td>'
    )


def _rank(rank: object, count: object) -> str:
    if is_missing(rank):
        return ""
    return f"{int(rank):,} of {int(count):,}" if not is_missing(count) else f"{int(rank):,}"


def _progress(row: pd.Series, span: str) -> str:
    rank = _rank(row.get(f"improvement_rank_{span}"), row.get(f"count_las_ranked_{span}"))
    band = row.get(f"improvement_band_{span}")
    start = row.get(f"start_period_label_{span}")
    if not rank:
        return ""
    parts = [html.escape(rank)]
    if not is_missing(band):
        parts.append(f"band {html.escape(str(band))}")
    if not is_missing(start):
        parts.append(f'<span class="note">from {breakable(start)}</span>')
    return "<br>".join(parts)


HEADERS = (
    "Measure",
    "1 (oldest)",
    "2",
    "3",
    "4",
    "5 (latest)",
    "Rank (1 = best)",
    "Band (A = best)",
    "Progress, 1 year: rank, band",
    "Progress, 3 years: rank, band",
    "RAG",
    "Against neighbours' mean",
    "Commentary",
)


def topic_table(topic: pd.DataFrame, label: str, wording: Words) -> str:
    """One topic: two header rows (repeated on every printed page) and a row per indicator."""
    esc = html.escape
    parts = [f'<table class="matrix" aria-label="{esc(label)}">', "<colgroup>"]
    parts += [f'<col style="width: {w}%">' for w in WIDTHS]
    parts.append("</colgroup>")
    parts.append("<thead><tr>")
    parts.append('<th scope="col" rowspan="2">Measure</th>')
    parts.append(
        '<th scope="colgroup" colspan="5">The last five periods: the value, then England (Eng), the neighbours\' '
        "mean (SN) and median (med)</th>"
    )
    parts.append('<th scope="colgroup" colspan="6">Latest period</th>')
    parts.append('<th scope="col" rowspan="2">Commentary</th>')
    parts.append("</tr><tr>")
    for header in HEADERS[1:12]:
        parts.append(f'<th scope="col">{esc(header)}</th>')
    parts.append("</tr></thead><tbody>")
    for _, row in topic.iterrows():
        rag = str(row.get("rag_status")) if not is_missing(row.get("rag_status")) else "not_rated"
        parts.append("<tr>")
        parts.append(
            f'<th scope="row">{esc(str(row["measure_label"]))}'
            f'<span class="note">{esc(measure_note(row, wording))}</span></th>'
        )
        parts += [_period_cell(row, position, wording) for position in range(1, 6)]
        parts.append(f'<td class="num">{esc(_rank(row.get("rank_among_las"), row.get("count_las_ranked")))}</td>')
        band = row.get("quartile_band")
        parts.append(f"<td>{esc(str(band)) if not is_missing(band) else ''}</td>")
        parts.append(f"<td>{_progress(row, 'yoy')}</td>")
        parts.append(f"<td>{_progress(row, '3yr')}</td>")
        rag_class = f' class="rag-{rag}"' if rag in {"green", "amber", "red"} else ""
        parts.append(f"<td{rag_class}>{esc(RAG_WORDS.get(rag, rag))}</td>")
        parts.append(f"<td>{esc(comparison_words(row, wording))}</td>")
        parts.append("<td></td></tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


KEY = (
    "How to read it: each period's cell gives the period, the authority's value (bold), England's (Eng) and the "
    "neighbours' mean (SN) and median (med). Rank 1 is the best among English authorities; quartile band A is the "
    "best quarter, D the worst; RAG by the committee's rule: band A green, B or C amber, D red, and not rated where "
    "a measure has no better direction. Progress ranks rank the change over one and three years."
)


def context_block(context: pd.DataFrame, authority: str) -> str:
    """Inspection results and context the warehouse holds for the authority, or a plain 'not held'."""
    esc = html.escape
    parts = ['<section class="context" aria-labelledby="context"><h2 id="context">Context and inspection results</h2>']
    if context.empty:
        parts.append(
            f"<p>Not held: the warehouse holds no inspection judgements or local context tables for {esc(authority)} "
            "(it holds those printed in the Southend pack only). DfE's context measures are in the first topic.</p>"
        )
    else:
        parts.append("<table><thead><tr>")
        parts += [f'<th scope="col">{esc(h)}</th>' for h in ("Inspection", "Published", "Judgement area", "Judgement")]
        parts.append("</tr></thead><tbody>")
        for _, row in context.iterrows():
            parts.append(
                f"<tr><td>{esc(str(row['framework_label']))}</td><td>{esc(str(row['published_date_printed']))}</td>"
                f"<td>{esc(str(row['judgement_area_printed']))}</td><td>{esc(str(row['judgement_printed']))}</td></tr>"
            )
        parts.append("</tbody></table><p>Source: the committee pack's Appendix 1, as printed.</p>")
    parts.append("</section>")
    return "".join(parts)


def page(
    frame: pd.DataFrame,
    header: Heading,
    notes: list[tuple[str, str]],
    context: pd.DataFrame,
    wording: Words,
) -> str:
    """The whole paper as one HTML document."""
    esc = html.escape
    title = header.authority
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>',
        "<body><main>",
        '<header class="paper">',
        f'<h1 class="running-authority">{esc(title)}</h1>',
        f'<p class="running-group">{esc(header.group)}</p>',
        f'<p class="running-asat">{esc(header.as_at)}</p>',
        "</header>",
        f'<p class="key">{esc(KEY)}</p>',
        context_block(context, str(frame.iloc[0]["focus_la_name"])),
        '<nav aria-label="Topics"><h2>Contents</h2><ul>',
    ]
    topics = list(frame.groupby(["topic_order", "topic_label"], sort=True))
    for index, ((_, label), _) in enumerate(topics, start=1):
        parts.append(f'<li><a href="#topic-{index}">{esc(str(label))}</a></li>')
    parts.append("</ul></nav>")
    for index, ((_, label), topic) in enumerate(topics, start=1):
        parts.append(f'<section class="topic" aria-labelledby="topic-{index}">')
        parts.append(f'<h2 id="topic-{index}">{esc(str(label))}</h2>')
        parts.append(topic_table(topic, str(label), wording))
        parts.append("</section>")
    parts.append('<section class="topic" aria-labelledby="notes"><h2 id="notes">Notes</h2><dl class="notes">')
    for item, detail in notes:
        parts.append(f"<dt>{esc(item)}</dt><dd>{esc(detail)}</dd>")
    parts.append("</dl></section></main></body></html>")
    return "\n".join(parts)
