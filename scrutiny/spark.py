"""The same dbt project on Apache Spark (dbt-spark, session mode, pyspark ``local[2]``), compared with DuckDB.

``make test-spark`` runs ``tests/spark`` with ``.venv-spark`` (``requirements-spark.lock``); those tests call
:func:`run_both` once. It:

1. lands the LAIT extract exactly as the DuckDB build does (:func:`scrutiny.lait.prepare`, the same dbt vars);
2. starts ``dbt build --target duckdb`` (a subprocess, into a scratch file) and, meanwhile,
3. builds on Spark in THIS process (dbtRunner; dbt-spark's session mode then shares one SparkSession and one
   JVM with the checks below): ``dbt run-operation register_raw_sources`` (the raw extracts as Spark tables over
   the same files) then ``dbt build --target spark`` (seeds, models, every data test);
4. compares every mart built on Spark with the DuckDB-built one (:func:`compare_frames`; the two per-focus
   views on :data:`VIEW_SLICES`);
5. validates the Spark-built tables with the warehouse-stage Great Expectations suites in ``expectations/`` (the
   same files and loader as :mod:`scrutiny.gate`, through GX's Spark data source; pandas row conditions
   translated by :func:`spark_row_condition`).

The Spark warehouse and its Derby metastore live under ``SCRUTINY_SPARK_DIR`` (profiles.yml), which
:func:`run_both` points at a fresh folder under ``build/spark`` each run.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
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

log = logging.getLogger(__name__)

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


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Vectorised normalisation: numbers as float64 (NaN for null), everything else as Python text/bool/None."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            out[column] = series.astype("float64")
            continue
        values = [_normalise(v) for v in series.tolist()]
        if any(isinstance(v, float) for v in values) and all(v is None or isinstance(v, float) for v in values):
            out[column] = pd.Series(values, index=frame.index, dtype="float64")
        else:
            out[column] = pd.Series(values, index=frame.index, dtype=object)
    return pd.DataFrame(out, index=frame.index)


#: At most this many differences are listed per mart (then one "(more)" line with the total).
MAX_LISTED = 500


def _frame_key_columns(frame: pd.DataFrame) -> list[str]:
    """The shortest prefix of the non-float columns that is unique in ``frame`` ([] when none is)."""
    candidates = [c for c in frame.columns if frame[c].dtype != "float64"]
    for width in range(1, len(candidates) + 1):
        if not frame.duplicated(subset=candidates[:width]).any():
            return candidates[:width]
    return []


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Cell-by-cell equality within tolerance (nulls equal nulls)."""
    import numpy as np

    if a.dtype == "float64" and b.dtype == "float64":
        x, y = a.to_numpy(), b.to_numpy()
        with np.errstate(invalid="ignore"):
            close = np.abs(x - y) <= ABS_TOL + REL_TOL * np.maximum(np.abs(x), np.abs(y))
        return pd.Series(close | (np.isnan(x) & np.isnan(y)), index=a.index)
    a_null, b_null = a.isna(), b.isna()
    if a.dtype == "float64" or b.dtype == "float64":  # a number on one side only
        return a_null & b_null
    return (a_null & b_null) | ((a.to_numpy() == b.to_numpy()) & ~a_null & ~b_null)


def compare_frames(mart: str, duckdb_frame: pd.DataFrame, spark_frame: pd.DataFrame) -> MartComparison:
    """Every difference between the two builds of one mart, by key and column (vectorised: marts reach
    hundreds of thousands of rows)."""
    columns = list(duckdb_frame.columns)
    if [c.lower() for c in spark_frame.columns] != [c.lower() for c in columns]:
        result = MartComparison(mart, [], len(duckdb_frame), len(spark_frame))
        result.differences.append(
            Difference(mart, "(columns)", "(all)", ",".join(columns), ",".join(spark_frame.columns))
        )
        return result
    left = _comparable(duckdb_frame).reset_index(drop=True)
    right = _comparable(spark_frame.set_axis(columns, axis=1)).reset_index(drop=True)
    key_columns = _frame_key_columns(left)
    result = MartComparison(mart, key_columns, len(left), len(right))
    # rows are paired by key; when no column prefix is unique, by the whole non-float row and its occurrence
    pair_on = key_columns or [c for c in columns if left[c].dtype != "float64"] or columns
    occurrence = "__occurrence"
    for frame in (left, right):
        if key_columns:
            frame[occurrence] = 0
            continue
        order = frame.astype(str).sort_values(columns, kind="stable").index
        frame.loc[order, occurrence] = frame.loc[order].groupby(pair_on, dropna=False).cumcount().to_numpy()
    merged = left.merge(right, on=[*pair_on, occurrence], how="outer", suffixes=("__duckdb", "__spark"), indicator=True)

    def show(row: pd.Series) -> str:
        return ", ".join(f"{c}={_normalise(row[c])!r}" for c in pair_on)

    found: list[Difference] = []
    total = 0
    for side, counts in (("left_only", (1, 0)), ("right_only", (0, 1))):
        unmatched = merged[merged["_merge"] == side]
        total += len(unmatched)
        for _, row in unmatched.head(MAX_LISTED).iterrows():
            found.append(Difference(mart, show(row), "(row count)", *counts))
    both = merged[merged["_merge"] == "both"]
    for column in columns:
        if column in pair_on:
            continue
        a, b = both[f"{column}__duckdb"], both[f"{column}__spark"]
        differing = both[~_same(a, b)]
        total += len(differing)
        for _, row in differing.head(MAX_LISTED).iterrows():
            found.append(
                Difference(
                    mart, show(row), column, _normalise(row[f"{column}__duckdb"]), _normalise(row[f"{column}__spark"])
                )
            )
    result.differences = found[:MAX_LISTED]
    if total > len(result.differences):
        result.differences.append(Difference(mart, "(more)", "(all)", total, len(result.differences)))
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
    from scrutiny.raw_sources import prepare_raw_sources

    return prepare_raw_sources(work_dir)


