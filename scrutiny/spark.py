"""The same dbt project on Apache Spark (dbt-spark, session mode, pyspark ``local[2]``), compared with DuckDB.

``make test-spark`` runs ``tests/spark`` with ``.venv-spark`` (``requirements-spark.lock``); those tests call
:func:`run_both` once. It:

1. lands the LAIT extract exactly as the DuckDB build does (:func:`scrutiny.lait.prepare`, the same dbt vars);
2. builds the project on DuckDB (``dbt build --target duckdb``, a subprocess, into a scratch file);
3. builds it on Spark in THIS process (dbtRunner; dbt-spark's session mode then shares one SparkSession and one
   JVM with the checks below): ``dbt run-operation register_raw_sources`` (the raw extracts as Spark tables over
   the same files) then ``dbt build --target spark`` (seeds, models, every data test);
4. validates the Spark-built tables with the Great Expectations suites in ``expectations/`` (the same files and
   the same loader as :mod:`scrutiny.gate`, through GX's Spark data source);
5. compares every mart built on Spark with the DuckDB-built one (:func:`compare_frames`).

The Spark warehouse and its Derby metastore live under ``SCRUTINY_SPARK_DIR`` (profiles.yml), which
:func:`run_both` points at a fresh folder under ``build/spark`` each run.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from scrutiny import paths

#: Numbers are equal when |a - b| <= ABS_TOL + REL_TOL * max(|a|, |b|). Both engines compute in IEEE doubles
#: (decimals are compared as doubles); the tolerance only absorbs summation-order differences.
ABS_TOL = 1e-9
REL_TOL = 1e-9


@dataclass
class Difference:
    mart: str
    key: str
    column: str
    duckdb: Any
    spark: Any

    def __str__(self) -> str:
        return f"{self.mart} [{self.key}] {self.column}: duckdb={self.duckdb!r} spark={self.spark!r}"


@dataclass
class MartComparison:
    mart: str
    key_columns: list[str]
    rows_duckdb: int
    rows_spark: int
    differences: list[Difference] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.differences


@dataclass
class SparkRun:
    timings: dict[str, float]
    dbt_spark_failures: list[str]
    dbt_duckdb_returncode: int
    dbt_duckdb_log: Path
    comparisons: dict[str, MartComparison]
    marts_duckdb: list[str]
    marts_spark: list[str]
    gx_outcomes: list[Any]
    gx_problems: list[str]


# ---------------------------------------------------------------------------------------------------- comparison


def _normalise(value: Any) -> Any:
    """One representation per value across engines: None for nulls, float for numbers, ISO text for dates."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return _normalise(value.item())
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is pd.NA:
        return None
    return value


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= ABS_TOL + REL_TOL * max(abs(a), abs(b))
    return a == b


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{c: _normalise(v) for c, v in row.items()} for row in frame.to_dict(orient="records")]


def _key_columns(records: list[dict[str, Any]], columns: list[str]) -> list[str]:
    """The shortest prefix of the non-float columns that is unique in ``records`` (all columns if none is)."""
    candidates = [c for c in columns if not any(isinstance(r[c], float) for r in records)]
    for width in range(1, len(candidates) + 1):
        keys = [tuple(r[c] for c in candidates[:width]) for r in records]
        if len(set(keys)) == len(keys):
            return candidates[:width]
    return columns


def compare_frames(mart: str, duckdb_frame: pd.DataFrame, spark_frame: pd.DataFrame) -> MartComparison:
    """Every difference between the two builds of one mart, by key and column."""
    columns = list(duckdb_frame.columns)
    duck = _records(duckdb_frame)
    spark = _records(spark_frame)
    key_columns = _key_columns(duck, columns)
    result = MartComparison(mart, key_columns, len(duck), len(spark))
    if [c.lower() for c in spark_frame.columns] != [c.lower() for c in columns]:
        result.differences.append(
            Difference(mart, "(columns)", "(all)", ",".join(columns), ",".join(spark_frame.columns))
        )
        return result
    spark = [dict(zip(columns, r.values(), strict=True)) for r in spark]

    def key_of(record: dict[str, Any]) -> tuple:
        return tuple(record[c] for c in key_columns)

    def show(key: tuple) -> str:
        return ", ".join(f"{c}={v!r}" for c, v in zip(key_columns, key, strict=True))

    by_key_duck: dict[tuple, list[dict[str, Any]]] = {}
    by_key_spark: dict[tuple, list[dict[str, Any]]] = {}
    for record in duck:
        by_key_duck.setdefault(key_of(record), []).append(record)
    for record in spark:
        by_key_spark.setdefault(key_of(record), []).append(record)
    for key in sorted(set(by_key_duck) | set(by_key_spark), key=repr):
        left = by_key_duck.get(key, [])
        right = by_key_spark.get(key, [])
        if len(left) != len(right):
            result.differences.append(Difference(mart, show(key), "(row count)", len(left), len(right)))
            continue
        # keys are unique except when no column prefix is; then rows are paired in a stable order
        order = sorted(range(len(left)), key=lambda i: repr(sorted(left[i].items())))
        order_right = sorted(range(len(right)), key=lambda i: repr(sorted(right[i].items())))
        for i, j in zip(order, order_right, strict=True):
            for column in columns:
                if not _equal(left[i][column], right[j][column]):
                    result.differences.append(Difference(mart, show(key), column, left[i][column], right[j][column]))
    return result


