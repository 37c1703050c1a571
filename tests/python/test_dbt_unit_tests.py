"""dbt's unit tests: each model's SQL on fixed input rows (period parsing, outcome vocabularies, quartile
thresholds from ranked rows, the default neighbour group, EES markers) gives the rows its YAML expects.

They check logic, not data, so a build that publishes does not run them (dbt's advice for production runs); they
run here, on a copy of the session's warehouse (dbt reads the column types of each tested model's parents from it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from scrutiny import paths
from scrutiny.dbt import runner as dbt_runner


def _declared_unit_tests() -> set[str]:
    names = set()
    for path in (paths.REPO_ROOT / "models").rglob("*.yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names |= {test["name"] for test in document.get("unit_tests") or []}
    return names


def test_every_dbt_unit_test_passes(built_warehouse: Path, tmp_path: Path) -> None:
    declared = _declared_unit_tests()
    assert len(declared) >= 7, declared
    database = tmp_path / "unit_tests.duckdb"
    shutil.copyfile(built_warehouse, database)
    call = dbt_runner.DbtCall(
        ["test", "--select", "test_type:unit"], tmp_path / "target", tmp_path / "logs", database=str(database)
    )
    output = tmp_path / "dbt.out"
    returncode = dbt_runner.run(call, output, cwd=tmp_path)
    results = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    outcomes = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in results}
    failed = {name: status for name, status in outcomes.items() if status != "pass"}
    assert returncode == 0 and not failed, f"{failed}\n" + output.read_text(encoding="utf-8")[-3000:]
    assert set(outcomes) == declared
