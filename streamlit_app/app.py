"""Scrutiny benchmarks: the Streamlit entry point (`make app`, http://127.0.0.1:8501)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run streamlit_app/app.py` puts only this folder on the path; the app imports the project's packages.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from streamlit_app.pages import PAGES, SITE_TITLE  # noqa: E402  (needs the path above)

page = st.navigation([st.Page(p.view, title=p.title, default=p.default) for p in PAGES])
# Each page gets its own browser-tab title (WCAG 2.4.2 Page Titled): "Benchmarks – Scrutiny benchmarks".
st.set_page_config(page_title=f"{page.title} – {SITE_TITLE}", page_icon=":bar_chart:", layout="wide")
page.run()
