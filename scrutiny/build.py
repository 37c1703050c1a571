"""`scrutiny build`: checked inputs -> dbt candidate -> Great Expectations gate -> atomic publish.

The order of the steps, and the summary. Each step is another module's one job:

0. scrutiny.fingerprint: nothing the build reads changed since the live warehouse was published? Then stop
   (unless ``force``).
1. scrutiny.input_checks: the seed CSVs and the source documents, naming file, row and column.
2. scrutiny.raw_sources: every raw source landed for dbt (the dbt vars that point at it).
3. scrutiny.dbt_runner: ``dbt build`` into a candidate warehouse file beside the live one, while scrutiny.gate
   runs the GX ``inputs`` suites on scrutiny.input_frames; a failing input suite stops dbt.
   scrutiny.dbt_forensics says what dbt built, and exactly what failed.
4. scrutiny.gate: the GX ``warehouse`` suites on the candidate's tables.
5. scrutiny.publish: the live warehouse's validation history carried into the candidate, this run appended, and
   only if every step passed, ``os.replace(candidate, live)``. Otherwise the candidate and a failure report go
   to ``build/quarantine/<run_id>/``, the build exits non-zero, and the live file is untouched.

The whole build holds an exclusive lock beside the live warehouse, so builds of one warehouse queue instead of
interleaving. Phase timings go to the run folder's ``timings.json`` as each phase ends; the outcome can be written
as JSON (``report_file``) for tools that measure builds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scrutiny import dbt_forensics, dbt_runner, fingerprint, gate, input_checks, input_frames, paths, publish
from scrutiny.dbt_forensics import DbtSummary
from scrutiny.errors import BuildFailed
from scrutiny.raw_sources import prepare_raw_sources
from scrutiny.runs import PhaseTimer, new_run_id


@dataclass
class BuildReport:
    run_id: str
    started_at: datetime
    run_folder: paths.RunFolder
    published: bool = False
    warehouse: Path | None = None
    quarantine: Path | None = None
    dbt: DbtSummary = field(default_factory=DbtSummary)
    gate_results: list[gate.GateResult] = field(default_factory=list)
    history_rows: int = 0
    #: Set when nothing changed since the live warehouse was published: the run id that published it.
    up_to_date_with: str | None = None
    failure: str | None = None
    failed_step: str | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def expectations(self) -> int:
        return sum(len(r.outcomes) for r in self.gate_results)

    @property
    def expectations_passed(self) -> int:
        return sum(r.passed for r in self.gate_results)

    @property
    def suites(self) -> int:
        return len({(o.suite, o.table_name) for r in self.gate_results for o in r.outcomes})

    def as_data(self) -> dict:
        """The outcome as plain data (what `scrutiny build --report FILE` writes)."""
        outcome = "up_to_date" if self.up_to_date_with else ("published" if self.published else "failed")
        return {
            "run_id": self.run_id,
            "outcome": outcome,
            "up_to_date_with": self.up_to_date_with,
            "seconds": round(self.seconds, 3),
            "phase_seconds": self.timings,
            "run_folder": str(self.run_folder.root),
            "dbt_results": str(self.run_folder.target / "run_results.json"),
            "warehouse": str(self.warehouse) if self.warehouse else None,
            "quarantine": str(self.quarantine) if self.quarantine else None,
            "failed_step": self.failed_step,
            "dbt": {
                "seeds": self.dbt.seeds,
                "models": self.dbt.models,
                "tests": self.dbt.tests,
                "tests_passed": self.dbt.tests_passed,
            },
            "expectations": self.expectations,
            "expectations_passed": self.expectations_passed,
        }


def _echo(message: str) -> None:
    print(message, flush=True)


def _inputs_stage(project: Path, run_id: str, run: paths.RunFolder) -> gate.GateResult:
    frames, files = input_frames.input_frames(project)
    return gate.validate_inputs(
        frames,
        files,
        run_id=run_id,
        snapshot_dir=run.snapshots("inputs"),
        gx_dir=paths.gx_project_dir(),
        expectations=paths.expectations_dir(project),
        index_column=input_frames.LOCATION,
    )


def validate_inputs(project: Path | None = None) -> gate.GateResult:
    """The pre-dbt input checks and the GX input suites, without building (`scrutiny validate`); raises
    BuildFailed naming what failed."""
    project = project or paths.project_dir()
    problems = input_checks.check_inputs(project)
    if problems:
        raise input_checks.failure(problems)
    run_id = new_run_id()
    result = _inputs_stage(project, run_id, paths.run_folder(run_id))
    if not result.success:
        raise gate.failure(result)
    return result


def build(
    *, force: bool = False, dbt_vars: dict[str, object] | None = None, echo: Callable[[str], None] = _echo
) -> BuildReport:
    """Run the whole pipeline; raises BuildFailed (after quarantining) when anything fails. Returns at once, with
    ``up_to_date_with`` set, when the live warehouse was published from the same inputs (unless ``force``).
    ``dbt_vars``: the user's dbt vars (e.g. ``{"focus_la_number": 879}``), passed to dbt beside the raw sources'."""
    project = paths.project_dir()
    live = paths.warehouse_path()
    run_id = new_run_id()
    run = paths.run_folder(run_id)
    report = BuildReport(run_id, datetime.now(UTC), run)
    clock = time.monotonic()
    with publish.build_lock(paths.build_lock_file()):
        inputs = fingerprint.input_fingerprint(project, dbt_vars=dbt_vars)
        current = None if force else publish.published_run_if_current(live, inputs)
        if current:
            report.up_to_date_with = current
            report.warehouse = live
            report.seconds = time.monotonic() - clock
            return report
        run.root.mkdir(parents=True, exist_ok=True)
        candidates = paths.candidates_dir()
        stale = publish.clear_stale_candidates(candidates)
        if stale:
            echo(f"removed {len(stale)} candidate(s) left by an interrupted build")
        candidates.mkdir(parents=True, exist_ok=True)
        # The same name every build (a stale one was just cleared): dbt's profile then stays the same and dbt can
        # parse only what changed.
        candidate = candidates / "candidate.duckdb"
        timings = PhaseTimer(run.timings)
        dbt: dbt_runner.DbtProcess | None = None
        try:
            echo(f"[{run_id}] checking inputs ...")
            with timings.phase("input_checks"):
                problems = input_checks.check_inputs(project)
                if problems:
                    raise input_checks.failure(problems)
            with timings.phase("lait_prepare"):
                all_vars = {**prepare_raw_sources(), **(dbt_vars or {})}
            # dbt builds the candidate while the GX input suites run beside it (the machine has two cores): a
            # candidate is only ever published after both, so a failing input suite stops dbt and fails the build.
            echo(f"[{run_id}] dbt build -> candidate {candidate} (GX input suites alongside) ...")
            # One target folder for every build (builds hold a lock, so never two at once) and a candidate path and
            # vars that do not change between builds: dbt then re-parses only the files that changed.
            call = dbt_runner.DbtCall(
                ["build"], paths.dbt_target_dir(), run.logs, all_vars, database=str(candidate), project=project
            )
            dbt = dbt_runner.start(call, run.dbt_output)
            with timings.phase("gx_inputs"):
                input_result = _inputs_stage(project, run_id, run)
            report.gate_results.append(input_result)
            if not input_result.success:
                dbt.stop()
                raise gate.failure(input_result)
            returncode = dbt.wait()
            timings.record("dbt", dbt.seconds)
            report.dbt = dbt_forensics.summarise(
                returncode, call.target_path, run.target, candidate, project, run.dbt_output
            )
            if not report.dbt.ok:
                raise dbt_forensics.failure(report.dbt, run.dbt_output)
            echo(f"[{run_id}] validating the candidate with Great Expectations ...")
            with timings.phase("gx_warehouse"), gate.DuckDbWarehouse(candidate) as warehouse:
                warehouse_result = gate.validate_warehouse(
                    warehouse,
                    run_id=run_id,
                    snapshot_dir=run.snapshots("warehouse"),
                    gx_dir=paths.gx_project_dir(),
                    expectations=paths.expectations_dir(project),
                )
            report.gate_results.append(warehouse_result)
            if not warehouse_result.success:
                raise gate.failure(warehouse_result)
            with timings.phase("record_history"):
                report.history_rows = _record_history(project, report, live, candidate, published=True)
            with timings.phase("publish"):
                publish.publish(candidate, live)
                publish.record_published(live, inputs, run_id)
            report.published = True
            report.warehouse = live
        except BuildFailed as failure:
            failure.build_report = report
            report.failure = failure.report
            report.failed_step = failure.step
            if candidate.exists():
                try:
                    _record_history(project, report, live, candidate, published=False)
                except duckdb.Error as error:  # the candidate may be half-written; keep it as it is
                    failure.report += f"\n(validation history not recorded in the quarantined candidate: {error})"
            report.quarantine = publish.quarantine(
                candidate if candidate.exists() else None,
                paths.quarantine_dir() / run_id,
                f"step: {failure.step}\n{failure.report}",
                {"run_id": run_id, "step": failure.step, **failure.details},
            )
            raise
        finally:
            if dbt is not None:
                dbt.stop()  # only still running when the build was interrupted
            report.seconds = time.monotonic() - clock
            report.timings = dict(timings.seconds)
    return report


def _record_history(project: Path, report: BuildReport, live: Path, candidate: Path, *, published: bool) -> int:
    run = {
        "run_id": report.run_id,
        "started_at": report.started_at,
        "finished_at": datetime.now(UTC),
        "git_commit": publish.git_commit(project),
        "count_models": report.dbt.models,
        "count_dbt_tests": report.dbt.tests,
        "count_dbt_tests_passed": report.dbt.tests_passed,
        "count_expectations": report.expectations,
        "count_expectations_passed": report.expectations_passed,
        "is_published": published,
        "outcome": "published" if published else "quarantined",
    }
    outcomes = [o for r in report.gate_results for o in r.outcomes]
    return publish.record_history(live, candidate, report.run_folder.root, run, outcomes)


def write_report(report: BuildReport, path: Path) -> None:
    """The build's outcome as JSON (for tools that measure builds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_data(), indent=2), encoding="utf-8")


