"""One measured build and its phases, read from the data the build writes (its ``--report`` JSON with the phase
timings, and dbt's ``run_results.json``), and the summary of repeated builds."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from tools.bench.measure import run_measured
from tools.bench.stats import summarise

BUILD_COMMAND = (sys.executable, "-m", "scrutiny", "build")


def _echo(message: str) -> None:
    print(message, flush=True)


def _parse_ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def dbt_phases(run_results: Path) -> dict:
    """dbt's own split of its run, from run_results.json.

    parse = invocation start -> first node starts (project load, partial or full parse, graph, adapter);
    seeds / models / tests = the node-execution wall time shared out by each kind's busy time (dbt runs
    2 threads, so kinds overlap; the shares add up to the execution wall time); also each kind's busy seconds.
    """
    if not run_results.is_file():
        return {}
    results = json.loads(run_results.read_text(encoding="utf-8"))
    started = _parse_ts(results["metadata"]["invocation_started_at"])
    node_starts, node_ends = [], []
    busy = {"seeds": 0.0, "models": 0.0, "tests": 0.0}
    counts = {"seeds": 0, "models": 0, "tests": 0}
    for result in results["results"]:
        kind = {"seed": "seeds", "model": "models", "test": "tests", "unit_test": "tests"}.get(
            result["unique_id"].split(".")[0]
        )
        for timing in result.get("timing", []):
            if timing.get("started_at") and timing.get("completed_at"):
                node_starts.append(_parse_ts(timing["started_at"]))
                node_ends.append(_parse_ts(timing["completed_at"]))
        if kind:
            busy[kind] += float(result.get("execution_time") or 0)
            counts[kind] += 1
    if not node_starts:
        return {}
    execution = max(node_ends) - min(node_starts)
    total_busy = sum(busy.values()) or 1.0
    phases = {"dbt_parse": min(node_starts) - started}
    for kind in busy:
        phases[f"dbt_{kind}"] = execution * busy[kind] / total_busy
    return {
        "phases": phases,
        "busy_seconds": busy,
        "counts": counts,
        "execution_wall": execution,
        "slowest_nodes": sorted(
            (
                {"node": r["unique_id"], "seconds": round(float(r.get("execution_time") or 0), 3)}
                for r in results["results"]
            ),
            key=lambda n: -n["seconds"],
        )[:8],
    }


def build_phases(report: dict) -> dict:
    """The build's phases as it timed them (its steps: fingerprint, live_warehouse, input_checks, raw_sources,
    gx_input_suites, dbt (beside gx_input_suites), dbt_build (waiting for dbt after the input suites),
    gx_warehouse_suites, coverage, publish), dbt's inner phases, and ``startup_and_summary``: the wall time
    outside every timed phase (Python start, imports, the summary)."""
    phases = {k: float(v) for k, v in (report.get("phase_seconds") or {}).items()}
    out: dict = {"run_id": report.get("run_id"), "phases": dict(phases)}
    dbt = dbt_phases(Path(report["dbt_results"])) if report.get("dbt_results") else {}
    if dbt:
        out["dbt"] = dbt
        out["phases"].update(dbt["phases"])
        if "dbt" in phases:
            out["phases"]["dbt_other"] = phases["dbt"] - sum(dbt["phases"].values())
    return out


def run_build(
    project: Path,
    env: dict,
    label: str,
    echo=_echo,
    command: tuple[str, ...] = BUILD_COMMAND,
    timeout: float = 900,
    *,
    force: bool = False,
) -> dict:
    """One `python -m scrutiny build` of the snapshot (or ``command``, which tests replace), measured.

    ``force``: build even when nothing changed (``--force``); without it an unchanged project is found up to date.
    A build still running after ``timeout`` seconds is killed and recorded as timed out (not ok).
    """
    report_file = Path(env["SCRUTINY_BUILD_DIR"]) / "bench-reports" / f"{label.replace(' ', '_')}.json"
    report_file.parent.mkdir(parents=True, exist_ok=True)
    report_file.unlink(missing_ok=True)
    arguments = [*command, *(["--force"] if force else []), "--report", str(report_file)]
    measured = run_measured(arguments, cwd=project, env=env, timeout=timeout)
    report = json.loads(report_file.read_text(encoding="utf-8")) if report_file.is_file() else {}
    result = {
        "label": label,
        "ok": measured.returncode == 0,
        "up_to_date": report.get("outcome") == "up_to_date",
        "timed_out": measured.seconds >= timeout,
        "seconds": measured.seconds,
        "peak_rss_bytes": measured.peak_rss_bytes,
        "peak_tree_rss_bytes": measured.peak_tree_rss_bytes,
        "cpu_seconds": measured.cpu_seconds,
        **build_phases(report),
    }
    own = report.get("phase_seconds") or {}
    if own:
        # dbt runs beside the GX input suites (then dbt_build waits for it): count dbt once, not its parts
        timed = sum(v for k, v in own.items() if k not in {"gx_input_suites", "dbt_build"})
        result["phases"]["startup_and_summary"] = max(0.0, measured.seconds - timed)
    if not result["ok"]:
        result["output_tail"] = measured.output.splitlines()[-30:]
    status = "ok" if result["ok"] else ("TIMED OUT" if result["timed_out"] else "FAILED")
    status += " (up to date, nothing built)" if result["up_to_date"] else ""
    echo(
        f"  {label}: {status} in {measured.seconds:.1f}s, "
        f"{measured.cpu_seconds:.1f} CPU-s, peak RSS {measured.peak_tree_rss_bytes / 1024**2:.0f} MiB"
    )
    if not result["ok"]:
        echo("    " + "\n    ".join(result["output_tail"][-12:]))
    return result


def summarise_builds(runs: list[dict]) -> dict:
    ok = [r for r in runs if r["ok"]]
    phases = sorted({p for r in ok for p in r.get("phases", {})})
    return {
        "runs": runs,
        "all_ok": len(ok) == len(runs),
        "seconds": summarise([r["seconds"] for r in ok]),
        "cpu_seconds": summarise([r["cpu_seconds"] for r in ok]),
        "peak_rss_bytes": summarise([r["peak_tree_rss_bytes"] for r in ok]),
        "phases": {p: summarise([r["phases"][p] for r in ok if p in r["phases"]]) for p in phases},
    }
