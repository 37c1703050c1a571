"""Neighbours: any DfE measure for a focus authority, each of its statistical neighbours, England and the region."""

from __future__ import annotations

import streamlit as st

from streamlit_app import ui

st.title("Neighbours: every authority's value from DfE's data")
ui.require_warehouse()
st.info("Coming with the DfE extract marts.")
