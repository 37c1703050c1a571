"""Keys of the contracted marts are primary-key constraints that DuckDB enforces as it writes the table.

The reads check the published warehouse (the session's one build); the write test breaks one seed of a project
copy so that two rows of a mart share a key, and expects the build to stop at that table's constraint, saying
which table, with the live warehouse untouched.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from scrutiny import paths

#: A seed carried as it is into a mart whose primary key is the seed's only key rule (no test upstream of the
#: mart would catch the duplicate first).
SEED = Path("seeds") / "reference" / "missing_reasons.csv"
MART = "dim_missing_reasons"


def _primary_keys(warehouse: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    return {table: list(columns) for table, columns in rows}


def test_pack_and_reference_marts_have_their_key_as_a_primary_key(built_warehouse: Path) -> None:
    keys = _primary_keys(built_warehouse)
    # the grain each mart's header states, as the warehouse enforces it
    assert keys["dim_missing_reasons"] == ["source_family", "missing_reason"]
    assert keys["fct_complaint_issues"] == ["stream", "service_area", "period_label", "issue_category"]
    assert keys["dim_local_authorities"] == ["la_number"]
    assert keys["dim_lait_measures"] == ["measure_code"]
    assert len(keys) >= 38, sorted(keys)


def test_a_duplicate_key_in_a_seed_fails_the_build_at_the_marts_primary_key(sandbox, build_tools) -> None:
    sandbox.extra_env.update({paths.ENV_EES_CSC_DIR: "", paths.ENV_LAIT_VINTAGES_DIR: ""})
    path = sandbox.project / SEED
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    duplicated = first["missing_reason"]
    # a second row with the first row's key (source_family, missing_reason), worded differently
    extra = {**first, "wording": "a second wording of the same reason"}
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=list(first), lineterminator="\n").writerow(extra)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")
    before = build_tools.sha256(sandbox.warehouse)

    result = build_tools.run_build(sandbox)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "BUILD FAILED at step:" in output, output[-3000:]
    assert MART in output, f"the failure does not name {MART}:\n{output[-3000:]}"
    # DuckDB's message at the constraint, with the duplicated key
    assert "PRIMARY KEY or UNIQUE constraint violation" in output, output[-3000:]
    assert f'duplicate key "{first["source_family"]}, {duplicated}"' in output, output[-3000:]
    assert build_tools.sha256(sandbox.warehouse) == before


def test_no_model_declares_a_not_null_constraint() -> None:
    """The project also builds on Spark (make test-spark), which cannot add NOT NULL to a parquet table: a model
    states its required columns with the model-level `columns_not_null` test instead (DuckDB's primary keys are
    still enforced as the table is written)."""
    import yaml

    declared = []
    for yml in (paths.project_dir() / "models").rglob("*.yml"):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models") or []:
            for column in model.get("columns") or []:
                if any(c.get("type") == "not_null" for c in column.get("constraints") or []):
                    declared.append(f"{yml.name}: {model['name']}.{column['name']}")
    assert declared == [], declared