def build_duckdb(work_dir: Path, variables: dict[str, str]) -> tuple[int, Path, Path]:
    """``dbt build --target duckdb`` into a scratch file: (return code, database, log)."""
    return build_duckdb_started(work_dir, variables)()


def build_duckdb_started(work_dir: Path, variables: dict[str, str]):
    """Start ``dbt build --target duckdb`` (a subprocess) into a scratch file; returns a function that waits
    for it and gives (return code, database, log)."""
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
    out = log.open("w", encoding="utf-8")
    process = subprocess.Popen(command, cwd=paths.REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait() -> tuple[int, Path, Path]:
        code = process.wait()
        out.close()
        return code, database, log

    return wait


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
        if status not in ("success", "pass", "no-op"):  # no-op: exposures
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

_PANDAS_TO_SPARK = [
    (re.compile(r"(\w+)\.notna\(\)"), r"(\1 is not null)"),
    (re.compile(r"(\w+)\.isna\(\)"), r"(\1 is null)"),
    (re.compile(r'(\w+)\.str\.contains\("([^"\']*)", na=False\)'), r"coalesce(\1 rlike '\2', false)"),
    (re.compile(r"(\w+) in \[([^\]]*)\]"), r"\1 in (\2)"),
    (re.compile(r"=="), "="),
    (re.compile(r'"([^"\']*)"'), r"'\1'"),
]


def spark_row_condition(condition: str) -> str:
    """A suite's pandas ``row_condition`` (``condition_parser: pandas``) in Spark SQL, for GX's ``spark`` parser.

    Covers what the suites use: ``x.notna()``, ``x.isna()``, ``x.str.contains("re", na=False)``, ``x in [...]``,
    ``==``, ``and`` / ``or`` / ``not``, double-quoted strings. Anything else raises, so a new pandas construct
    in a suite fails here loudly instead of silently validating other rows."""
    spark_sql = condition
    for pattern, replacement in _PANDAS_TO_SPARK:
        spark_sql = pattern.sub(replacement, spark_sql)
    leftover = re.search(r"\.\w+\(|\[|\]|\"|!=|~|&|\|", re.sub(r"'[^']*'", "''", spark_sql))
    if leftover:
        raise ValueError(f"row_condition {condition!r}: cannot translate {leftover.group(0)!r} for Spark")
    return spark_sql


def spark_suite_body(body: dict[str, Any]) -> dict[str, Any]:
    """A suite's JSON with its pandas row conditions translated for GX's Spark data source."""
    body = json.loads(json.dumps(body))
    for expectation in body.get("expectations") or []:
        kwargs = expectation.get("kwargs") or {}
        if kwargs.get("condition_parser") == "pandas" and isinstance(kwargs.get("row_condition"), str):
            kwargs["row_condition"] = spark_row_condition(kwargs["row_condition"])
            kwargs["condition_parser"] = "spark"
    return body


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
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = context.data_sources.add_spark(f"spark_{stage}")
    validated_at = datetime.now(UTC).isoformat(timespec="seconds")
    definitions: dict[str, Any] = {}
    for suite_file, table in plan:
        if table not in definitions:
            asset = datasource.add_dataframe_asset(gate._safe(table))
            definitions[table] = asset.add_batch_definition_whole_dataframe(gate._safe(table))
        suite = gx.ExpectationSuite(**spark_suite_body(suite_file.body))
        batch = definitions[table].get_batch(batch_parameters={"dataframe": frames[table]})
        validation = batch.validate(suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20})
        for expectation_result in validation.results:
            outcomes.append(gate._outcome("spark", validated_at, stage, suite_file, table, expectation_result, None))
    return outcomes, problems


