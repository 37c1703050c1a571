"""Accessibility statement, as UK public-sector websites publish one."""

from __future__ import annotations

import streamlit as st

from streamlit_app import focus, ui
from streamlit_app.formatting import DIRECTION_SYMBOLS, RAG_SYMBOLS

RAG, ARROW = RAG_SYMBOLS, DIRECTION_SYMBOLS

st.title("Accessibility statement")
if ui.show_data_as_at(required=False):
    focus.choose()
st.markdown(
    f"""
This app is meant for everyone who scrutinises a council's services, including people who use a screen reader,
a keyboard only, or magnification. We aim to meet the **Web Content Accessibility Guidelines (WCAG) 2.2 at
level AA**, the standard UK public bodies are required to meet.

### What we do
- Every chart has a sentence that says what it shows (the latest value, the comparison and the direction), and
  its data can be shown as a table with headed columns and downloaded as CSV or as an Excel workbook, with
  numbers as numbers beside their unit and status.
- Every category of a chart is labelled; charts over time start their axis at zero, with a switch to turn that
  off.
- Colour never carries meaning alone: RAG statuses carry a word and a symbol ({RAG["green"]} green,
  {RAG["amber"]} amber, {RAG["red"]} red), shapes no direction of travel uses, and chart series differ by line style
  and marker shape as well as colour. The palette is colour-blind safe and meets 3:1 contrast for graphics and 4.5:1
  for text.
- Numbers are written with their units, thousands separators and the measure's decimal places, each headline
  beside its period; missing values are written as "not available" with the reason.
- A change is marked {ARROW["improving"]} improving or {ARROW["worsening"]} worsening by whether higher or lower
  is better for the measure, in words as well as the arrow; where neither is better, {ARROW["up"]} up and
  {ARROW["down"]} down say only which way it moved.
- Tables are HTML tables with headed columns; on a narrow screen (a phone) each row becomes a block with every
  figure under its heading, so nothing is off-screen and nothing needs scrolling sideways. Labels wrap; none is
  cut off.
- Every control can be reached and used with the keyboard.

### How we check
Every page is scanned by axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) in a real browser in the project's
automated tests; a page with a serious or critical violation fails the build of the app. A keyboard-only test
changes the indicator on the Benchmarks page and checks that the chart and its summary follow.

### Known limitations
- Charts are drawn by the Vega-Lite library: a screen reader announces the chart's summary, not each point; use
  "Show the data as a table" for the values.
- Streamlit's own controls are outside our code; we test them but cannot change their markup. The automated
  scan excludes nothing; it reports these for manual review:
  - the chosen options of a multi-select (for example "Show RAG status" on the Benchmarks page) are `span`
    elements named with `aria-label` but without a role (axe-core rule `aria-prohibited-attr`): a screen reader
    may read each option's text rather than the label, which is the same words;
  - the text inside charts (axis labels and legend) is drawn in SVG, where axe-core cannot measure contrast; we
    set it to #333333 on white (12.6:1) by hand.
- The figures come from a PDF whose tables were extracted as text; where the text was ambiguous, the reading we
  chose is written down in the data.

### Feedback
If you find a problem, tell the performance team that maintains this app, saying which page and what
happened.
"""
)