# ---------------------------------------------------------------------------------------------------- builds


def spark_dir() -> Path:
    return paths.build_dir() / "spark"


def _java_home() -> str | None:
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    for candidate in sorted(Path("/usr/lib/jvm").glob("java-17-openjdk*")):
        return str(candidate)
    return None


def dbt_vars(work_dir: Path) -> dict[str, str]:
    from scrutiny import lait

    return dict(lait.prepare(paths.lait_dir(), work_dir / "lait"))


def build_duckdb(work_dir: Path, variables: dict[str, str]) -> tuple[int, Path, Path]:
    """``dbt build --target duckdb`` into a scratch file: (return code, database, log)."""
    database = work_dir / "duckdb" / "scrutiny.duckdb"
    database.parent.mkdir(parents=True, exist_ok=True)
    log = work_dir / "duckdb" / "dbt.out"
    env = dict(os.environ, SCRUTINY_DBT_DATABASE=str(database), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--target",
        "duckdb",
        "--project-dir",
        str(paths.REPO_ROOT),
        "--profiles-dir",
        str(paths.REPO_ROOT),
        "--target-path",
        str(work_dir / "duckdb" / "target"),
        "--log-path",
        str(work_dir / "duckdb" / "logs"),
        "--vars",
        json.dumps(variables),
    ]
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(command, cwd=paths.REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    return code, database, log


def _dbt_in_process(args: list[str], work_dir: Path) -> Any:
    from dbt.cli.main import dbtRunner

    common = [
        "--project-dir",
        str(paths.REPO_ROOT),
        "--profiles-dir",
        str(paths.REPO_ROOT),
        "--target",
        "spark",
        "--target-path",
        str(work_dir / "spark_target"),
        "--log-path",
        str(work_dir / "spark_logs"),
    ]
    command, rest = args[0], args[1:]
    return dbtRunner().invoke([command, *common, *rest])


def build_spark(work_dir: Path, variables: dict[str, str]) -> list[str]:
    """Raw sources, then ``dbt build --target spark`` in this process; the failures (empty when it passed)."""
    os.environ["SCRUTINY_SPARK_DIR"] = str(work_dir / "spark")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    java_home = _java_home()
    if java_home:
        os.environ.setdefault("JAVA_HOME", java_home)
    failures: list[str] = []
    registered = _dbt_in_process(["run-operation", "register_raw_sources", "--vars", json.dumps(variables)], work_dir)
    if not registered.success:
        return [f"register_raw_sources failed: {registered.exception}"]
    built = _dbt_in_process(["build", "--vars", json.dumps(variables)], work_dir)
    if built.exception is not None:
        failures.append(f"dbt build raised: {built.exception}")
    for node_result in getattr(built.result, "results", None) or []:
        status = str(node_result.status).lower()
        if status not in ("success", "pass"):
            failures.append(f"{node_result.node.unique_id}: {status}: {(node_result.message or '')[:400]}")
    return failures


def spark_session():
    from pyspark.sql import SparkSession

    return SparkSession.builder.getOrCreate()


def mart_names_from_project() -> list[str]:
    """Every mart the project defines (one .sql file per model under models/marts)."""
    return sorted(p.stem for p in (paths.REPO_ROOT / "models" / "marts").rglob("*.sql"))


def duckdb_frames(database: Path, schema: str) -> dict[str, pd.DataFrame]:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?", [schema]
            ).fetchall()
        ]
        return {t: connection.execute(f'select * from "{schema}"."{t}"').df() for t in tables}


def spark_frames(schema: str) -> dict[str, Any]:
    """Spark DataFrames of every table in a Spark database (schema), by table name."""
    session = spark_session()
    names = [r.tableName for r in session.sql(f"show tables in {schema}").collect() if not r.isTemporary]
    return {name: session.table(f"{schema}.{name}") for name in names}


# ---------------------------------------------------------------------------------------------------- GX on Spark