# ---------------------------------------------------------------------------------------------------- everything

#: The two per-focus marts are views (every focus LA x neighbour group x measure x period: 13 million and 1.2
#: million rows on the full extract), computed at query time from dim_lait_neighbour_group_members and
#: fct_lait_values, which are compared in full. They are compared on these focus LAs: Southend (the pack group and
#: both DfE groups), Camden (202) and West Sussex (938) (DfE groups), the same bounded-slice rule the GX gate uses.
VIEW_SLICES = {
    "fct_lait_neighbour_values": "focus_la_number in (882, 202, 938)",
    "fct_lait_neighbour_benchmarks": "focus_la_number in (882, 202, 938)",
}


def _mart_query(mart: str) -> str:
    where = VIEW_SLICES.get(mart)
    return f"select * from marts.{mart}" + (f" where {where}" if where else "")


def duckdb_marts(database: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        existing = {
            r[0]
            for r in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        return {m: connection.execute(_mart_query(m)).df() for m in names if m in existing}


def spark_warehouse_frames() -> dict[str, Any]:
    """What the warehouse suites validate, as Spark DataFrames: the relations their ``tables`` name (marts.*)
    and the frames their ``meta.derived_sql`` defines (run by Spark SQL), exactly as scrutiny.build reads the
    DuckDB candidate. The inputs-stage suites validate the seed CSV files as pandas reads them, before any
    engine runs: they are engine-independent and run in the DuckDB gate (make test)."""
    import fnmatch

    from scrutiny import gate

    session = spark_session()
    suites = [s for s in gate.load_suites(paths.REPO_ROOT / "expectations") if s.stage == "warehouse"]
    patterns = [p for s in suites for p in s.tables]
    derived_sql = {n: q for s in suites for n, q in (s.body["meta"].get("derived_sql") or {}).items()}
    frames: dict[str, Any] = {}
    databases = {p.split(".", 1)[0] for p in patterns if "." in p} - {"derived"}
    for database in sorted(databases):
        for relation, frame in spark_frames(database).items():
            name = f"{database}.{relation}"
            if name not in derived_sql and any(fnmatch.fnmatch(name, p) for p in patterns):
                frames[name] = frame
    for name, sql in derived_sql.items():
        try:
            frames[name] = session.sql(sql)
        except Exception as error:  # a relation it reads is missing: match_tables reports the suite's table
            log.warning("derived frame %s: %s", name, str(error).splitlines()[0])
    return frames


def run_both(work_dir: Path | None = None) -> SparkRun:
    work_dir = work_dir or spark_dir()
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    started = time.monotonic()
    variables = dbt_vars(work_dir)
    timings["lait_prepare_s"] = time.monotonic() - started
    # DuckDB builds in a subprocess while Spark builds in this one: most of Spark's time is per-query latency
    started = time.monotonic()
    duck_future = build_duckdb_started(work_dir, variables)
    failures = build_spark(work_dir, variables)
    timings["spark_build_s"] = time.monotonic() - started
    duck_code, duck_db, duck_log = duck_future()
    timings["both_builds_s"] = time.monotonic() - started

    started = time.monotonic()
    session = spark_session()
    session.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    marts_spark = (
        sorted(r.tableName for r in session.sql("show tables in marts").collect() if not r.isTemporary)
        if session.catalog.databaseExists("marts")
        else []
    )
    marts_duck_frames = duckdb_marts(duck_db, mart_names_from_project()) if duck_db.exists() else {}
    comparisons: dict[str, MartComparison] = {}
    for mart in sorted(set(marts_duck_frames) & set(marts_spark)):
        spark_pandas = session.sql(_mart_query(mart)).toPandas()
        comparisons[mart] = compare_frames(mart, marts_duck_frames[mart], spark_pandas)
    timings["compare_s"] = time.monotonic() - started

    started = time.monotonic()
    gx_outcomes, gx_problems = validate_with_spark("warehouse", spark_warehouse_frames())
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
        marts_duckdb=sorted(marts_duck_frames),
        marts_spark=marts_spark,
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
    from scrutiny.gate import describe_failure

    for problem in run.gx_problems:
        print("GX:", problem)
    for outcome in run.gx_outcomes:
        if not outcome.success:
            print("GX:", describe_failure(outcome))
