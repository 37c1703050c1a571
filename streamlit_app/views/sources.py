"""Sources and methods: the documents behind every figure, how figures are traced, the RAG rule and the
neighbour group."""

from __future__ import annotations

import streamlit as st

from streamlit_app import data, focus, ui
from streamlit_app.downloads import Table
from streamlit_app.formatting import rag_text

st.title("Sources and methods")
ui.require_warehouse()
focus.choose()

st.header("Source documents")
documents = data.source_documents()
ui.data_table(
    Table(len(documents))
    .text("Document", documents["title"])
    .text("Publisher", documents["publisher"])
    .text("Meeting", documents["meeting_name"].fillna(""))
    .text("Date", ["" if d is None or d != d else ui.day(d) for d in documents["meeting_date"]])
    .text("Text file", documents["path"], on_screen=False)
    .text("SHA-256 of the text", documents["sha256"]),
    key="source-documents",
    title="Source documents",
)
st.markdown(
    "The build refuses to run if a registered document's text no longer matches its SHA-256, so every figure "
    "in the warehouse was read from exactly this text."
)

st.header("Where each figure comes from")
st.markdown(
    "Every figure was transcribed from the pack's text and carries its provenance: the document, the section "
    "(such as *4.7* or *Appendix 1 – Early Years*), the table or paragraph, and the **line of the pack's text** "
    "where it is printed (the PDF's page numbers do not survive text extraction, and the line is the more "
    "precise locator). Each page of this app gives the section, table and lines under its charts. A test reads "
    "every line cited and checks the figure is printed there. Blank, “-” and “x” cells are shown as *not "
    "available* with the reason, never as zero; figures the pack shows only in charts are not estimated."
)

st.header("The RAG rule")
rag_words = data.vocabulary_labels("rag_status")
rag_meaning = data.vocabulary_descriptions("rag_status")
st.markdown(
    "From the pack's own definitions (Appendix 1), applied to the latest quartile band, which already accounts for "
    "whether higher or lower is better (band A is the best-performing quarter of English authorities):\n\n"
    + "\n".join(f"- **{rag_text(code, rag_words)}** – {rag_meaning[code]}" for code in rag_words)
)

st.header("Statistical neighbours")
groups = data.neighbour_groups()
printed = groups[groups["members_from"] == "source_document"]
st.markdown(
    "The pack compares Southend with the ten authorities DfE's children's services model listed as its "
    "statistical neighbours at the time. The pack's figures are always compared with this group:"
)
for group in printed.itertuples():
    st.markdown(f"**{group.group_label}**")
    members = data.neighbour_group_members(group.neighbour_group_id)
    ui.data_table(
        Table(len(members))
        .text("Authority", members["la_name"])
        .number("Position", members["neighbour_position"], "count", 0)
        .text("Closeness", members["closeness"].fillna("")),
        key=f"neighbours-{group.neighbour_group_id}",
        title=str(group.group_label),
    )
models = groups[groups["members_from"] != "source_document"]
if not models.empty:
    st.markdown(
        "The *Neighbours* page can also use DfE's neighbour models, when the DfE extract is loaded: "
        + "; ".join(
            f"{m.group_short_label} ({'loaded' if m.is_loaded else 'not in this build'})" for m in models.itertuples()
        )
        + "."
    )
