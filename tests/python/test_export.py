"""`scrutiny export` (make export) and the descriptions the warehouse carries as comments.

An analyst takes the marts elsewhere (Parquet for Power BI and R, a workbook for Excel) and sees dbt's
descriptions in any SQL client. Runs on the session's published warehouse.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from scrutiny import paths
from scrutiny.outputs.export import pack_marts

REPO = paths.REPO_ROOT


@pytest.fixture(scope="module")
def exported(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "export"
    env = {**os.environ, paths.ENV_WAREHOUSE: str(built_warehouse)}
    result = subprocess.run(
        [sys.executable, "-m", "scrutiny", "export", "--out", str(folder)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return folder


def _marts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' "
                "union all select view_name from duckdb_views() where schema_name = 'marts'"
            ).fetchall()
        ]
        return {name: con.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in names}


def test_every_mart_is_exported_as_parquet_with_the_warehouse_row_count(built_warehouse: Path, exported: Path) -> None:
    marts = _marts(built_warehouse)
    files = {path.stem: path for path in (exported / "parquet").glob("*.parquet")}
    assert set(files) == set(marts)
    with duckdb.connect() as con:
        counts = {
            name: con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            for name, path in files.items()
        }
    assert counts == marts
    readme = (exported / "README.md").read_text(encoding="utf-8")
    assert all(f"## marts.{name}" in readme for name in marts)


def test_the_pack_workbook_holds_the_pack_marts_with_numbers_as_numbers(exported: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(exported / "pack_marts.xlsx", read_only=False)
    sheets = set(book.sheetnames) - {"Contents"}
    assert sheets == {name[:31] for name in pack_marts(REPO)}
    sheet = book["fct_complaint_measures"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    figure = next(r for r in rows if r["figure_id"] == "gen_complaints_received_2020_21")
    # the pack, section 3.2: 367 general complaints in 2020/21
    assert figure["value"] == 367 and isinstance(figure["value"], (int, float))
    frame = pd.read_parquet(exported / "parquet" / "fct_complaint_measures.parquet")
    assert len(rows) == len(frame)


def test_model_and_column_descriptions_are_comments_in_the_warehouse(built_warehouse: Path) -> None:
    described: dict[tuple[str, str | None], str] = {}
    for yml in (REPO / "models" / "marts").rglob("*.yml"):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models") or []:
            if model.get("description"):
                described[(model["name"], None)] = model["description"]
            for column in model.get("columns") or []:
                if column.get("description"):
                    described[(model["name"], column["name"])] = column["description"]
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        comments = {
            (table, column): comment
            for table, column, comment in con.execute(
                "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'"
            ).fetchall()
        }
        comments.update(
            {
                (table, None): comment
                for table, comment in con.execute(
                    "select table_name, comment from duckdb_tables() where schema_name = 'marts' "
                    "union all select view_name, comment from duckdb_views() where schema_name = 'marts'"
                ).fetchall()
            }
        )
    assert len(described) > 400
    # a description that includes a docs block ({{ doc(...) }}) is compared up to the block dbt renders into it
    wrong = {key: (text.split("{{")[0].strip(), (comments.get(key) or "").strip()) for key, text in described.items()}
    wrong = {
        key: (text, comment)
        for key, (text, comment) in wrong.items()
        if not (comment == text or ("{{" in described[key] and comment.startswith(text)))
    }
    assert not wrong, f"{len(wrong)} descriptions are not the warehouse's comments, e.g. {list(wrong.items())[:3]}"
    # the example an analyst meets first
    assert "percentages (0-100)" in comments[("fct_complaint_measures", "measure")]
