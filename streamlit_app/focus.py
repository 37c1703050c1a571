"""The authority and neighbour group every page shares.

The choice is kept in the session (it follows the reader from page to page) and in the address's query string
(``?la=879&group=dfe_2025_05``, with a page's own choices such as ``&measure=KS2RWM_Expected_STD``), so a link
opens the same view; every page calls ``choose`` so the address keeps the focus whichever page is open. A value in
the address wins when it is new (a link was opened); after that the widgets do. A value the warehouse does not
hold is said so on the page, with what is shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from streamlit_app import data

LA_PARAM = "la"
GROUP_PARAM = "group"
#: What a page choice from the address was, when it named nothing the warehouse holds: (name, raw value).
_UNRECOGNISED_KEY = "_url_unrecognised"


@dataclass(frozen=True)
class Focus:
    """The authority the pages are about and the neighbours they compare it with."""

    la_number: int | None  #: None when DfE's extract is not loaded (only the pack's own figures exist)
    la_name: str
    group_id: str | None
    group_label: str
    #: The authority the committee pack is about: its transcribed figures are the "as reported" layer.
    is_document_authority: bool
    #: The name of the authority the pack is about (for the pages made only from the pack).
    document_name: str = "the pack's authority"

    @property
    def has_dfe_data(self) -> bool:
        return self.la_number is not None


def url_choice(name: str, valid: list, parse=str) -> object | None:
    """A page choice from the query string, once: the value when the address brings a new one that is valid, else
    None (the session's choice stands). A new value that is not valid is noted, for ``unrecognised`` to report."""
    raw = st.query_params.get(name)
    seen_key = f"_url_seen_{name}"
    if raw is None or raw == st.session_state.get(seen_key):
        return None
    st.session_state[seen_key] = raw
    try:
        value = parse(raw)
    except ValueError:
        value = None
    if value in valid:
        return value
    st.session_state.setdefault(_UNRECOGNISED_KEY, []).append((name, raw))
    return None


def remember(name: str, value: object) -> None:
    """Write a choice into the query string (and note it as seen, so it is not read back as a new link)."""
    text = str(value)
    st.query_params[name] = text
    st.session_state[f"_url_seen_{name}"] = text


def choice(name: str, options: list, default: object, label: str, container=st, **widget) -> object:
    """A selectbox whose value comes from a new link, else the session, else ``default``; kept in the URL. Its key
    is stable (``choice-<name>`` unless the caller gives one): the widget keeps its identity whichever option is
    chosen, and the value is handed to it through its key, never through an index that changes with the choice."""
    from_url = url_choice(name, options, type(options[0]) if options else str)
    key = widget.pop("key", f"choice-{name}")
    state_key = f"choice_{name}"
    current = from_url if from_url is not None else st.session_state.get(state_key, default)
    if current not in options:
        current = default if default in options else options[0]
    if from_url is not None or st.session_state.get(key) not in options:
        st.session_state[key] = current
    value = container.selectbox(label, options, key=key, **widget)
    st.session_state[state_key] = value
    remember(name, value)
    return value


def unrecognised(name: str, shown: str) -> None:
    """Say on the page that the address named a ``name`` the warehouse does not hold, and what is shown instead."""
    noted = st.session_state.get(_UNRECOGNISED_KEY) or []
    for which, raw in [n for n in noted if n[0] == name]:
        what = {LA_PARAM: "authority", GROUP_PARAM: "neighbour group"}.get(which, which.replace("_", " "))
        st.warning(
            f"The address asks for the {what} “{raw}”, which this warehouse does not hold: showing {shown} instead.",
            icon=":material/warning:",
        )
        noted.remove((which, raw))


def choose() -> Focus:
    """The shared focus authority and neighbour group, chosen in the sidebar (on every page)."""
    document = data.document_authority()
    document_name = (data.authority_name(document) if document is not None else None) or "the pack's authority"
    #: the authority the warehouse was built for (dbt var focus_la_number) is the one shown first
    built_for = data.focus_authority().get("focus_la_number")
    options = data.focus_options() if data.lait_loaded() else pd.DataFrame()
    if options.empty:
        return Focus(document, document_name, None, "the pack's statistical neighbours", True, document_name)
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
    unrecognised(LA_PARAM, f"{names[la]} ({la})")
    groups = options[options["focus_la_number"] == la]
    group_ids = groups["neighbour_group_id"].tolist()
    labels = dict(zip(groups["neighbour_group_id"], groups["neighbour_group_label"], strict=True))
    short = dict(zip(groups["neighbour_group_id"], groups["group_short_label"], strict=True))
    defaults = groups[groups["is_default_for_focus"].astype(bool)]["neighbour_group_id"].tolist()
    group = choice(
        GROUP_PARAM,
        group_ids,
        defaults[0] if defaults else group_ids[0],
        "Neighbour group",
        sidebar,
        format_func=lambda g: short.get(g) or g,
    )
    unrecognised(GROUP_PARAM, str(labels.get(group) or group))
    sidebar.caption("The address bar keeps this choice: copy it to share the same view.")
    return Focus(int(la), str(names[la]), str(group), str(labels.get(group) or group), la == document, document_name)


def whose_figures(chosen: Focus, what: str) -> None:
    """The first line of a page (or part) made only from the pack: whose figures they are when the focus is another
    authority."""
    if chosen.is_document_authority:
        return
    st.info(
        f"These are **{chosen.document_name}'s** figures, as reported in {what}: the pack is about "
        f"{chosen.document_name}, so it has no such figures for {chosen.la_name}. {chosen.la_name}'s figures from "
        "DfE's data are on the Overview, Benchmarks, Neighbours and Safeguarding pages.",
        icon=":material/description:",
    )
