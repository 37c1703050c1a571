"""The authority and neighbour group that the Overview, Benchmarks, Neighbours and Safeguarding pages share.

The choice is kept in the session (it follows the reader from page to page) and in the address's query string
(``?la=879&group=dfe_2025_05``, with a page's own choices such as ``&measure=KS2RWM_Expected_STD``), so a link
opens the same view. A value in the address wins when it is new (a link was opened); after that the widgets do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from streamlit_app import data

LA_PARAM = "la"
GROUP_PARAM = "group"


@dataclass(frozen=True)
class Focus:
    """The authority the pages are about and the neighbours they compare it with."""

    la_number: int | None  #: None when DfE's extract is not loaded (only the pack's own figures exist)
    la_name: str
    group_id: str | None
    group_label: str
    #: The authority the committee pack is about: its transcribed figures are the "as reported" layer.
    is_document_authority: bool

    @property
    def has_dfe_data(self) -> bool:
        return self.la_number is not None


def url_choice(name: str, valid: list, parse=str) -> object | None:
    """A page choice from the query string, once: the value when the address brings a new one that is valid,
    else None (the session's choice stands)."""
    raw = st.query_params.get(name)
    seen_key = f"_url_seen_{name}"
    if raw is None or raw == st.session_state.get(seen_key):
        return None
    st.session_state[seen_key] = raw
    try:
        value = parse(raw)
    except ValueError:
        return None
    return value if value in valid else None


def remember(name: str, value: object) -> None:
    """Write a choice into the query string (and note it as seen, so it is not read back as a new link)."""
    text = str(value)
    st.query_params[name] = text
    st.session_state[f"_url_seen_{name}"] = text


def choice(name: str, options: list, default: object, label: str, container=st, **widget) -> object:
    """A selectbox whose value comes from a new link, else the session, else ``default``; kept in the URL."""
    from_url = url_choice(name, options, type(options[0]) if options else str)
    state_key = f"choice_{name}"
    current = from_url if from_url is not None else st.session_state.get(state_key, default)
    if current not in options:
        current = default if default in options else options[0]
    value = container.selectbox(label, options, index=options.index(current), **widget)
    if value not in options:  # a keyed widget keeps its own state; a stale one falls back to the default
        value = current
    st.session_state[state_key] = value
    remember(name, value)
    return value


def choose() -> Focus:
    """The shared focus authority and neighbour group, chosen in the sidebar."""
    document = data.document_authority()
    #: the authority the warehouse was built for (dbt var focus_la_number) is the one shown first
    built_for = data.focus_authority().get("focus_la_number")
    options = data.focus_options() if data.lait_loaded() else pd.DataFrame()
    if options.empty:
        return Focus(document, "the pack's authority", None, "the pack's statistical neighbours", True)
    names = dict(zip(options["focus_la_number"], options["focus_la_name"], strict=False))
    authorities = sorted(names, key=lambda n: names[n])
    sidebar = st.sidebar
    sidebar.markdown("**Authority and neighbours**")
    la = choice(
        LA_PARAM,
        authorities,
        next((n for n in (built_for, document) if n in names), authorities[0]),
        "Focus authority",
        sidebar,
        format_func=lambda n: f"{names[n]} ({n})",
    )
    groups = options[options["focus_la_number"] == la]
    group_ids = groups["neighbour_group_id"].tolist()
    labels = dict(zip(groups["neighbour_group_id"], groups["neighbour_group_label"], strict=True))
    defaults = groups[groups["is_default_for_focus"].astype(bool)]["neighbour_group_id"].tolist()
    group = choice(
        GROUP_PARAM,
        group_ids,
        defaults[0] if defaults else group_ids[0],
        "Neighbour group",
        sidebar,
        format_func=lambda g: labels.get(g) or g,
    )
    sidebar.caption("The address bar keeps this choice: copy it to share the same view.")
    return Focus(int(la), str(names[la]), str(group), str(labels.get(group) or group), la == document)
