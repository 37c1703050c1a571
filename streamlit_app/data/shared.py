"""What several pages read: the focus authority and its neighbour groups, the vocabularies and missing-value
words, the headline measures, what the data stands on (pack, DfE version, build) and DfE's published versions."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query, table_exists


def vocabulary_labels(vocabulary: str) -> dict[str, str]:
    """Code -> label of one controlled vocabulary (e.g. complaint streams), from the one vocabulary seed."""
    found = query("select code, label from marts.dim_vocabularies where vocabulary = ? order by code", (vocabulary,))
    return dict(zip(found["code"], found["label"], strict=True))


def vocabulary_descriptions(vocabulary: str) -> dict[str, str]:
    """Code -> what it means, of one controlled vocabulary (e.g. the RAG rule's definitions)."""
    found = query(
        "select code, description from marts.dim_vocabularies where vocabulary = ? order by code", (vocabulary,)
    )
    return dict(zip(found["code"], found["description"], strict=True))


def authority_name(la_number: int) -> str | None:
    """An authority's name from the project's list of authorities (there with or without DfE's data)."""
    found = query("select la_name from marts.dim_local_authorities where la_number = ?", (la_number,))
    return str(found["la_name"].iloc[0]) if len(found) else None


def focus_authority() -> dict:
    """The authority the warehouse was built for (dbt var focus_la_number) and its default neighbour group."""
    found = query(
        """
        select
            focus_la_number, focus_la_name, england_la_number, default_neighbour_group_id,
            focus_default_neighbour_group_id
        from marts.dim_focus_authority
        """
    )
    return found.iloc[0].to_dict() if len(found) else {}


def document_authority() -> int | None:
    """The authority the committee pack is about: its transcribed figures are the "as reported to the committee"
    layer, shown beside DfE's data when it is the focus."""
    found = query("select max(la_number) as la_number from marts.fct_lait_revisions_since_pack where area <> 'england'")
    value = found["la_number"].iloc[0] if len(found) else None
    return None if value is None or pd.isna(value) else int(value)


def focus_options() -> pd.DataFrame:
    """Every authority and neighbour group the generated matrix has, with names and the default group of each."""
    return query(
        """
        with options as (
            select distinct
                focus_la_number, focus_la_name, neighbour_group_id, neighbour_group_label,
                is_default_for_focus, is_legacy_focus
            from marts.fct_lait_matrix
            where not is_legacy_focus
        )

        select options.*, coalesce(groups.group_short_label, options.neighbour_group_label) as group_short_label
        from options
        left join marts.dim_neighbour_groups as groups
            on options.neighbour_group_id = groups.neighbour_group_id
        order by options.focus_la_name, options.neighbour_group_id
        """
    )


def lait_loaded() -> bool:
    return bool(query("select count(*) as n from marts.fct_lait_values")["n"].iloc[0])


def ees_loaded() -> bool:
    return bool(query("select count(*) as n from marts.fct_ees_csc_values")["n"].iloc[0])


def headlines() -> pd.DataFrame:
    """The headline measures, in order: what the pages open on."""
    return query(
        """
        select headline_order, measure_code, dfe_measure_label, indicator_id, indicator_label, topic, ees_measure_id
        from marts.dim_headline_measures
        order by headline_order
        """
    )


def headline_measure_codes() -> list[str]:
    return [m for m in headlines()["measure_code"].tolist() if isinstance(m, str)]


def missing_words(source_family: str) -> dict[str, str]:
    """What each missing-value reason means for one family of sources (pack, dfe_lait, dfe_ees)."""
    found = query(
        "select missing_reason, wording from marts.dim_missing_reasons where source_family = ?", (source_family,)
    )
    return dict(zip(found["missing_reason"], found["wording"], strict=True))


def published_build() -> dict:
    """The build that published this warehouse and the latest update date DfE gives in its extract."""
    run = query(
        """
        select run_id, coalesce(git_commit, 'unknown') as git_commit, finished_at
        from data_quality.build_runs
        where is_published
        order by started_at desc
        limit 1
        """
    )
    updated = query("select max(dfe_last_updated_date) as updated from marts.fct_lait_matrix")
    row = run.iloc[0].to_dict() if len(run) else {"run_id": "unknown", "git_commit": "unknown", "finished_at": None}
    row["extract_updated"] = updated["updated"].iloc[0] if len(updated) else None
    return row


def data_as_at() -> dict:
    """What the pages' figures stand on: the committee pack (its meeting and date), the version of DfE's extract
    (the latest published version held, and the latest update date DfE gives in it) and the published build's time.
    A part the warehouse does not hold is None."""
    pack = query(
        """
        select meeting_name, meeting_date
        from marts.dim_source_documents
        where meeting_date is not null
        order by meeting_date desc
        limit 1
        """
    )
    found: dict = {"meeting_name": None, "meeting_date": None, "vintage_id": None, "vintage_committed_at": None}
    if len(pack):
        found.update(pack.iloc[0].to_dict())
    vintages = lait_vintages()
    if not vintages.empty:
        latest = vintages.iloc[-1]
        found.update(vintage_id=latest["vintage_id"], vintage_committed_at=latest["committed_at"])
    updated = query("select max(dfe_last_updated_date) as updated from marts.fct_lait_matrix")
    found["extract_updated"] = updated["updated"].iloc[0] if len(updated) else None
    found["build_finished_at"] = found["build_run_id"] = None
    if table_exists("data_quality.build_runs"):
        run = query(
            """
            select run_id, finished_at
            from data_quality.build_runs
            where is_published
            order by started_at desc
            limit 1
            """
        )
        if len(run):
            found.update(build_run_id=run["run_id"].iloc[0], build_finished_at=run["finished_at"].iloc[0])
    return found


def lait_vintages() -> pd.DataFrame:
    """The published versions of DfE's extract held, oldest first (empty when they were not loaded)."""
    if not table_exists("marts.dim_lait_vintages"):
        return pd.DataFrame(columns=["vintage_seq", "vintage_id", "committed_at", "committed_on", "message"])
    return query(
        """
        select
            vintage_seq, vintage_id, committed_at, committed_on, message, is_latest_vintage as is_latest,
            count_figures, count_revised
        from marts.dim_lait_vintages
        order by vintage_seq
        """
    )


def lait_figure_history(measure_code: str, la_number: int, period_label_base: str) -> pd.DataFrame:
    """One figure's published values, each with the dates it stood and the kind of change that started it."""
    return query(
        """
        select
            history.period_label_as_published as period_label, history.value, history.value_text,
            history.missing_reason,
            history.opened_by_change_class, history.valid_from, history.valid_from_date,
            history.valid_from_vintage_id, history.valid_to, history.valid_to_date,
            history.is_in_latest_vintage as is_current,
            history.is_from_first_vintage, vintage.message as valid_from_message
        from marts.fct_lait_vintage_value_history as history
        left join marts.dim_lait_vintages as vintage
            on history.valid_from_vintage_seq = vintage.vintage_seq
        where history.measure_code = ? and history.la_number = ? and history.period_label = ?
        order by history.valid_from
        """,
        (measure_code, la_number, period_label_base),
    )