def summary(report: BuildReport) -> str:
    if report.up_to_date_with:
        return (
            f"Up to date: nothing the build reads has changed since build {report.up_to_date_with} published "
            f"{report.warehouse}.\n  (scrutiny build --force, or make rebuild, builds and validates it again.)"
        )
    docs = paths.data_docs_index()
    lines = [
        f"Build {report.run_id}: {'PUBLISHED' if report.published else 'FAILED'} in {report.seconds:.0f}s",
        f"  dbt: {report.dbt.seeds} seeds loaded, {report.dbt.models} models built, "
        f"{report.dbt.tests_passed}/{report.dbt.tests} tests passed",
        f"  Great Expectations: {report.expectations_passed}/{report.expectations} expectations passed "
        f"({report.suites} suite/table validations)",
    ]
    if report.published:
        lines.append(f"  warehouse: {report.warehouse}")
        lines.append(f"  validation history: {publish.HISTORY_SCHEMA}.expectation_results ({report.history_rows} rows)")
    if report.quarantine:
        lines.append(f"  quarantined candidate and report: {report.quarantine}")
    lines.append(f"  data docs: {docs if docs.is_file() else '(not built this run)'}")
    lines.append(f"  dbt results, logs and timings: {report.run_folder.root}")
    return "\n".join(lines)
