"""Since the last meeting: what DfE published for the focus authority after a date (the committee's last
meeting), most important first, with the same HTML and Word briefing `make briefing` writes to download."""

from __future__ import annotations

import html

import streamlit as st

from scrutiny.outputs import briefing as papers
from streamlit_app import data, focus, ui
from streamlit_app.layout import Card

st.title("Since the last meeting")
ui.require_warehouse()
if not data.briefing_available():
    st.info(
        "This warehouse holds no published versions of DfE's extract, so there is nothing to compare. Build with "
        "the versions present (`SCRUTINY_LAIT_VINTAGES_DIR`, default `../shared/lait/vintages`)."
    )
    st.stop()

chosen = focus.choose()
if chosen.group_id is None:
    st.info("DfE's LAIT extract was not loaded into this warehouse: there is no authority to brief on.")
    st.stop()
held = data.briefing_versions()
# the date field's day, month and year segments as touch targets of at least 24 px (WCAG 2.2 target size)
st.html(
    "<style>[data-testid='stDateInput'] [role='spinbutton'] { display: inline-block; min-width: 26px; "
    "min-height: 26px; padding: 2px; text-align: center; }</style>"
)
since = st.date_input(
    "Date of the last meeting",
    value=held.first_on,
    min_value=held.first_on,
    max_value=held.latest_on,
    format="DD/MM/YYYY",
    key="since",
    help="What DfE published after this date. The earliest date is that of the first published version held.",
)
try:
    made = data.briefing(chosen.la_number, since, chosen.group_id)
except papers.BriefingRequestError as problem:
    st.warning(str(problem))
    st.stop()

introduction = made.introduction()
st.markdown(introduction[0])
# each section's count as the warehouse counts it (the same rows the statements are written from)
counts = data.briefing_counts(chosen.la_number, made.request.since, chosen.group_id)
ui.cards([Card(section.short, f"{counts.get(section.kind, 0):,}") for section in made.sections[:4]])
st.caption(" · ".join(f"{section.short}: {counts.get(section.kind, 0):,}" for section in made.sections[4:]))
stem = papers.file_stem(chosen.la_number, made.request.since)
downloads = st.columns(2)
downloads[0].download_button(
    "Download the briefing (HTML)", lambda: papers.render_html(made), f"{stem}.html", "text/html", key="briefing-html"
)
downloads[1].download_button(
    "Download the briefing (Word)",
    lambda: papers.render_docx(made),
    f"{stem}.docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="briefing-docx",
)

for paragraph in introduction[1:]:
    st.caption(paragraph)
for section in made.sections:
    count = counts.get(section.kind, 0)
    st.header(f"{section.heading} ({count:,})")
    if not section.topics:
        st.markdown("Nothing of this kind since that date.")
        continue
    with st.expander(f"Show the {count:,} statements", expanded=section.kind in {"rag_change", "revision"}):
        for topic, items in section.topics:
            st.subheader(topic)
            # as HTML put straight on the page: the Markdown renderer takes seconds over a thousand statements
            st.html("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
