"""The two builds of the same project: DuckDB in a child process, Spark in this one (dbt-spark's session mode
then shares one SparkSession and one JVM with the comparison and the GX suites). Both go through the pipeline's
one dbt runner (scrutiny.dbt.runner) with the dbt vars the pipeline's own landing returns."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrutiny import paths
from scrutiny.dbt import runner as dbt_runner


@dataclass(frozen=True)
class DuckDbBuild:
    """`dbt build --target duckdb` into a scratch file, running while the Spark build runs."""

    running: dbt_runner.DbtProcess
    database: Path
    log: Path

    def wait(self) -> int:
        return self.running.wait()


def start_duckdb_build(work_dir: Path, dbt_vars: dict[str, str]) -> DuckDbBuild:
    folder = work_dir / "duckdb"
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "scrutiny.duckdb"
    call = dbt_runner.DbtCall(
        ["build"], folder / "target", folder / "logs", dbt_vars, target="duckdb", database=str(database)
    )
    log = folder / "dbt.out"
    return DuckDbBuild(dbt_runner.start(call, log), database, log)


def java_home() -> str | None:
    """JAVA_HOME, else Debian's Java 17."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    for candidate in sorted(Path("/usr/lib/jvm").glob("java-17-openjdk*")):
        return str(candidate)
    return None


def _spark_call(command: list[str], work_dir: Path, dbt_vars: dict[str, str]) -> dbt_runner.DbtCall:
    return dbt_runner.DbtCall(command, work_dir / "spark_target", work_dir / "spark_logs", dbt_vars, target="spark")


def build_spark(work_dir: Path, dbt_vars: dict[str, str]) -> list[str]:
    """The raw sources registered as Spark tables, then `dbt build --target spark` in this process; the failures
    (empty when it passed)."""
    os.environ[paths.ENV_SPARK_DIR] = str(work_dir / "spark")
    home = java_home()
    if home:
        os.environ.setdefault("JAVA_HOME", home)
    registered = dbt_runner.invoke(_spark_call(["run-operation", "register_raw_sources"], work_dir, dbt_vars))
    if not registered.success:
        return [f"register_raw_sources failed: {registered.exception}"]
    built = dbt_runner.invoke(_spark_call(["build"], work_dir, dbt_vars))
    failures: list[str] = []
    if built.exception is not None:
        failures.append(f"dbt build raised: {built.exception}")
    for node_result in getattr(built.result, "results", None) or []:
        status = str(node_result.status).lower()
        if status not in ("success", "pass", "no-op"):  # no-op: exposures
            failures.append(f"{node_result.node.unique_id}: {status}: {(node_result.message or '')[:400]}")
    return failures


def spark_session() -> Any:
    """The SparkSession dbt-spark's session mode created (or a new one)."""
    from pyspark.sql import SparkSession

    return SparkSession.builder.getOrCreate()
