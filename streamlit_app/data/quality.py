"""The Data quality page's queries: the validation history the build writes beside the marts."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import column_exists, query


def carried_results() -> pd.DataFrame:
    """Per suite, how many results of the latest published run were carried from an earlier run (an incremental
    build validates only the tables it rebuilt; the others' results stand from the run that validated them), and
    how many were carried in all (count_carried_in_run, the same on every row)."""
    if not column_exists("data_quality.expectation_results", "carried_from_run_id"):
        return pd.DataFrame(columns=["suite", "count_carried", "carried_from", "count_carried_in_run"])
    return query(
        """
        with latest as (
            select run_id from data_quality.build_runs where is_published order by started_at desc limit 1
        )

        select
            suite, count(*) as count_carried, min(carried_from_run_id) as carried_from,
            sum(count(*)) over () as count_carried_in_run
        from data_quality.expectation_results
        where run_id = (select run_id from latest) and carried_from_run_id is not null
        group by suite
        """
    )


def build_runs(limit: int = 20) -> pd.DataFrame:
    return query(
        """
        select
            run_id, started_at, finished_at, git_commit, count_models, count_dbt_tests, count_dbt_tests_passed,
            count_expectations, count_expectations_passed, is_published, outcome
        from data_quality.build_runs
        order by started_at desc
        limit ?
        """,
        (limit,),
    )


def latest_suite_results() -> pd.DataFrame:
    """Per suite, expectations passed and failed in the latest published run."""
    return query(
        """
        with latest as (
            select run_id from data_quality.build_runs where is_published order by started_at desc limit 1
        )

        select
            suite, table_name, count(*) as count_expectations,
            count(*) filter (where success) as count_passed,
            count(*) filter (where not success) as count_failed
        from data_quality.expectation_results
        where run_id = (select run_id from latest)
        group by suite, table_name
        order by suite
        """
    )


def expectation_results(suite: str) -> pd.DataFrame:
    return query(
        """
        with latest as (
            select run_id from data_quality.build_runs where is_published order by started_at desc limit 1
        )

        select expectation, table_name, column_name, success, observed_value, unexpected_count, element_count
        from data_quality.expectation_results
        where run_id = (select run_id from latest) and suite = ?
        order by success, expectation, column_name
        """,
        (suite,),
    )
