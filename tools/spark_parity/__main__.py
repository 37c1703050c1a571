"""`python -m tools.spark_parity`: both builds, the comparison and GX on Spark, printed (needs .venv-spark)."""

from __future__ import annotations

import json

from scrutiny import paths
from scrutiny.gate.outcome import describe_failure
from tools.spark_parity.harness import run_both

run = run_both()
print(json.dumps(json.loads((paths.spark_dir() / "report.json").read_text()), indent=2))
for failure in run.dbt_spark_failures:
    print("SPARK:", failure)
for comparison in run.comparisons.values():
    for difference in comparison.differences[:20]:
        print("DIFF:", difference)
for problem in run.gx.problems:
    print("GX:", problem)
for outcome in run.gx.failures():
    print("GX:", describe_failure(outcome))
