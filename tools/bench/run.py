"""The benchmark: its plan, the sections in order, and the result files."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scrutiny.sources.lait import land as lait
from tools.bench.app_timing import run_app
from tools.bench.browser_timing import run_browser
from tools.bench.builds import BUILD_COMMAND, run_build, summarise_builds
from tools.bench.extracts import cached_extract, parquet_rows, synthetic_bound_exceptions
from tools.bench.floor import run_floor, write_floor_project
from tools.bench.measure import machine_info, versions
from tools.bench.project import (
    MODEL_TO_EDIT,
    SEED_COLUMN_TO_EDIT,
    SEED_TO_EDIT,
    bench_env,
    edit_model,
    edit_seed_value,
    snapshot_project,
    vintages_subset,
)
from tools.bench.report import check_budgets
from tools.bench.stats import summarise

SECTIONS = ("build", "rebuild", "versions", "app", "browser", "scale")


def _echo(message: str) -> None:
    print(message, flush=True)


@dataclass
class Plan:
    #: Full builds: 2, and 2 of each rebuild (no change, one seed value edited, one model edited), each full build
    #: and seed edit after a run of the dbt floor, is what fits `make bench` in about 15 minutes.
    build_repeats: int = 2
    rebuild_repeats: int = 2
    app_rounds: int = 3
    query_repeats: int = 30
    browser_rounds: int = 3
    #: Forced full builds with every published version of DfE's extract (None: every one in the folder; `--quick`
    #: builds the first two).
    versions_repeats: int = 1
    versions_count: int | None = None
    #: One build per scale (the 100x build alone takes minutes).
    scales: tuple[float, ...] = (1, 10, 100)
    sections: tuple[str, ...] = SECTIONS
    #: One uncounted build first. Off by default: the runs are warm already (dbt's partial parse aside), and
    #: `make bench` must finish in about 15 minutes.
    warm_up: bool = False
    #: The largest scale's build still running after this is killed and reported as timed out, i.e. over the
    #: 100x budget (300 s). Its peak memory up to then is still reported.
    scale_timeout_s: float = 300
    #: The same for every other build; a failed or timed-out build ends its repeats.
    build_timeout_s: float = 300
    build_command: tuple[str, ...] = BUILD_COMMAND
    #: The dbt floor's command (None: dbt itself on the one-seed, one-model project; the harness's tests replace it).
    floor_command: tuple[str, ...] | None = None
    #: Folder keeping generated extracts between runs (None: a temporary folder, removed at the end).
    extract_cache: Path | None = None
    #: Where `.ci/run` and `make test` record their last run (their wall times are the last two rows).
    ci_record: Path | None = None
    make_test_record: Path | None = None


QUICK = Plan(
    build_repeats=1,
    rebuild_repeats=1,
    app_rounds=1,
    query_repeats=3,
    browser_rounds=1,
    scales=(0.01, 0.05),
    versions_count=2,
    warm_up=False,
)


def run_bench(plan: Plan, *, source: Path, out_dir: Path, lait_dir: Path | None, keep: bool = False, echo=_echo):
    started = datetime.now(UTC)
    clock = time.monotonic()
    results: dict = {
        "started_at": started.isoformat(),
        "machine": machine_info(),
        "versions": versions(),
        "plan": {k: list(v) if isinstance(v, tuple) else v for k, v in vars(plan).items()},
        "lait_dir": str(lait_dir) if lait_dir else None,
    }
    results.update(git_state(source))
    results["ci"] = read_ci_record(plan.ci_record)
    results["make_test"] = read_ci_record(plan.make_test_record, "`make test`")
    work = Path(tempfile.mkdtemp(prefix="scrutiny-bench-"))
    try:
        project = snapshot_project(source, work / "project")
        env = bench_env(project, work, lait_dir)
        floor_project = write_floor_project(work / "floor")
        floor_runs: list[dict] = []
        echo(f"benchmark of {source} (snapshot in {project}), LAIT extract: {lait_dir or 'absent'}")

        def run(label: str, force: bool = True) -> dict:
            return run_build(project, env, label, echo, plan.build_command, plan.build_timeout_s, force=force)

        def floor_then(label: str, force: bool = True) -> dict:
            """The dbt floor, then the build: measured alternately, so both see the same load."""
            floor = run_floor(floor_project, env, len(floor_runs) + 1, plan.floor_command)
            floor_runs.append(floor)
            echo(f"  dbt floor {len(floor_runs)}: {'ok' if floor['ok'] else 'FAILED'} in {floor['seconds']:.1f}s")
            return run(label, force)

        needs_warehouse = {"build", "rebuild", "app", "browser"} & set(plan.sections)
        if needs_warehouse and plan.warm_up:
            echo("warm-up build (not counted)")
            results["warm_up"] = run("warm-up")
        if "build" in plan.sections:
            echo(f"1. forced full build x{plan.build_repeats}, each after a run of the dbt floor")
            runs = _repeat(plan.build_repeats, lambda i: floor_then(f"build {i + 1}"))
            results["build"] = summarise_builds(runs)
        elif needs_warehouse and not plan.warm_up:
            results["warm_up"] = run("first build")
        if "rebuild" in plan.sections:
            echo(
                f"2. builds (not forced) x{plan.rebuild_repeats}: no change; one pack seed value edited "
                f"({SEED_TO_EDIT}, {SEED_COLUMN_TO_EDIT}), each after a run of the dbt floor; one model edited "
                f"({MODEL_TO_EDIT})"
            )
            no_change = _repeat(plan.rebuild_repeats, lambda i: run(f"no-change {i + 1}", force=False))

            def seed_edited(i: int) -> dict:
                edit_seed_value(project, i + 1)
                return floor_then(f"seed value edited {i + 1}", force=False)

            def model_edited(i: int) -> dict:
                edit_model(project, i + 1)
                return run(f"model edited {i + 1}", force=False)

            seeds = _repeat(plan.rebuild_repeats, seed_edited)
            models = _repeat(plan.rebuild_repeats, model_edited)
            results["rebuild"] = {
                "no_change": summarise_builds(no_change),
                "seed_value_edited": summarise_builds(seeds),
                "model_edited": summarise_builds(models),
                "seed": SEED_TO_EDIT,
                "seed_column": SEED_COLUMN_TO_EDIT,
                "model": MODEL_TO_EDIT,
            }
        if floor_runs:
            ok = [f["seconds"] for f in floor_runs if f["ok"]]
            results["floor"] = {"runs": floor_runs, "all_ok": len(ok) == len(floor_runs), "seconds": summarise(ok)}
        if "versions" in plan.sections:
            results["versions"] = run_versions(project, work, lait_dir, plan, echo)
        if "app" in plan.sections:
            echo(f"3. app: AppTest x{plan.app_rounds} per page, each query x{plan.query_repeats}")
            results["app"] = run_app(project, env, plan.app_rounds, plan.query_repeats, work, echo)
        if "browser" in plan.sections:
            echo(f"4. app in chromium: re-render after a widget change x{plan.browser_rounds} per page")
            results["browser"] = run_browser(project, env, plan.browser_rounds, work, echo)
        if "scale" in plan.sections:
            results["scale"] = run_scale(project, work, lait_dir, plan, echo, real_build=results.get("build"))
    finally:
        results["bench_seconds"] = time.monotonic() - clock
        results["machine"]["load_average_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
        if keep:
            results["work_dir"] = str(work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["budgets"] = check_budgets(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(results, indent=2, default=str)
    (out_dir / f"bench-{stamp}.json").write_text(text, encoding="utf-8")
    (out_dir / "latest.json").write_text(text, encoding="utf-8")
    results["result_file"] = str(out_dir / f"bench-{stamp}.json")
    return results


def git_state(source: Path) -> dict:
    """The commit measured, and whether the working tree had changes to tracked files on top of it."""
    state: dict = {"git_commit": None, "git_dirty": None}
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        state["git_commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=source, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=source, capture_output=True, text=True
        ).stdout
        state["git_dirty"] = bool(status.strip())
    return state


def read_ci_record(record: Path | None, writer: str = "`CI=true bash .ci/run`") -> dict:
    """The record a test run (`.ci/run`, `make test`) keeps of its last run (wall time, outcome, commit, load), or
    why there is none."""
    if record is None:
        return {"missing": "no record given"}
    if not record.is_file():
        return {"missing": f"not measured in this run: no {record} ({writer} writes it)"}
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        return {**data, "seconds": float(data["seconds"]), "record": str(record)}
    except (ValueError, KeyError, TypeError) as error:
        return {"missing": f"{record} is unreadable: {error}"}


def _repeat(times: int, one_run) -> list[dict]:
    """Run ``one_run(i)`` up to ``times`` times; stop after a failed or timed-out run (it would only repeat)."""
    runs = []
    for i in range(times):
        runs.append(one_run(i))
        if not runs[-1]["ok"]:
            break
    return runs


def run_versions(project: Path, work: Path, lait_dir: Path | None, plan: Plan, echo=_echo) -> dict:
    """Forced full builds with every published version of DfE's extract beside the current one (the vintages folder
    in the LAIT folder), into a warehouse of their own."""
    vintages = lait_dir / "vintages" if lait_dir else None
    if vintages is None or not (vintages / "manifest.csv").is_file():
        echo("2b. every published version: skipped (no vintages folder with a manifest beside the LAIT extract)")
        return {"skipped": "no vintages folder beside the LAIT extract"}
    if plan.versions_count is not None:
        vintages = vintages_subset(vintages, work / "vintages-subset", plan.versions_count)
    count = sum(1 for _ in vintages.glob("bds_long_*.parquet"))
    echo(f"2b. forced full build with {count} published versions of DfE's extract x{plan.versions_repeats}")
    env = bench_env(project, work / "versions", lait_dir, vintages)
    runs = _repeat(
        plan.versions_repeats,
        lambda i: run_build(
            project, env, f"{count} versions {i + 1}", echo, plan.build_command, plan.build_timeout_s, force=True
        ),
    )
    shutil.rmtree(work / "versions", ignore_errors=True)
    return {**summarise_builds(runs), "versions": count, "all_versions": plan.versions_count is None}


def run_scale(
    project: Path, work: Path, lait_dir: Path | None, plan: Plan, echo=_echo, real_build: dict | None = None
) -> dict:
    """One build per scale. 1x is the real extract itself: when section 1 measured builds with it, 1x reports
    the median of those builds (their run nearest the median) instead of building it once more."""
    if lait_dir is None or not (lait_dir / lait.BDS_FILE).is_file():
        echo("5. scale: skipped (no LAIT extract; set SCRUTINY_LAIT_DIR)")
        return {"skipped": "no LAIT extract"}
    echo(f"5. scale: synthetic extracts at {', '.join(f'{s:g}x' for s in plan.scales)} (one build each)")
    out: dict = {"sizes": {}}
    for scale in plan.scales:
        if scale == 1 and real_build and real_build["all_ok"] and real_build["runs"]:
            rows = parquet_rows(lait_dir / lait.BDS_FILE)
            medians = {k: real_build[k]["median"] for k in ("seconds", "cpu_seconds", "peak_rss_bytes")}
            out["sizes"]["1x"] = {
                "extract": {"scale": 1, "rows": rows, "real": True},
                "build": {
                    "label": f"1x ({rows:,} rows): the real extract, section 1's medians",
                    "ok": True,
                    "timed_out": False,
                    "seconds": medians["seconds"],
                    "cpu_seconds": medians["cpu_seconds"],
                    "peak_tree_rss_bytes": medians["peak_rss_bytes"],
                },
            }
            echo(f"  1x ({rows:,} rows): the real extract; section 1's median build, {medians['seconds']:.1f}s")
            continue
        folder = (plan.extract_cache or work / "extracts") / f"{scale:g}x"
        generated = cached_extract(lait_dir, folder, scale)
        if not generated["cached"]:
            echo(f"  generated {generated['rows']:,} rows at {scale:g}x in {generated['seconds']:.1f}s")
        scale_work = work / f"scale-{scale:g}x"
        env = bench_env(project, scale_work, folder)
        label = f"{scale:g}x ({generated['rows']:,} rows)"
        # only the largest size is stopped at its budget; the others are the growth curve, measured in full
        timeout = plan.scale_timeout_s if scale == max(plan.scales) else plan.build_timeout_s
        with synthetic_bound_exceptions(project, scale):
            build = run_build(project, env, label, echo, plan.build_command, timeout, force=True)
        out["sizes"][f"{scale:g}x"] = {"extract": generated, "build": build}
        shutil.rmtree(scale_work, ignore_errors=True)
    sizes = out["sizes"]
    if "1x" in sizes and "10x" in sizes and sizes["1x"]["build"]["ok"] and sizes["10x"]["build"]["ok"]:
        out["10x_over_1x_ratio"] = sizes["10x"]["build"]["seconds"] / sizes["1x"]["build"]["seconds"]
    return out
