"""Both builds, the comparison of every mart and the GX suites on Spark: :func:`run_both`, once per test session."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from scrutiny import paths
from scrutiny.gate import outcome
from scrutiny.sources.landing import prepare_raw_sources
from tools.spark_parity.compare import MartComparison, compare_frames
from tools.spark_parity.engines import build_spark, spark_session, start_duckdb_build
from tools.spark_parity.gx_on_spark import validate_on_spark

#: Besides the focus authority (dbt var focus_la_number), the per-focus views are compared with these two as focus:
#: Camden (202) and West Sussex (938), which are in DfE's neighbour groups.
OTHER_FOCUS_LAS = (202, 938)
#: The per-focus marts over DfE's values are views (every focus LA x neighbour group x measure x period: 13 million
#: and 1.2 million rows on the full extract; their default-group views half that), computed at query time from
#: dim_lait_neighbour_group_members and fct_lait_values, which are compared in full. Collected whole they do not fit
#: the Spark driver's memory, so they are compared on three focus LAs (the same bounded-slice rule the GX gate uses).
SLICED_VIEWS = (
    "fct_lait_neighbour_values",
    "fct_lait_neighbour_values_all_groups",
    "fct_lait_neighbour_benchmarks",
    "fct_lait_neighbour_benchmarks_all_groups",
)


@dataclass
class SparkRun:
    timings: dict[str, float]
    dbt_spark_failures: list[str]
    dbt_duckdb_returncode: int
    dbt_duckdb_log: Path
    comparisons: dict[str, MartComparison]
    marts_duckdb: list[str]
    marts_spark: list[str]
    gx: outcome.GateResult


def mart_names_from_project() -> list[str]:
    """Every mart the project defines (one .sql file per model under models/marts)."""
    return sorted(p.stem for p in paths.marts_models_dir().rglob("*.sql"))


def focus_la_number() -> int:
    """The dbt var focus_la_number as dbt_project.yml sets it."""
    project = yaml.safe_load((paths.project_dir() / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["focus_la_number"])


def mart_query(mart: str) -> str:
    query = f"select * from marts.{mart}"
    if mart in SLICED_VIEWS:
        focus = ", ".join(str(la) for la in (focus_la_number(), *OTHER_FOCUS_LAS))
        query += f" where focus_la_number in ({focus})"
    return query


def duckdb_marts(database: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        existing = {
            r[0]
            for r in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        return {m: connection.execute(mart_query(m)).df() for m in names if m in existing}


def _compare(session: Any, duckdb_database: Path) -> tuple[dict[str, MartComparison], list[str], list[str]]:
    marts_spark = (
        sorted(r.tableName for r in session.sql("show tables in marts").collect() if not r.isTemporary)
        if session.catalog.databaseExists("marts")
        else []
    )
    duck = duckdb_marts(duckdb_database, mart_names_from_project()) if duckdb_database.exists() else {}
    comparisons = {
        mart: compare_frames(mart, duck[mart], session.sql(mart_query(mart)).toPandas())
        for mart in sorted(set(duck) & set(marts_spark))
    }
    return comparisons, sorted(duck), marts_spark


def run_both(work_dir: Path | None = None) -> SparkRun:
    """Land the raw sources as the pipeline does, build on DuckDB (child process) and on Spark (this process) at
    once, compare every mart, and run the warehouse suites on the Spark tables. Writes ``report.json``."""
    work_dir = work_dir or paths.spark_dir()
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    started = time.monotonic()
    dbt_vars = prepare_raw_sources(work_dir / "landed")
    timings["lait_prepare_s"] = time.monotonic() - started
    # DuckDB builds in a subprocess while Spark builds in this one: most of Spark's time is per-query latency
    started = time.monotonic()
    duck = start_duckdb_build(work_dir, dbt_vars)
    failures = build_spark(work_dir, dbt_vars)
    timings["spark_build_s"] = time.monotonic() - started
    duck_code = duck.wait()
    timings["both_builds_s"] = time.monotonic() - started

    started = time.monotonic()
    session = spark_session()
    session.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    comparisons, marts_duckdb, marts_spark = _compare(session, duck.database)
    timings["compare_s"] = time.monotonic() - started

    started = time.monotonic()
    gx = validate_on_spark(session, work_dir)
    timings["gx_s"] = time.monotonic() - started
    report = {
        "timings": timings,
        "marts": {
            m: {"rows_duckdb": c.rows_duckdb, "rows_spark": c.rows_spark, "differences": len(c.differences)}
            for m, c in comparisons.items()
        },
        "gx": {"expectations": len(gx.outcomes), "failed": len(gx.failures()), "problems": gx.problems},
    }
    (work_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return SparkRun(timings, failures, duck_code, duck.log, comparisons, marts_duckdb, marts_spark, gx)
