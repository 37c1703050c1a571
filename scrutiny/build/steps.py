"""`scrutiny build`: checked inputs -> dbt candidate -> Great Expectations gate -> atomic publish.

The order of the steps. Each step is another module's one job:

0. warehouse.lock: the warehouse folder can take a new file; the build holds the warehouse's lock.
   build.fingerprint: nothing the build reads changed since the live warehouse was published? Stop.
1. warehouse.publish.inspect_live: the live file is read from a byte copy; one that cannot be read is quarantined
   with a report (and replaced by this build's candidate), never a reason to stop. build.plan: a full build (and
   why), or an incremental one: the candidate starts as a copy of the live file, dbt builds only what changed and
   what depends on it, and the suites validate only the tables it rebuilt (the others' results are carried from
   the publish, marked as carried).
2. inputs.checks: the seed CSVs, the source documents and every figure's cited line.
3. sources.landing: no raw-source file the live warehouse was built from has gone missing (unless allowed); each
   source landed (checked by its own module) in a folder named by its content.
4. build.candidate: ``dbt build`` (dbt.runner) into the run's candidate while the GX ``inputs`` suites
   (gate.validation) run on inputs.frames; a failing input suite stops dbt. dbt.results says what failed.
5. gate.coverage: no table lost more rows since the previous publish than the tolerance. It owns drops since the
   last publish (and runs first, so a collapse is named as one, with both counts); the GX row-count bands own a
   table's size on its own (a first build, or a change within the tolerance that leaves the band).
6. gate.warehouse: the GX ``warehouse`` suites on the candidate's tables.
7. warehouse.history: the validation history carried into the candidate and this run appended;
   warehouse.publish: the candidate renamed over the live file; warehouse.record: what was published, beside it.

What the build reports (its outcome as data, the summary, the failure report) is build.report's.
Everything a run writes is in its own run folder (scrutiny.paths.RunFolder) or in a content-addressed landing
folder, so builds running at once never share a file that changes. Builds of one warehouse take its lock and
queue. Any failure, expected or not, ends the same way (build.report.failure_text): the step, the file (row,
column), what was expected, where the candidate and the report went, and that the live warehouse did not change.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scrutiny import paths
from scrutiny.build import candidate, fingerprint, runs
from scrutiny.build import plan as build_plan
from scrutiny.build.report import BuildReport
from scrutiny.build.runs import PhaseTimer, new_run_id, step
from scrutiny.errors import BuildFailed
from scrutiny.gate import coverage, outcome, validation
from scrutiny.gate import warehouse as gate_warehouse
from scrutiny.inputs import checks as input_checks
from scrutiny.sources.landing import land_all
from scrutiny.warehouse import history, lock, publish
from scrutiny.warehouse.record import keep_manifest, published_record, record_published


def _echo(message: str) -> None:
    print(message, flush=True)


def validate_inputs(project: Path | None = None) -> outcome.GateResult:
    """The pre-dbt input checks and the GX input suites, without building (`scrutiny validate`); raises
    BuildFailed naming what failed."""
    project = project or paths.project_dir()
    problems = input_checks.check_inputs(project)
    if problems:
        raise input_checks.failure(problems)
    run = paths.run_folder(new_run_id())
    with runs.running(run):
        result = candidate.inputs_stage(project, run.run_id, run)
    if not result.success:
        raise validation.failure(result)
    return result


def build(
    *,
    force: bool = False,
    dbt_vars: dict[str, object] | None = None,
    allow_missing: set[str] | None = None,
    echo: Callable[[str], None] = _echo,
) -> BuildReport:
    """Run the whole pipeline; raises BuildFailed (after quarantining) when anything fails. Returns at once, with
    ``up_to_date_with`` set, when the live warehouse was published from the same inputs (unless ``force``).
    ``dbt_vars``: the user's dbt vars, passed to dbt beside the raw sources'. ``allow_missing``: raw sources that
    may have lost files since the previous publish (and whose tables may shrink)."""
    project = paths.project_dir()
    live = paths.warehouse_path()
    run = paths.run_folder(new_run_id())
    report = BuildReport(run.run_id, datetime.now(UTC), run)
    timings = PhaseTimer(run.timings)
    clock, cpu = time.monotonic(), runs.cpu_seconds()
    try:
        with step("warehouse folder", timings, report):
            lock.check_writable(live.parent)
        with lock.held(paths.build_lock_file()):
            with step("fingerprint", timings, report):
                inputs = fingerprint.input_fingerprint(project, dbt_vars=dbt_vars)
                record = published_record(live)
            if not force and record and record.get("sha256") == inputs.sha256:
                report.up_to_date_with = record.get("run_id")
                report.warehouse = live
                return report
            with contextlib.ExitStack() as stack:
                with step("run folder", timings, report):
                    stack.enter_context(runs.running(run))
                _run(
                    project, live, inputs, record, force, dbt_vars or {}, allow_missing or set(), report, timings, echo
                )
    except BuildFailed as failure:
        _quarantine(failure, report)
        raise
    finally:
        report.seconds = time.monotonic() - clock
        report.cpu_seconds = runs.cpu_seconds() - cpu
        report.timings = dict(timings.seconds)
        report.cpu_timings = dict(timings.cpu)
    return report


def _run(
    project: Path,
    live: Path,
    inputs: fingerprint.Fingerprint,
    record: dict | None,
    force: bool,
    user_vars: dict[str, object],
    allow_missing: set[str],
    report: BuildReport,
    timings: PhaseTimer,
    echo: Callable[[str], None],
) -> None:
    run = report.run_folder
    with step("live warehouse", timings, report):
        state = publish.inspect_live(live, run.previous_live)
        if state.unreadable:
            report.unreadable_live = publish.quarantine_unreadable_live(state, paths.quarantine_folder(run.run_id))
            echo(
                f"[{run.run_id}] the live warehouse {live} cannot be read ({state.unreadable}); its bytes and a "
                f"report are kept in {report.unreadable_live}, and this build will replace it"
            )
        elif state.exists and record is None:
            report.notes.append("no record of what the live warehouse was built from: completeness not compared")
    with step("plan", timings, report):
        readable = state.exists and not state.unreadable
        plan = build_plan.plan(
            inputs,
            record,
            force=force,
            live_readable=readable,
            manifest=build_plan.published_manifest(record) if readable else None,
        )
        previous = history.published_outcomes(state.copy, (record or {}).get("run_id")) if plan.incremental else []
        if plan.incremental and not previous:
            report.notes.append("no validation results of the published build to carry: every suite runs")
        report.plan = plan
    echo(f"[{run.run_id}] {plan.describe()}")
    echo(f"[{run.run_id}] checking inputs ...")
    # The raw sources land while the input checks run: the landing waits on files and DuckDB, not the interpreter,
    # so the two overlap.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        landing = pool.submit(
            land_all,
            {name: source.landing_key for name, source in inputs.sources.items()},
            {name: {f for f in source.files if "/" not in f} for name, source in inputs.sources.items()},
            inputs.code_sha256,
            (record or {}).get("raw_sources") or {},
            allow_missing,
        )
        with step("input checks", timings, report):
            problems = input_checks.check_inputs(project)
            if problems:
                raise input_checks.failure(problems)
        with step("raw sources", timings, report):
            dbt_vars = landing.result() | user_vars
    flushing: threading.Thread | None = None
    if plan.incremental:
        with step("candidate copy", timings, report):
            candidate.from_live(state, run)
        # the copy's 220 MB go to disk while dbt runs, rather than all at once when the publish makes it durable
        flushing = threading.Thread(target=publish.flush, args=(run.candidate,), name="flush candidate")
        flushing.start()
    carry = plan.incremental and not plan.expectations_changed and bool(previous)
    changed_seeds = {f"seeds.{Path(f).stem}" for f in plan.changed_seeds}
    inputs_only = changed_seeds if carry else None
    if plan.runs_dbt:
        candidate.dbt_beside_input_suites(project, plan, dbt_vars, inputs_only, report, timings, echo)
    else:
        echo(f"[{run.run_id}] dbt: nothing to build; GX input suites ...")
        with step("GX input suites", timings, report):
            candidate.check_inputs_gate(candidate.inputs_stage(project, run.run_id, run, inputs_only), report)
    if carry:
        report.carried += outcome.carried(previous, "inputs", report.gate_results[-1], run.run_id)
    manifest = run.manifest if run.manifest.is_file() else run.state / paths.DBT_MANIFEST
    with step("coverage", timings, report):
        counts = coverage.row_counts(run.candidate)
        published_counts = (record or {}).get("row_counts") or {}
        coverage.check(published_counts, counts, allow_missing, manifest, (record or {}).get("run_id", "?"))
    warehouse_only = report.dbt.built if carry else None
    echo(f"[{run.run_id}] validating the candidate with Great Expectations ...")
    with step("GX warehouse suites", timings, report), gate_warehouse.DuckDbWarehouse(run.candidate) as warehouse:
        result = gate_warehouse.validate_warehouse(
            warehouse,
            run_id=run.run_id,
            snapshot_dir=run.snapshots("warehouse"),
            gx_dir=run.gx,
            expectations=paths.expectations_dir(project),
            only=warehouse_only,
        )
    report.gate_results.append(result)
    if not result.success:
        raise validation.failure(result)
    if carry:
        report.carried += outcome.carried(previous, "warehouse", result, run.run_id)
    with step("publish", timings, report):
        if flushing is not None:
            flushing.join()
        report.history_rows = _record_history(project, report, state.copy, counts, published=True)
        live_sha256 = publish.publish(run.candidate, live)
        manifest_sha256 = keep_manifest(manifest, paths.published_state_dir())
        record_published(
            live,
            {
                **inputs.as_record(),
                "run_id": run.run_id,
                "row_counts": counts,
                "manifest_sha256": manifest_sha256,
                "live_sha256": live_sha256,
                "build_kind": plan.describe(),
            },
        )
        report.published = True
        report.warehouse = live
        run.previous_live.unlink(missing_ok=True)
        runs.prune(runs.KEPT_RUNS, {run.run_id})


def _record_history(
    project: Path, report: BuildReport, previous: Path | None, counts: dict[str, int], *, published: bool
) -> int:
    run = {
        "run_id": report.run_id,
        "started_at": report.started_at,
        "finished_at": datetime.now(UTC),
        "git_commit": history.git_commit(project),
        "count_models": report.dbt.models,
        "count_dbt_tests": report.dbt.tests,
        "count_dbt_tests_passed": report.dbt.tests_passed,
        "count_expectations": report.expectations + len(report.carried),
        "count_expectations_passed": report.expectations_passed + sum(o.success for o in report.carried),
        "count_expectations_carried": len(report.carried),
        "is_published": published,
        "outcome": "published" if published else "quarantined",
        "build_kind": report.plan.describe() if report.plan else None,
    }
    outcomes = [o for r in report.gate_results for o in r.outcomes] + report.carried
    if report.history_recorded:  # a failure after the history was written (the publish): this run's rows again
        return history.record_run(report.run_folder.candidate, run, outcomes, counts)
    rows = history.record_history(previous, report.run_folder.candidate, run, outcomes, counts)
    report.history_recorded = True
    return rows


def _quarantine(failure: BuildFailed, report: BuildReport) -> None:
    """Move the candidate (if any) and the failure report to the quarantine folder; never mask the failure."""
    failure.build_report = report
    report.failure = failure.report
    report.failed_step = failure.step
    built = report.run_folder.candidate
    if failure.details.get("disk_full"):  # a partial candidate would keep the disk full: removed, not kept
        for partial in (built, built.with_name(built.name + ".wal"), report.run_folder.previous_live):
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        failure.report += "\n(the disk is full: this run's partial candidate and copies were removed)"
    if built.exists():
        try:
            previous = report.run_folder.previous_live
            _record_history(paths.project_dir(), report, previous if previous.exists() else None, {}, published=False)
        except (duckdb.Error, OSError) as error:  # a half-written candidate is kept as it is
            failure.report += f"\n(validation history not recorded in the quarantined candidate: {error})"
    folder = paths.quarantine_folder(report.run_id)
    try:
        report.quarantine = publish.quarantine(
            built if built.exists() else None,
            folder,
            f"step: {failure.step}\n{failure.report}",
            {"run_id": report.run_id, "step": failure.step, **failure.details},
        )
    except OSError as error:
        failure.report += f"\n(the failure report could not be written to {folder.root}: {error.strerror or error})"
    with contextlib.suppress(OSError):
        report.run_folder.previous_live.unlink(missing_ok=True)
