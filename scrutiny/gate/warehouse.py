"""The gate's ``warehouse`` stage: the suites on the relations of a built warehouse. A :class:`WarehouseReader`
lists and reads them (default :class:`DuckDbWarehouse`, a read-only connection to the candidate file); the Spark
parity harness plugs in its own."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from scrutiny.gate.outcome import GateResult
from scrutiny.gate.suites import SuiteFile, load_suites
from scrutiny.gate.validation import BatchSource, validate


class WarehouseReader(Protocol):
    """Read access to a built warehouse: the relations it holds and their rows."""

    def relations(self) -> list[str]:
        """Every relation as ``schema.name``."""
        ...

    def read(self, relation: str) -> Any:
        """A whole relation as a frame."""
        ...

    def query(self, sql: str) -> Any:
        """The result of a query as a frame."""
        ...


class DuckDbWarehouse:
    """A DuckDB warehouse file read with one short read-only connection (``with DuckDbWarehouse(path) as w``):
    closed again before the file is renamed."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._connection: Any = None

    def __enter__(self) -> DuckDbWarehouse:
        import duckdb

        self._connection = duckdb.connect(str(self.database), read_only=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._connection.close()

    def relations(self) -> list[str]:
        return [
            f"{schema}.{name}"
            for schema, name in self._connection.execute(
                "select schema_name, table_name from duckdb_tables() where not internal "
                "union all select schema_name, view_name from duckdb_views() where not internal"
            ).fetchall()
        ]

    def read(self, relation: str) -> pd.DataFrame:
        return self._connection.execute(f"select * from {relation}").df()

    def query(self, sql: str) -> pd.DataFrame:
        return self._connection.execute(sql).df()


_RELATION_IN_SQL = re.compile(r"\b((?:seeds|staging|intermediate|marts)\.[A-Za-z_][A-Za-z0-9_]*)\b")


def relations_read(sql: str) -> set[str]:
    """The warehouse relations (``schema.name``) a suite's derived SQL reads."""
    return set(_RELATION_IN_SQL.findall(sql))


def warehouse_frames(reader: WarehouseReader, suites: list[SuiteFile], only: set[str] | None = None) -> dict[str, Any]:
    """The relations some warehouse suite names, and the derived frames suites define in SQL
    (``meta.derived_sql``). A derived frame named like a relation replaces it: that is how a suite validates a
    bounded slice of a very large view. ``only``: the relations that changed; then only they, and the derived
    frames named like them or reading any of them (the cross-table checks), are read."""
    patterns = [p for s in suites for p in s.tables]
    derived_sql = {name: sql for s in suites for name, sql in (s.body["meta"].get("derived_sql") or {}).items()}
    if only is not None:
        derived_sql = {n: sql for n, sql in derived_sql.items() if n in only or relations_read(sql) & only}
    frames: dict[str, Any] = {}
    for relation in reader.relations():
        wanted = only is None or relation in only
        if wanted and relation not in derived_sql and any(fnmatch.fnmatch(relation, p) for p in patterns):
            frames[relation] = reader.read(relation)
    for name, sql in derived_sql.items():
        frames[name] = reader.query(sql)
    return frames


def validate_warehouse(
    reader: WarehouseReader,
    *,
    run_id: str,
    snapshot_dir: Path,
    gx_dir: Path,
    expectations: Path,
    source: BatchSource | None = None,
    only: set[str] | None = None,
) -> GateResult:
    """The ``warehouse`` suites on what ``reader`` reads (the candidate's marts and landed raw extracts).
    ``only``: validate just these relations (the ones an incremental build rebuilt) and the derived frames that
    read them; the others' results are the caller's to carry from the previous publish."""
    suites = [s for s in load_suites(expectations) if s.stage == "warehouse"]
    frames = warehouse_frames(reader, suites, only)
    present = None
    if only is not None:
        derived = {n for s in suites for n in (s.body["meta"].get("derived_sql") or {})}
        present = set(reader.relations()) | derived
    return validate(
        "warehouse",
        frames,
        run_id=run_id,
        snapshot_dir=snapshot_dir,
        gx_dir=gx_dir,
        expectations=expectations,
        source=source,
        present=present,
    )
