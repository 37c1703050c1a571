"""Compare every mart of two warehouse files, row for row and value for value.

    python -m tools.compare_marts BEFORE.duckdb AFTER.duckdb [--manifest target/manifest.json] [--schema marts]

For each table and view in the schema (default ``marts``) of either file it reports: a relation present in one
file only, columns present in one only, and rows that differ. Rows are compared exactly (``except all`` both
ways, so duplicates count and floats must be bit-identical). Where the dbt manifest names the relation's key (a
``unique_combination`` or ``unique`` test, or a primary-key constraint), a differing row is reported as
relation, key and column with both values; otherwise the differing rows are shown whole.

Exit status 0 when there are no differences, 1 when there are, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

SAMPLE = 10


@dataclass
class RelationDiff:
    relation: str
    problems: list[str] = field(default_factory=list)
    rows_only_before: int = 0
    rows_only_after: int = 0
    rows_compared: int = 0

    @property
    def differs(self) -> bool:
        return bool(self.problems or self.rows_only_before or self.rows_only_after)


def keys_from_manifest(manifest: Path | None) -> dict[str, list[str]]:
    """Relation name (``marts.x``) -> key columns, from unique tests and primary-key constraints."""
    if manifest is None or not manifest.is_file():
        return {}
    nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
    relation_of = {
        uid: f"{node.get('schema')}.{node.get('alias') or node.get('name')}"
        for uid, node in nodes.items()
        if node.get("resource_type") in {"model", "seed"}
    }
    keys: dict[str, list[str]] = {}
    for uid, node in nodes.items():
        if node.get("resource_type") == "model":
            for constraint in node.get("constraints") or []:
                if constraint.get("type") == "primary_key" and constraint.get("columns"):
                    keys.setdefault(relation_of[uid], list(constraint["columns"]))
            for name, column in (node.get("columns") or {}).items():
                if any(c.get("type") == "primary_key" for c in column.get("constraints") or []):
                    keys.setdefault(relation_of[uid], [name])
        if node.get("resource_type") != "test" or node.get("config", {}).get("where"):
            continue
        metadata = node.get("test_metadata") or {}
        attached = relation_of.get(node.get("attached_node") or "")
        if not attached:
            continue
        kwargs = metadata.get("kwargs") or {}
        if metadata.get("name") == "unique_combination" and kwargs.get("columns"):
            keys.setdefault(attached, list(kwargs["columns"]))
        elif metadata.get("name") == "unique" and kwargs.get("column_name"):
            keys.setdefault(attached, [kwargs["column_name"]])
    return keys


def _relations(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = ? and schema_name = ? "
        "union all select view_name from duckdb_views() where database_name = ? and schema_name = ?",
        [database, schema, database, schema],
    ).fetchall()
    return {name for (name,) in rows}


def _columns(con: duckdb.DuckDBPyConnection, database: str, schema: str, name: str) -> list[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() where database_name = ? and schema_name = ? and table_name = ? "
        "order by column_index",
        [database, schema, name],
    ).fetchall()
    return [column for (column,) in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str, key: list[str] | None) -> RelationDiff:
    diff = RelationDiff(f"{schema}.{name}")
    before_columns = _columns(con, "before", schema, name)
    after_columns = _columns(con, "after", schema, name)
    for column in before_columns:
        if column not in after_columns:
            diff.problems.append(f"column {column} only in BEFORE")
    for column in after_columns:
        if column not in before_columns:
            diff.problems.append(f"column {column} only in AFTER")
    shared = [c for c in before_columns if c in after_columns]
    listed = ", ".join(_quote(c) for c in shared)
    before = f"select {listed} from before.{schema}.{_quote(name)}"
    after = f"select {listed} from after.{schema}.{_quote(name)}"
    con.execute(f"create or replace temp table only_before as {before} except all {after}")
    con.execute(f"create or replace temp table only_after as {after} except all {before}")
    diff.rows_only_before = con.execute("select count(*) from only_before").fetchone()[0]
    diff.rows_only_after = con.execute("select count(*) from only_after").fetchone()[0]
    diff.rows_compared = con.execute(f"select count(*) from before.{schema}.{_quote(name)}").fetchone()[0]
    if not (diff.rows_only_before or diff.rows_only_after):
        return diff
    if key and all(k in shared for k in key):
        on = " and ".join(f"b.{_quote(k)} is not distinct from a.{_quote(k)}" for k in key)
        keys = ", ".join(f"coalesce(b.{_quote(k)}, a.{_quote(k)}) as {_quote(k)}" for k in key)
        sides = ", ".join(f"b.{_quote(c)} as {_quote('b_' + c)}, a.{_quote(c)} as {_quote('a_' + c)}" for c in shared)
        presence = "b." + _quote(key[0]) + " is not null as in_before, a." + _quote(key[0]) + " is not null as in_after"
        rows = con.execute(
            f"select {keys}, {presence}, {sides} from only_before b full outer join only_after a on {on} "
            f"limit {SAMPLE * 10}"
        ).df()
        reported = 0
        for record in rows.to_dict("records"):
            where = ", ".join(f"{k}={record[k]!r}" for k in key)
            if not record["in_before"] or not record["in_after"]:
                side = "AFTER" if record["in_after"] else "BEFORE"
                diff.problems.append(f"[{where}] row only in {side}")
                reported += 1
            else:
                for column in shared:
                    b, a = record["b_" + column], record["a_" + column]
                    if not (b == a or (_is_null(b) and _is_null(a))):
                        diff.problems.append(f"[{where}] {column}: before={b!r} after={a!r}")
                        reported += 1
            if reported >= SAMPLE:
                break
    else:
        for label, table in (("BEFORE", "only_before"), ("AFTER", "only_after")):
            for record in con.execute(f"select * from {table} limit {SAMPLE}").df().to_dict("records"):
                diff.problems.append(f"row only in {label}: {record}")
    return diff


def _is_null(value: object) -> bool:
    try:
        return value is None or value != value  # NaN and pandas NA
    except (TypeError, ValueError):
        return False


def compare(before: Path, after: Path, *, schema: str = "marts", manifest: Path | None = None) -> list[RelationDiff]:
    keys = keys_from_manifest(manifest)
    # bounded memory: the per-focus views hold millions of rows; DuckDB spills the set differences to disk
    scratch = tempfile.mkdtemp(prefix="compare_marts_")
    con = duckdb.connect(
        config={"memory_limit": "4GB", "preserve_insertion_order": False, "temp_directory": scratch, "threads": 2}
    )
    con.execute(f"attach '{before}' as before (read_only)")
    con.execute(f"attach '{after}' as after (read_only)")
    # views in either file refer to their schemas without a database: resolve them inside their own file
    try:
        return _compare_all(con, schema, keys)
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _compare_all(con: duckdb.DuckDBPyConnection, schema: str, keys: dict[str, list[str]]) -> list[RelationDiff]:
    results: list[RelationDiff] = []
    in_before = _relations(con, "before", schema)
    in_after = _relations(con, "after", schema)
    for name in sorted(in_before | in_after):
        if name not in in_after or name not in in_before:
            side = "BEFORE" if name in in_before else "AFTER"
            results.append(RelationDiff(f"{schema}.{name}", [f"relation only in {side}"]))
            continue
        con.execute("use before")
        results.append(compare_relation(con, schema, name, keys.get(f"{schema}.{name}")))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.compare_marts", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--schema", default="marts")
    parser.add_argument("--manifest", type=Path, help="dbt manifest.json naming each relation's key")
    args = parser.parse_args(argv)
    for path in (args.before, args.after):
        if not path.is_file():
            print(f"{path}: no such warehouse file", file=sys.stderr)
            return 2
    results = compare(args.before, args.after, schema=args.schema, manifest=args.manifest)
    differing = [r for r in results if r.differs]
    for result in results:
        status = "DIFFERS" if result.differs else "same"
        print(
            f"{result.relation}: {status} ({result.rows_compared} rows; only before {result.rows_only_before}, "
            f"only after {result.rows_only_after})"
        )
        for problem in result.problems:
            print(f"    {problem}")
    print(f"{len(results)} relations compared, {len(differing)} with differences")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
