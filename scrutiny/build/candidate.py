"""The candidate warehouse of a build: where it starts (empty, or for an incremental build the live file's byte
copy with the published manifest as dbt's state) and how it is built (``dbt build``, everything or what changed,
while the GX input suites check the inputs beside it; a failing input suite stops dbt)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny import paths
from scrutiny.build import runs
from scrutiny.build.runs import step
from scrutiny.dbt import results as dbt_results
from scrutiny.dbt import runner as dbt_runner
from scrutiny.gate import validation
from scrutiny.gate.outcome import GateResult
from scrutiny.inputs import frames as input_frames

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrutiny.build.plan import BuildPlan
    from scrutiny.build.report import BuildReport
    from scrutiny.build.runs import PhaseTimer
    from scrutiny.warehouse.publish import LiveWarehouse


def inputs_stage(project: Path, run_id: str, run: paths.RunFolder, only: set[str] | None = None) -> GateResult:
    """The GX input suites on every input frame, or (``only``) on the seeds that changed and the derived frames.
    With nothing to validate, it readies Great Expectations for the warehouse suites instead (its import and
    context take a few CPU seconds, spent here while dbt runs rather than after it)."""
    if only is not None and not only:
        validation.ready(run.gx)
        return GateResult("inputs")
    frames, files = input_frames.input_frames(project)
    if only is not None:
        only = only | {name for name in frames if not name.startswith("seeds.")}
    return validation.validate_inputs(
        frames,
        files,
        run_id=run_id,
        snapshot_dir=run.snapshots("inputs"),
        gx_dir=run.gx,
        expectations=paths.expectations_dir(project),
        index_column=input_frames.LOCATION,
        only=only,
    )


def from_live(state: LiveWarehouse, run: paths.RunFolder) -> None:
    """An incremental build's candidate: the live warehouse's byte copy itself (made when the build inspected the
    live file, its validation history in it), and the published manifest in the run folder as dbt's --state. Made
    only once the input checks passed: a build stopped by its inputs has built no candidate."""
    if state.copy is None:
        raise RuntimeError("an incremental build needs the live warehouse's copy")
    os.replace(state.copy, run.candidate)
    run.state.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.published_state_dir() / paths.DBT_MANIFEST, run.state / paths.DBT_MANIFEST)


def dbt_command(plan: BuildPlan, run: paths.RunFolder) -> list[str]:
    """``dbt build``: everything, or (incremental) what changed and what depends on it, rebuilt whole
    (--full-refresh: an incremental model rebuilt here must equal a full build's, whatever its last run held).
    Without dbt's unit tests: they check the models' SQL on fixed rows, not the data, so they run with the test suite
    (tests/python/test_dbt_unit_tests.py), never in a build that publishes data (as dbt advises)."""
    without_unit_tests = ["--exclude-resource-type", "unit_test"]
    if not plan.incremental:
        return ["build", *without_unit_tests]
    return ["build", "--select", *plan.selectors, *without_unit_tests, "--state", str(run.state), "--full-refresh"]


def check_inputs_gate(result: GateResult, report: BuildReport) -> None:
    report.gate_results.append(result)
    if not result.success:
        raise validation.failure(result)


def dbt_beside_input_suites(
    project: Path,
    plan: BuildPlan,
    dbt_vars: dict[str, object],
    inputs_only: set[str] | None,
    report: BuildReport,
    timings: PhaseTimer,
    echo: Callable[[str], None],
) -> None:
    """dbt builds the candidate in a child process while the GX input suites run beside it in this one: a candidate
    is only ever published after both, so a failing input suite stops dbt and fails the build."""
    run = report.run_folder
    echo(f"[{run.run_id}] dbt build -> {run.candidate} (GX input suites alongside) ...")
    with step("dbt start", timings, report):
        runs.seed_parse_state(run)
        call = dbt_runner.DbtCall(
            dbt_command(plan, run), run.target, run.logs, dbt_vars, database=paths.CANDIDATE_NAME, project=project
        )
        dbt = dbt_runner.start(call, run.dbt_output, cwd=run.root)
        report.candidate_built = True
    try:
        with step("GX input suites", timings, report):
            input_result = inputs_stage(project, run.run_id, run, inputs_only)
        check_inputs_gate(input_result, report)
        with step("dbt build", timings, report):
            returncode = dbt.wait()
            timings.record("dbt", dbt.seconds)
            report.dbt = dbt_results.summarise(
                returncode, run.target, run.target, run.candidate, project, run.dbt_output
            )
            report.dbt_finished = True
            if not report.dbt.ok:
                raise dbt_results.failure(report.dbt, run.dbt_output)
    finally:
        dbt.stop()  # still running only when the input suites failed or the build was interrupted