def validate_with_spark(
    stage: str, frames: dict[str, Any], expectations: Path | None = None
) -> tuple[list[Any], list[str]]:
    """Run every ``stage`` suite from ``expectations/`` on Spark DataFrames (relation name -> DataFrame).

    The suites, their table matching and the outcome records are :mod:`scrutiny.gate`'s; only the batch differs:
    GX's Spark data source with a whole-dataframe batch instead of a pandas parquet snapshot.
    """
    import great_expectations as gx

    from scrutiny import gate

    expectations = expectations or paths.REPO_ROOT / "expectations"
    suites = [s for s in gate.load_suites(expectations) if s.stage == stage]
    problems: list[str] = []
    outcomes: list[Any] = []
    plan: list[tuple[gate.SuiteFile, str]] = []
    for suite in suites:
        matched, missing = gate.match_tables(suite, frames)
        problems.extend(f"suite {suite.name}: table {t} does not exist on Spark" for t in missing)
        plan.extend((suite, t) for t in matched)
    if not plan:
        return outcomes, problems
    context = gx.get_context(mode="ephemeral")
    datasource = context.data_sources.add_spark(f"spark_{stage}")
    validated_at = datetime.now(UTC).isoformat(timespec="seconds")
    definitions: dict[str, Any] = {}
    for suite_file, table in plan:
        if table not in definitions:
            asset = datasource.add_dataframe_asset(gate._safe(table))
            definitions[table] = asset.add_batch_definition_whole_dataframe(gate._safe(table))
        suite = gx.ExpectationSuite(**json.loads(json.dumps(suite_file.body)))
        batch = definitions[table].get_batch(batch_parameters={"dataframe": frames[table]})
        validation = batch.validate(suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20})
        for expectation_result in validation.results:
            outcomes.append(gate._outcome("spark", validated_at, stage, suite_file, table, expectation_result, None))
    return outcomes, problems


# ---------------------------------------------------------------------------------------------------- everything


def run_both(work_dir: Path | None = None) -> SparkRun:
    work_dir = work_dir or spark_dir()
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    started = time.monotonic()
    variables = dbt_vars(work_dir)
    duck_code, duck_db, duck_log = build_duckdb(work_dir, variables)
    timings["duckdb_build_s"] = time.monotonic() - started
    started = time.monotonic()
    failures = build_spark(work_dir, variables)
    timings["spark_build_s"] = time.monotonic() - started

    started = time.monotonic()
    marts_duck = duckdb_frames(duck_db, "marts") if duck_code == 0 or duck_db.exists() else {}
    marts_spark_df = spark_frames("marts")
    comparisons: dict[str, MartComparison] = {}
    for mart in sorted(set(marts_duck) | set(marts_spark_df)):
        if mart in marts_duck and mart in marts_spark_df:
            spark_pandas = marts_spark_df[mart].toPandas()
            comparisons[mart] = compare_frames(mart, marts_duck[mart], spark_pandas)
    timings["compare_s"] = time.monotonic() - started

    started = time.monotonic()
    frames: dict[str, Any] = {f"marts.{n}": df for n, df in marts_spark_df.items()}
    frames.update({f"seeds.{n}": df for n, df in spark_frames("seeds").items()})
    gx_outcomes: list[Any] = []
    gx_problems: list[str] = []
    for stage in ("inputs", "warehouse"):
        # derived.* input frames are pandas computations of the gate, not tables an engine builds
        stage_frames = frames
        outcomes, problems = validate_with_spark(stage, stage_frames)
        gx_outcomes.extend(outcomes)
        gx_problems.extend(p for p in problems if " derived." not in p)
    timings["gx_s"] = time.monotonic() - started
    report = {
        "timings": timings,
        "marts": {
            m: {"rows_duckdb": c.rows_duckdb, "rows_spark": c.rows_spark, "differences": len(c.differences)}
            for m, c in comparisons.items()
        },
        "gx": {"expectations": len(gx_outcomes), "failed": sum(not o.success for o in gx_outcomes)},
    }
    (work_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return SparkRun(
        timings=timings,
        dbt_spark_failures=failures,
        dbt_duckdb_returncode=duck_code,
        dbt_duckdb_log=duck_log,
        comparisons=comparisons,
        marts_duckdb=sorted(marts_duck),
        marts_spark=sorted(marts_spark_df),
        gx_outcomes=gx_outcomes,
        gx_problems=gx_problems,
    )


if __name__ == "__main__":  # pragma: no cover - manual runs: python -m scrutiny.spark
    run = run_both()
    print(json.dumps(json.loads((spark_dir() / "report.json").read_text()), indent=2))
    for failure in run.dbt_spark_failures:
        print("SPARK:", failure)
    for comparison in run.comparisons.values():
        for difference in comparison.differences[:20]:
            print("DIFF:", difference)
