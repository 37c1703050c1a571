"""Southend scrutiny benchmarks: the Streamlit entry point (`make app`, http://127.0.0.1:8501)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run streamlit_app/app.py` puts only this folder on the path; the app imports the project's packages.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

PAGES = [
    st.Page("views/overview.py", title="Overview", default=True),
    st.Page("views/benchmarks.py", title="Benchmarks"),
    st.Page("views/neighbours.py", title="Neighbours (DfE data)"),
    st.Page("views/complaints.py", title="Complaints"),
    st.Page("views/safeguarding.py", title="Safeguarding"),
    st.Page("views/context.py", title="Context"),
    st.Page("views/data_quality.py", title="Data quality"),
    st.Page("views/sources.py", title="Sources and methods"),
    st.Page("views/accessibility.py", title="Accessibility statement"),
]

page = st.navigation(PAGES)
# Each page gets its own browser-tab title (WCAG 2.4.2 Page Titled): "Benchmarks – Southend scrutiny benchmarks".
st.set_page_config(page_title=f"{page.title} – Southend scrutiny benchmarks", page_icon=":bar_chart:", layout="wide")
page.run()
