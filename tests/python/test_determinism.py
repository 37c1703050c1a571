"""The same inputs give the same marts, to the last bit: a second build of the repository, compared with the
session's build by tools/compare_marts (exact comparison: floats must be bit-identical).

The neighbours' averages were not: a sum of doubles depends on the order the engine adds them in, which differs
between runs, and the last bits flipped the two-decimal rounding of thousands of averages. They are now summed
as decimals. Every table is compared whole; the two per-focus views (13 million rows on the full extract, computed
at query time) on three focus authorities: the build's focus, Camden (202) and West Sussex (938).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from scrutiny import paths

OTHER_FOCUS_LAS = (202, 938)


def comparable_copy(warehouse: Path, destination: Path) -> Path:
    """The warehouse's marts as tables in a new file: tables whole, per-focus views on three focus authorities."""
    with duckdb.connect(str(destination)) as con:
        con.execute(f"attach '{warehouse}' as source (read_only)")
        con.execute("create schema marts")
        relations = con.execute(
            "select table_name from duckdb_tables() where database_name = 'source' and schema_name = 'marts' "
            "union all select view_name from duckdb_views() where database_name = 'source' and schema_name = 'marts'"
        ).fetchall()
        focus = con.execute("select focus_la_number from source.marts.dim_focus_authority").fetchone()[0]
        for (name,) in relations:
            columns = [c for (c,) in con.execute(f"select column_name from (describe source.marts.{name})").fetchall()]
            where = f" where focus_la_number in {(focus, *OTHER_FOCUS_LAS)}" if "focus_la_number" in columns else ""
            con.execute(f"create table marts.{name} as select * from source.marts.{name}{where}")
    return destination


def test_two_builds_of_the_same_inputs_give_identical_marts(built_warehouse: Path, tmp_path: Path, build_tools) -> None:
    second = build_tools.Sandbox(paths.REPO_ROOT, tmp_path / "warehouse" / "scrutiny.duckdb", tmp_path / "build")
    result = build_tools.run_build(second)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    first = comparable_copy(built_warehouse, tmp_path / "first.duckdb")
    again = comparable_copy(second.warehouse, tmp_path / "second.duckdb")
    manifest = next(iter(sorted((tmp_path / "build").rglob("manifest.json"))), None)
    command = [sys.executable, "-m", "tools.compare_marts", str(first), str(again)]
    if manifest:
        command += ["--manifest", str(manifest)]
    compared = subprocess.run(command, cwd=paths.REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert compared.returncode == 0, compared.stdout[-6000:] + compared.stderr[-2000:]
    assert "0 with differences" in compared.stdout
