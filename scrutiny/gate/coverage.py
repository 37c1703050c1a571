"""Coverage against the previous publish: no table of the warehouse silently collapses.

The build records the rows of every table it publishes (beside the live warehouse, and in
``data_quality.relation_row_counts``). The next build compares its candidate's tables with those counts: a table
that lost more than the tolerance (settings.row_drop_tolerance(), default a quarter of its rows; adjustable with
``--row-drop-tolerance`` or SCRUTINY_ROW_DROP_TOLERANCE) fails the build, naming the table, both counts and the
tolerance. Tables built from a raw source the user allowed to be missing (``--allow-missing-<source>``) may shrink.
Views are not counted (the per-focus LAIT views hold millions of rows; the tables they read are counted).

One owner per rule: this check owns a table's drop since the previous publish, and runs before the Great
Expectations warehouse suites, whose row-count bands (``expect_table_row_count_to_be_between``) own a table's size
on its own: what a first build (no previous publish) or a drop within the tolerance must still meet.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from scrutiny import settings
from scrutiny.errors import BuildFailed

#: Schemas whose tables are counted (everything dbt builds; not the validation history).
COUNTED_SCHEMAS = ("seeds", "staging", "intermediate", "marts")


def row_counts(database: Path) -> dict[str, int]:
    """Rows of every table dbt built in a warehouse file, by ``schema.table``."""
    schemas = ", ".join(f"'{s}'" for s in COUNTED_SCHEMAS)
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            f"select schema_name, table_name from duckdb_tables() where schema_name in ({schemas}) order by all"
        ).fetchall()
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in tables}


def built_from_sources(manifest: Path, sources: set[str]) -> set[str]:
    """Relations (``schema.name``) that read, directly or not, a dbt source of one of ``sources``."""
    if not sources or not manifest.is_file():
        return set()
    nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
    reads: dict[str, bool] = {}

    def reads_source(unique_id: str) -> bool:
        if unique_id.startswith("source."):
            return unique_id.split(".")[2] in sources
        if unique_id not in reads:
            reads[unique_id] = False  # a cycle guard; dbt's graph has none
            parents = (nodes.get(unique_id, {}).get("depends_on") or {}).get("nodes") or []
            reads[unique_id] = any(reads_source(p) for p in parents)
        return reads[unique_id]

    return {
        f"{node.get('schema')}.{node.get('alias') or node.get('name')}"
        for unique_id, node in nodes.items()
        if node.get("resource_type") in {"model", "seed"} and reads_source(unique_id)
    }


def collapsed(previous: dict[str, int], current: dict[str, int], tolerance: float, exempt: set[str]) -> list[str]:
    """Each table that lost more than ``tolerance`` of the rows it had at the previous publish, as a sentence."""
    found = []
    for relation, before in sorted(previous.items()):
        now = current.get(relation, 0)
        if relation in exempt or before == 0 or now >= before * (1 - tolerance):
            continue
        state = "is gone" if relation not in current else f"has {now:,} rows"
        found.append(
            f"  {relation} {state}; the published warehouse has {before:,} "
            f"(a loss of {1 - now / before:.0%}, more than the tolerance of {tolerance:.0%})"
        )
    return found


def check(
    previous: dict[str, int], current: dict[str, int], allowed: set[str], manifest: Path, published_run: str
) -> None:
    """BuildFailed naming every table that collapsed since the publish of ``published_run`` (tables built from a
    raw source in ``allowed`` may shrink)."""
    tolerance = settings.row_drop_tolerance()
    lost = collapsed(previous, current, tolerance, built_from_sources(manifest, allowed))
    if lost:
        raise BuildFailed(
            "coverage",
            f"Tables lost rows since the published warehouse (build {published_run}):\n"
            + "\n".join(lost)
            + f"\n  If this is intended, build with --row-drop-tolerance (now {tolerance:g}; "
            f"{settings.ENV_ROW_DROP_TOLERANCE}), or --allow-missing-<source> for a raw source left out on purpose.",
            {"lost": lost},
        )
