"""The dbt floor: the wall time of `dbt build` on the smallest dbt-duckdb project there is (one seed, one model),
measured in the same benchmark run as the project's builds and alternately with them, so the machine's load
weighs on both alike. A build's figure divided by the floor says how much of it is the project's own work.

Each floor run parses from nothing (its own fresh target folder), as each of the project's builds does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.bench.measure import run_measured

DBT_PROJECT = """\
name: bench_floor
version: "1.0.0"
profile: bench_floor
seed-paths: ["seeds"]
model-paths: ["models"]
flags:
  send_anonymous_usage_stats: false
"""
PROFILES = """\
bench_floor:
  target: floor
  outputs:
    floor:
      type: duckdb
      path: floor.duckdb
      threads: 1
"""
SEED = "id,value\n1,10\n2,20\n3,30\n"
MODEL = "select id, value * 2 as doubled_value from {{ ref('floor_values') }}\n"


def write_floor_project(folder: Path) -> Path:
    """A one-seed, one-model dbt-duckdb project in ``folder`` (its DuckDB file beside it)."""
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    (folder / "models").mkdir(parents=True, exist_ok=True)
    (folder / "dbt_project.yml").write_text(DBT_PROJECT, encoding="utf-8")
    (folder / "profiles.yml").write_text(PROFILES, encoding="utf-8")
    (folder / "seeds" / "floor_values.csv").write_text(SEED, encoding="utf-8")
    (folder / "models" / "floor_doubled.sql").write_text(MODEL, encoding="utf-8")
    return folder


def floor_command(folder: Path, run_number: int) -> list[str]:
    """`dbt build` of the floor project with a fresh target folder (a full parse, as every project build does)."""
    dbt = Path(sys.executable).parent / "dbt"
    return [
        str(dbt),
        "build",
        "--project-dir",
        str(folder),
        "--profiles-dir",
        str(folder),
        "--target-path",
        str(folder / f"target-{run_number}"),
        "--log-path",
        str(folder / f"logs-{run_number}"),
    ]


def run_floor(folder: Path, env: dict, run_number: int, command: tuple[str, ...] | None = None) -> dict:
    """One measured floor run; ``command`` replaces dbt (the harness's own tests use a stand-in)."""
    arguments = list(command) if command else floor_command(folder, run_number)
    measured = run_measured(arguments, cwd=folder, env=env, timeout=300)
    result = {"seconds": measured.seconds, "cpu_seconds": measured.cpu_seconds, "ok": measured.returncode == 0}
    if not result["ok"]:
        result["output_tail"] = measured.output.splitlines()[-20:]
    return result
