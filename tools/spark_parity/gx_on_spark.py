r"""The warehouse-stage Great Expectations suites on the Spark-built tables, through the pipeline's own gate
(scrutiny.gate.suites): the same suite files, table matching, derived frames and outcome records; only the two seams
differ: a :class:`SparkWarehouse` reads the relations, and :class:`SparkDataFrames` hands them to GX's Spark data
source. The suites' pandas ``row_condition``\ s are translated to Spark SQL (:func:`spark_row_condition`).

The inputs-stage suites validate the seed CSV files as pandas reads them, before any engine runs: they are
engine-independent and run in the DuckDB gate (make test)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from scrutiny import paths
from scrutiny.gate import outcome
from scrutiny.gate import warehouse as gate_warehouse

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


def _asset_name(table: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", table)


class SparkDataFrames:
    """validation.BatchSource: each table a Spark DataFrame, a whole-dataframe batch of GX's Spark data source."""

    def batch_definitions(
        self, context: Any, stage: str, frames: dict[str, Any], snapshot_dir: Path
    ) -> dict[str, tuple[Any, dict[str, Any] | None]]:
        name = f"spark_{stage}"
        if name in context.data_sources.all():
            context.data_sources.delete(name)
        datasource = context.data_sources.add_spark(name)
        definitions: dict[str, tuple[Any, dict[str, Any] | None]] = {}
        for table, frame in frames.items():
            asset = datasource.add_dataframe_asset(_asset_name(table))
            definition = asset.add_batch_definition_whole_dataframe(_asset_name(table))
            definitions[table] = (definition, {"dataframe": frame})
        return definitions

    def suite_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return spark_suite_body(body)


class SparkWarehouse:
    """gate_warehouse.WarehouseReader over the Spark catalogue (each Spark database is a schema)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def relations(self) -> list[str]:
        return [
            f"{database.name}.{row.tableName}"
            for database in self.session.catalog.listDatabases()
            for row in self.session.sql(f"show tables in {database.name}").collect()
            if not row.isTemporary
        ]

    def read(self, relation: str) -> Any:
        return self.session.table(relation)

    def query(self, sql: str) -> Any:
        return self.session.sql(sql)


def validate_on_spark(session: Any, work_dir: Path) -> outcome.GateResult:
    """Every warehouse-stage suite on the Spark build, through the gate."""
    return gate_warehouse.validate_warehouse(
        SparkWarehouse(session),
        run_id="spark",
        snapshot_dir=work_dir / "snapshots",
        gx_dir=work_dir / "gx",
        expectations=paths.expectations_dir(),
        source=SparkDataFrames(),
    )
