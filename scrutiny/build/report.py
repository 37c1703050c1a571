"""What a build reports: its outcome as data (``scrutiny build --report FILE``, what tools that measure builds
read), the summary it prints, and the one report every failed build ends with."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny import paths
from scrutiny.dbt.results import DbtSummary
from scrutiny.warehouse.history import HISTORY_SCHEMA

if TYPE_CHECKING:
    from datetime import datetime

    from scrutiny.build.plan import BuildPlan
    from scrutiny.errors import BuildFailed
    from scrutiny.gate.outcome import GateResult, Outcome


@dataclass
class BuildReport:
    run_id: str
    started_at: datetime
    run_folder: paths.RunFolder
    published: bool = False
    warehouse: Path | None = None
    quarantine: Path | None = None
    dbt: DbtSummary = field(default_factory=DbtSummary)
    gate_results: list[GateResult] = field(default_factory=list)
    history_rows: int = 0
    #: Set when nothing changed since the live warehouse was published: the run id that published it.
    up_to_date_with: str | None = None
    failure: str | None = None
    failed_step: str | None = None
    #: Whether dbt had started writing a candidate when the build failed.
    candidate_built: bool = False
    #: Whether dbt ran to its end (``dbt`` then holds what it built and tested).
    dbt_finished: bool = False
    #: The live file could not be read; its bytes and a report were quarantined here.
    unreadable_live: Path | None = None
    notes: list[str] = field(default_factory=list)
    #: The validation history (the previous publish's, carried, and this run's) is in the candidate.
    history_recorded: bool = False
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    #: CPU seconds (user + system, this process and dbt), in all and per phase.
    cpu_seconds: float = 0.0
    cpu_timings: dict[str, float] = field(default_factory=dict)
    #: A full build (and why) or an incremental one (what changed); None before it was decided.
    plan: BuildPlan | None = None
    #: The previous publish's results for the tables this build did not rebuild (marked as carried).
    carried: list[Outcome] = field(default_factory=list)

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
            "cpu_seconds": round(self.cpu_seconds, 3),
            "phase_seconds": self.timings,
            "phase_cpu_seconds": self.cpu_timings,
            "build_kind": self.plan.describe() if self.plan else None,
            "incremental": bool(self.plan and self.plan.incremental),
            "run_folder": str(self.run_folder.root),
            "dbt_results": str(self.run_folder.run_results),
            "warehouse": str(self.warehouse) if self.warehouse else None,
            "quarantine": str(self.quarantine) if self.quarantine else None,
            "unreadable_live": str(self.unreadable_live) if self.unreadable_live else None,
            "failed_step": self.failed_step,
            "dbt": {
                "seeds": self.dbt.seeds,
                "models": self.dbt.models,
                "tests": self.dbt.tests,
                "tests_passed": self.dbt.tests_passed,
            },
            "expectations": self.expectations,
            "expectations_passed": self.expectations_passed,
            "expectations_carried": len(self.carried),
        }


def build_kind(report: BuildReport) -> str:
    """What kind of build ran, in one line: "full build: macros changed (macros/x.sql)", or "incremental: 1 seed
    changed -> 12 models rebuilt, 40 tests"."""
    plan = report.plan
    if plan is None:
        return ""
    if not plan.incremental:
        return plan.describe()
    if not plan.runs_dbt:
        return f"{plan.describe()} -> nothing rebuilt"
    if not report.dbt_finished:
        return f"{plan.describe()} -> {_dbt_stopped(report)}"
    done = [f"{report.dbt.seeds} seed{'' if report.dbt.seeds == 1 else 's'} loaded"] if report.dbt.seeds else []
    done.append(f"{report.dbt.models} model{'' if report.dbt.models == 1 else 's'} rebuilt")
    done.append(f"{report.dbt.tests} test{'' if report.dbt.tests == 1 else 's'}")
    return f"{plan.describe()} -> {', '.join(done)}"


def failure_text(failure: BuildFailed, live: Path) -> str:
    """The one report every failed build ends with."""
    report = failure.build_report
    lines = [f"BUILD FAILED at step: {failure.step}", failure.report, ""]
    if report is not None and report.quarantine:
        if paths.QuarantineFolder(report.quarantine).candidate.exists():
            lines.append(f"The candidate warehouse was quarantined with this report in {report.quarantine}")
        elif report.candidate_built:
            lines.append(f"dbt wrote no candidate file; this report is in {report.quarantine}")
        else:
            lines.append(
                f"No candidate was built (the build stopped before dbt); this report is in {report.quarantine}"
            )
    if report is not None and report.unreadable_live:
        lines.append(
            f"The live warehouse {live} could not be read and is still unreadable: its bytes and a report are in "
            f"{report.unreadable_live}"
        )
    elif live.exists():
        lines.append(f"The live warehouse was not changed: {live}")
    else:
        lines.append(f"There is no live warehouse at {live}: nothing was published.")
    return "\n".join(lines)


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
    docs = paths.data_docs_index(report.run_folder.gx)
    lines = [
        f"Build {report.run_id}: {'PUBLISHED' if report.published else 'FAILED'} in {report.seconds:.1f}s "
        f"({report.cpu_seconds:.1f} CPU-s)",
    ]
    if report.plan is not None:
        lines.append(f"  {build_kind(report)}")
    if report.dbt_finished or (report.published and report.plan is not None and not report.plan.runs_dbt):
        lines.append(
            f"  dbt: {report.dbt.seeds} seeds loaded, {report.dbt.models} models built, "
            f"{report.dbt.tests_passed}/{report.dbt.tests} tests passed"
        )
    else:
        lines.append(f"  dbt: {_dbt_stopped(report)}")
    if report.gate_results:
        lines.append(
            f"  Great Expectations: {report.expectations_passed}/{report.expectations} expectations passed "
            f"({report.suites} suite/table validations)"
        )
    else:
        lines.append(f"  Great Expectations: not run (the build stopped at step: {report.failed_step})")
    if report.carried:
        carried_from = sorted({o.carried_from_run_id or "?" for o in report.carried})
        lines.append(
            f"  carried: {len(report.carried)} results of tables not rebuilt, validated by build "
            f"{', '.join(carried_from)} (data_quality.expectation_results.carried_from_run_id)"
        )
    if report.published:
        lines.append(f"  warehouse: {report.warehouse}")
        lines.append(f"  validation history: {HISTORY_SCHEMA}.expectation_results ({report.history_rows} rows)")
    if report.unreadable_live and report.published:
        lines.append(f"  the unreadable previous live file and a report: {report.unreadable_live}")
    lines += [f"  note: {note}" for note in report.notes]
    lines.append(f"  data docs: {docs if docs.is_file() else '(not built this run)'}")
    lines.append(f"  dbt results, logs and timings: {report.run_folder.root}")
    return "\n".join(lines)


def _dbt_stopped(report: BuildReport) -> str:
    """What became of dbt in a build that failed before dbt finished."""
    if report.candidate_built:
        return f"stopped before it finished (the build failed at step: {report.failed_step})"
    return f"not run (the build stopped at step: {report.failed_step}, before dbt)"
