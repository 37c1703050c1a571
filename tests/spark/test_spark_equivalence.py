"""The project on Apache Spark: it builds, its tests and GX suites pass, and every mart equals DuckDB's."""

from __future__ import annotations

import pytest

from scrutiny.gate.outcome import describe_failure
from tools.spark_parity import compare
from tools.spark_parity.harness import mart_names_from_project

MARTS = mart_names_from_project()


def test_duckdb_build_passes(spark_run):
    log = spark_run.dbt_duckdb_log.read_text(encoding="utf-8", errors="replace").splitlines()
    assert spark_run.dbt_duckdb_returncode == 0, "\n".join(log[-30:])


def test_spark_build_passes_every_model_seed_and_test(spark_run):
    assert not spark_run.dbt_spark_failures, "\n".join(spark_run.dbt_spark_failures)


def test_every_mart_is_built_on_both_engines(spark_run):
    assert set(MARTS) <= set(spark_run.marts_duckdb), sorted(set(MARTS) - set(spark_run.marts_duckdb))
    assert set(MARTS) <= set(spark_run.marts_spark), sorted(set(MARTS) - set(spark_run.marts_spark))


@pytest.mark.parametrize("mart", MARTS)
def test_spark_mart_equals_duckdb_mart(spark_run, mart):
    comparison = spark_run.comparisons.get(mart)
    assert comparison is not None, f"{mart} missing on one engine"
    shown = "\n".join(str(d) for d in comparison.differences[:30])
    assert comparison.equal, (
        f"{mart}: {len(comparison.differences)} differences (key {comparison.key_columns}; "
        f"tolerance {compare.ABS_TOL} + {compare.REL_TOL} relative):\n{shown}"
    )
    assert comparison.rows_duckdb == comparison.rows_spark


def test_great_expectations_suites_pass_on_the_spark_build(spark_run):
    assert spark_run.gx.outcomes, "no GX expectation ran on the Spark build"
    failed = [describe_failure(o) for o in spark_run.gx.failures()]
    assert not spark_run.gx.problems and not failed, "\n".join(spark_run.gx.problems + failed)


def test_comparison_reports_mart_key_and_column():
    import pandas as pd

    duck = pd.DataFrame({"figure_id": ["a", "b"], "value": [1.0, 2.0], "label": ["x", "y"]})
    same = pd.DataFrame({"figure_id": ["b", "a"], "value": [2.0 + 1e-12, 1.0], "label": ["y", "x"]})
    assert compare.compare_frames("m", duck, same).equal
    other = pd.DataFrame({"figure_id": ["a", "c"], "value": [1.5, 2.0], "label": ["x", "y"]})
    found = {(d.key, d.column) for d in compare.compare_frames("m", duck, other).differences}
    assert found == {("figure_id='a'", "value"), ("figure_id='b'", "(row count)"), ("figure_id='c'", "(row count)")}
