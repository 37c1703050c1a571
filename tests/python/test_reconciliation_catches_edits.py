"""The reconciliation tests are real: alter one printed part in a copy of a seed and dbt rejects it.

The session build proves every reconciliation passes on the figures as printed; these tests prove the same
reconciliations fail when a single part no longer adds up to its printed total.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from scrutiny.paths import ENV_DBT_DATABASE, REPO_ROOT

from .conftest import project_copy

#: Builds with dbt in every test (left out by `make test-fast`).
pytestmark = pytest.mark.build


def set_value(seed: Path, figure_id: str, new_value: str) -> None:
    with seed.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    matched = [r for r in rows if r["figure_id"] == figure_id]
    assert len(matched) == 1, figure_id
    matched[0]["value"] = new_value
    with seed.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def run_test(project: Path, tmp: Path, test_name: str) -> str:
    """Builds what the singular test reads (seeds and models, without their own tests), then runs the test;
    returns its status. Building without tests keeps an earlier check from skipping this one."""
    env = {**os.environ, ENV_DBT_DATABASE: str(tmp / "mutated.duckdb"), "DBT_TARGET_PATH": str(tmp / "target")}
    dbt = [str(REPO_ROOT / ".venv/bin/dbt")]
    common = ["--profiles-dir", str(project), "--log-path", str(tmp / "logs"), "--quiet"]
    upstream = ["build", "--select", f"+{test_name}", "--resource-type", "seed", "--resource-type", "model"]
    for command in (upstream, ["test", "--select", test_name]):
        subprocess.run(
            dbt + command + common, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600
        )
    results = json.loads((tmp / "target" / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"].split(".")[2]: r["status"] for r in results}
    assert test_name in statuses, f"{test_name} did not run: {statuses}"
    return statuses[test_name]


@pytest.mark.parametrize(
    ("seed", "figure_id", "new_value", "test_name"),
    [
        (
            "seeds/complaints/complaints_figures.csv",
            "csc_issues_biased_2020_21",  # printed 7; the 14 categories add up to 129
            "8",
            "assert_complaints_csc_issue_categories_sum_to_129",
        ),
        (
            "seeds/safeguarding/partnership_budgets.csv",
            "budget_luton_children_health",  # printed £87,068; Luton's three contributions add up to its total
            "87069",
            "assert_partnership_budget_rows_reconcile",
        ),
        (
            "seeds/safeguarding/ld_annual_health_checks.csv",
            "ld_ahc_southend_q2",  # printed 92; Southend CCG's quarters add up to its printed 760
            "93",
            "parts_sum_to_total_ld_annual_health_checks_figure_id__parent_figure_id__unit__value",
        ),
        (
            "seeds/safeguarding/ld_annual_health_checks.csv",
            "ld_ahc_cpr_q1",  # printed 71; the Q1 column's discrepancy is pinned at exactly 354 against 321
            "38",
            "parts_sum_to_total_ld_annual_health_checks_figure_id__column_total_figure_id__unit__value",
        ),
    ],
    ids=["complaints-129-issues", "luton-childrens-budget", "ld-health-checks-row", "ld-health-checks-pinned-column"],
)
def test_altering_a_printed_part_fails_its_reconciliation(tmp_path, seed, figure_id, new_value, test_name):
    project = project_copy(tmp_path / "project")
    set_value(project / seed, figure_id, new_value)
    assert run_test(project, tmp_path, test_name) == "fail"
