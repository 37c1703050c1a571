"""The semantic layer (models/semantic/): dbt parses the semantic models and metrics (dbt-semantic-interfaces
validates them), and MetricFlow's `mf query`, as the cookbook's README shows it, answers from the published
warehouse what the marts hold: complaints received in 2020/21 by stream, the pack's printed 367 / 135 / 90.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scrutiny import paths

BIN = Path(sys.executable).parent
MF = BIN / "mf"
#: the name of the warehouse's copy mf queries, and of the database the parse names relations in
WAREHOUSE_NAME = "scrutiny.duckdb"
pytestmark = pytest.mark.skipif(
    not MF.is_file(), reason=f"MetricFlow's mf is not installed in {BIN} (make install-dev)"
)


@pytest.fixture(scope="module")
def semantic_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt parse` of the repository into a temporary target folder; the semantic manifest it writes."""
    # the relations it names carry the database's name (a DuckDB file's stem): the copy mf queries has the same
    target = tmp_path_factory.mktemp("parse") / "target"
    result = subprocess.run(
        [str(BIN / "dbt"), "parse", "--project-dir", str(paths.REPO_ROOT), "--profiles-dir", str(paths.REPO_ROOT)],
        env={**os.environ, "DBT_TARGET_PATH": str(target), "SCRUTINY_DBT_DATABASE": str(target / WAREHOUSE_NAME)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return target / "semantic_manifest.json"


def test_the_headline_metrics_parse(semantic_manifest: Path) -> None:
    manifest = json.loads(semantic_manifest.read_text(encoding="utf-8"))
    metrics = {metric["name"] for metric in manifest["metrics"]}
    assert {"complaints_received", "lait_values_in_band_a", "referrals", "figures_revised_between_versions"} <= metrics
    models = {model["name"]: model["node_relation"]["relation_name"] for model in manifest["semantic_models"]}
    assert "fct_complaint_measures" in models["complaint_figures"]


def test_mf_query_gives_the_printed_complaints_totals(
    semantic_manifest: Path, built_warehouse: Path, tmp_path: Path
) -> None:
    # mf reads target/semantic_manifest.json beside dbt_project.yml and connects with the project's profile; it
    # opens the database as dbt does (for writing), so it gets a copy of the published warehouse
    project = tmp_path / "project"
    (project / "target").mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(paths.REPO_ROOT / name, project / name)
    shutil.copy(semantic_manifest, project / "target" / "semantic_manifest.json")
    warehouse = tmp_path / WAREHOUSE_NAME
    shutil.copy(built_warehouse, warehouse)
    out = tmp_path / "complaints.csv"
    result = subprocess.run(
        [
            str(MF),
            "query",
            "--metrics",
            "complaints_received",
            "--group-by",
            "complaint_figure__stream",
            "--where",
            "{{ Dimension('complaint_figure__period_label') }} = '2020/21'",
            "--csv",
            str(out),
        ],
        cwd=project,
        env={**os.environ, "SCRUTINY_DBT_DATABASE": str(warehouse), "DBT_PROFILES_DIR": str(project)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0 and out.is_file(), result.stdout[-2000:] + result.stderr[-2000:]
    with out.open(encoding="utf-8") as handle:
        received = {
            row["complaint_figure__stream"]: float(row["complaints_received"]) for row in csv.DictReader(handle)
        }
    assert received == {"general": 367, "adult_social_care": 135, "childrens_social_care": 90}
