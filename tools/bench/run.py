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

from scrutiny import lait
from tools.bench.app_timing import run_app
from tools.bench.builds import BUILD_COMMAND, run_build, summarise_builds
from tools.bench.extracts import cached_extract, parquet_rows
from tools.bench.measure import machine_info, versions
from tools.bench.project import SEED_TO_TOUCH, bench_env, snapshot_project, toggle_seed, touch_seed
from tools.bench.report import check_budgets

SECTIONS = ("build", "rebuild", "app", "scale")


def _echo(message: str) -> None:
    print(message, flush=True)


@dataclass
class Plan:
    #: Full builds: 2, and 2 of each rebuild, is what fits `make bench` (install included) in 10 minutes.
    build_repeats: int = 2
    rebuild_repeats: int = 2
    app_rounds: int = 3
    query_repeats: int = 30
    scales: tuple[float, ...] = (1, 10, 100)
    sections: tuple[str, ...] = SECTIONS
    #: One uncounted build first. Off by default: the runs are warm already (dbt's partial parse aside), and
    #: `make bench` must finish in 10 minutes.
    warm_up: bool = False
    #: The largest scale's build still running after this is killed and reported as timed out, i.e. over the
    #: 100x budget (90 s): it keeps `make bench` under 10 minutes. Its peak memory up to then is still reported.
    scale_timeout_s: float = 90
    #: The same for every other build (12x the 25 s budget); a failed or timed-out build ends its repeats.
    build_timeout_s: float = 300
    build_command: tuple[str, ...] = BUILD_COMMAND
    #: Folder keeping generated extracts between runs (None: a temporary folder, removed at the end).
    extract_cache: Path | None = None


QUICK = Plan(build_repeats=1, rebuild_repeats=1, app_rounds=1, query_repeats=3, scales=(0.01, 0.05), warm_up=False)


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
    with contextlib.suppress(Exception):
        results["git_commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=source, capture_output=True, text=True
        ).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="scrutiny-bench-"))
    try:
        project = snapshot_project(source, work / "project")
        env = bench_env(project, work, lait_dir)
        echo(f"benchmark of {source} (snapshot in {project}), LAIT extract: {lait_dir or 'absent'}")

        def run(label: str, force: bool = True) -> dict:
            return run_build(project, env, label, echo, plan.build_command, plan.build_timeout_s, force=force)

        needs_warehouse = {"build", "rebuild", "app"} & set(plan.sections)
        if needs_warehouse and plan.warm_up:
            echo("warm-up build (not counted)")
            results["warm_up"] = run("warm-up")
        if "build" in plan.sections:
            echo(f"1. full build x{plan.build_repeats}")
            results["build"] = summarise_builds(_repeat(plan.build_repeats, lambda i: run(f"build {i + 1}")))
        elif needs_warehouse and not plan.warm_up:
            results["warm_up"] = run("first build")
        if "rebuild" in plan.sections:
            echo(f"2. rebuilds x{plan.rebuild_repeats}: no change, then one seed touched ({SEED_TO_TOUCH})")
            no_change = _repeat(plan.rebuild_repeats, lambda i: run(f"no-change {i + 1}", force=False))

            def touched_run(i: int) -> dict:
                touch_seed(project) if i == 0 else toggle_seed(project)
                return run(f"seed touched {i + 1}", force=False)

            touched = _repeat(plan.rebuild_repeats, touched_run)
            results["rebuild"] = {"no_change": summarise_builds(no_change), "seed_touched": summarise_builds(touched)}
            results["rebuild"]["seed"] = SEED_TO_TOUCH
        if "app" in plan.sections:
            echo(f"3. app: AppTest x{plan.app_rounds} per page, each query x{plan.query_repeats}")
            results["app"] = run_app(project, env, plan.app_rounds, plan.query_repeats, work, echo)
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


def _repeat(times: int, one_run) -> list[dict]:
    """Run ``one_run(i)`` up to ``times`` times; stop after a failed or timed-out run (it would only repeat)."""
    runs = []
    for i in range(times):
        runs.append(one_run(i))
        if not runs[-1]["ok"]:
            break
    return runs


def run_scale(
    project: Path, work: Path, lait_dir: Path | None, plan: Plan, echo=_echo, real_build: dict | None = None
) -> dict:
    """One build per scale. 1x is the real extract itself: when section 1 measured builds with it, 1x reports
    the median of those builds (their run nearest the median) instead of building it once more."""
    if lait_dir is None or not (lait_dir / lait.BDS_FILE).is_file():
        echo("4. scale: skipped (no LAIT extract; set SCRUTINY_LAIT_DIR)")
        return {"skipped": "no LAIT extract"}
    echo(f"4. scale: synthetic extracts at {', '.join(f'{s:g}x' for s in plan.scales)} (one build each)")
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
        build = run_build(project, env, label, echo, plan.build_command, timeout, force=True)
        out["sizes"][f"{scale:g}x"] = {"extract": generated, "build": build}
        shutil.rmtree(scale_work, ignore_errors=True)
    sizes = out["sizes"]
    if "1x" in sizes and "10x" in sizes and sizes["1x"]["build"]["ok"] and sizes["10x"]["build"]["ok"]:
        out["10x_over_1x_ratio"] = sizes["10x"]["build"]["seconds"] / sizes["1x"]["build"]["seconds"]
    return out
