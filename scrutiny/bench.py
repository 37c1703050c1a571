"""`make bench`: a reproducible benchmark of the build, the rebuilds, the app and the LAIT scale curve.

    python -m scrutiny.bench                 # the full benchmark (under 10 minutes on an idle 2-core machine)
    python -m scrutiny.bench --quick         # tiny scale, one run of each: checks the harness itself (~1 min)
    python -m scrutiny.bench --only app      # one section: build, rebuild, app, scale (comma separated)

Everything runs on a snapshot of the project (tracked and untracked-but-not-ignored files, i.e. what a fresh
clone plus your edits holds) copied into a temporary folder, with its own live warehouse, build folder and dbt
target, so the benchmark never touches ``warehouse/`` and can modify a seed for the "touch one seed" rebuild.

Sections (medians over repeated runs, spread = max - min):

1. ``build``: ``python -m scrutiny build --force`` end to end (``--force``: every run builds), with its
   phases: startup, input checks + GX input suites, LAIT landing, dbt (parse, seeds, models, dbt tests), GX
   warehouse suites + history + publish; also the CPU time (user + system), which unlike wall time does not
   grow when other work shares the machine. Phase times come from the build's own ``timings.json`` when it writes
   one, else from time-stamped build output and dbt's ``run_results.json`` (see ``dbt_phases``).
2. ``rebuild``: ``python -m scrutiny build`` again with nothing changed (the build finds its inputs' fingerprint
   equal to the live warehouse's and stops), and after touching one seed (its content changes, its data does
   not: one cell gains quotes, so the fingerprint and dbt's checksum change and the whole build runs).
3. ``app``: in a separate process (so its peak memory is its own): every page under streamlit_app/views with
   Streamlit's AppTest, first render (process warm, data cache cleared) and re-render after a widget change; then
   every distinct query the pages ran (recorded at ``streamlit_app.data._run``) timed on one kept read-only
   connection with a cursor per query, as the app does: p50/p95 (and, for comparison, a fresh connection each).
4. ``scale``: synthetic all-authority extracts at 10x/100x the real DfE extract's rows, same columns and
   period/area shape (extra synthetic measures), generated with DuckDB and kept in build/bench/extracts; build
   time and peak memory at each size. 1x is the real extract, i.e. section 1's median build.
5. Peak memory: for every build and for the app process, the peak resident set of the largest single process
   (``wait4``'s ru_maxrss over the process and its descendants) and the peak of the sum over the process tree
   (sampled from /proc every 100 ms).

Results: ``build/bench/bench-<timestamp>.json`` and ``build/bench/latest.json``; a table on screen.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("build", "rebuild", "app", "scale")

#: Budgets (medians on the 2-core machine). Keys match the flattened figures in ``check_budgets``.
BUDGETS = {
    "build.full_s": 25.0,
    "rebuild.no_change_s": 12.0,
    "app.first_render_max_s": 1.0,
    "app.rerender_max_s": 0.300,
    "app.query_p95_s": 0.050,
    "scale.100x_build_s": 90.0,
    "scale.100x_peak_rss_bytes": 4 * 1024**3,
    "scale.10x_over_1x_ratio": 2.0,
}

SEED_TO_TOUCH = "seeds/reference/local_authorities.csv"
IGNORED_IN_SNAPSHOT = {".venv", "warehouse", "build", "target", "logs", ".git", "dbt_packages", "__pycache__"}


# --- small helpers -------------------------------------------------------------------------------------------


def summarise(values: list[float]) -> dict:
    """Median and spread of repeated measurements (spread = max - min)."""
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "spread": None, "values": []}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "spread": max(values) - min(values),
        "values": [round(v, 4) for v in values],
    }


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (pct in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def _echo(message: str) -> None:
    print(message, flush=True)


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu_model": None,
        "memory_bytes": None,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_bytes"] = int(line.split()[1]) * 1024
                break
    return info


def versions() -> dict:
    found = {}
    for package in ("duckdb", "dbt-core", "dbt-duckdb", "streamlit", "great-expectations", "pandas"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            found[package] = version(package)
    return found


# --- running a process and measuring its memory -------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss_bytes(pid: int) -> int:
    """Current resident memory of a process and all its descendants."""
    children = _children_map()
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
        stack.extend(children.get(current, []))
    return total


@dataclass
class Measured:
    command: list[str]
    returncode: int
    seconds: float
    peak_rss_bytes: int  # largest single process in the tree (wait4 ru_maxrss)
    peak_tree_rss_bytes: int  # largest sampled sum over the process tree
    cpu_seconds: float = 0.0  # user + system CPU of the process and its descendants (load-independent)
    lines: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, output line)

    @property
    def output(self) -> str:
        return "\n".join(line for _, line in self.lines)


def run_measured(command: list[str], *, cwd: Path, env: dict, timeout: float = 900) -> Measured:
    """Run a command, time-stamp each output line, and measure its peak memory (itself and descendants)."""
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    lines: list[tuple[float, str]] = []
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.1):
            with contextlib.suppress(Exception):
                peak_tree = max(peak_tree, tree_rss_bytes(process.pid))

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.monotonic() - start, line.rstrip("\n")))

    sampler = threading.Thread(target=sample, daemon=True)
    reader = threading.Thread(target=read, daemon=True)
    sampler.start()
    reader.start()
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
        done.set()
    seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=10)
    sampler.join(timeout=2)
    return Measured(
        command=command,
        returncode=process.returncode,
        seconds=seconds,
        peak_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
        peak_tree_rss_bytes=max(peak_tree, usage.ru_maxrss * 1024),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        lines=lines,
    )


# --- project snapshot and environment -----------------------------------------------------------------------


def project_files(source: Path) -> list[Path]:
    """Files a fresh clone plus local edits holds: tracked and untracked-but-not-ignored (git), else a walk."""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=source,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [Path(p) for p in listed.split("\0") if p and (source / p).is_file()]
    files = []
    for root, dirs, names in os.walk(source):
        dirs[:] = [d for d in dirs if d not in IGNORED_IN_SNAPSHOT]
        files.extend(Path(root, n).relative_to(source) for n in names)
    return files


def snapshot_project(source: Path, dest: Path) -> Path:
    """Copy the project's files into dest (the benchmark builds there, never in the working tree)."""
    dest.mkdir(parents=True, exist_ok=True)
    for relative in project_files(source):
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, target)
    return dest


def bench_env(project: Path, work: Path, lait_dir: Path | None) -> dict[str, str]:
    """Environment for a build of the snapshot: its own live warehouse, build folder and LAIT folder."""
    env = dict(os.environ)
    env.update(
        {
            "SCRUTINY_WAREHOUSE": str(work / "warehouse" / "scrutiny.duckdb"),
            "SCRUTINY_BUILD_DIR": str(work / "build"),
            "SCRUTINY_LAIT_DIR": str(lait_dir) if lait_dir else "",
            "DBT_PROFILES_DIR": str(project),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("SCRUTINY_DBT_DATABASE", None)
    env.pop("DBT_TARGET_PATH", None)
    return env


def touch_seed(project: Path, relative: str = SEED_TO_TOUCH) -> str:
    """Change one seed file's bytes without changing its data: quote one unquoted text cell (row 2).

    dbt compares seed checksums, so this is a real "seed changed" for partial parsing and state selection,
    while every test and expectation still sees the same values.
    """
    path = project / relative
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    rows = list(csv.reader(io.StringIO(lines[1])))
    cells = rows[0] if rows else []
    raw_cells = lines[1].split(",")
    if len(raw_cells) != len(cells):  # the row holds quoted commas: quote the first line differently
        raise ValueError(f"{relative}: row 2 has quoted commas; pick another seed to touch")
    for index, cell in enumerate(raw_cells):
        if cell and not cell.startswith('"') and not cell.replace(".", "", 1).lstrip("-").isdigit():
            raw_cells[index] = f'"{cell}"'
            break
    else:
        raise ValueError(f"{relative}: no unquoted text cell in row 2")
    lines[1] = ",".join(raw_cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return relative


# --- synthetic LAIT extracts ---------------------------------------------------------------------------------


def generate_extract(real_dir: Path, out_dir: Path, scale: float) -> dict:
    """A synthetic all-authority LAIT extract with `scale` x the real BDS rows, same columns and shape.

    Scale >= 1: the real rows plus (scale - 1) copies with synthetic measure codes (``<code>_s<k>``), so every
    synthetic measure keeps a real measure's 153 LAs + regions + England, years and value markers. (Perturbing
    the values as well tripled the generation time at 100x and changes no work the build does.)
    Scale < 1: the real rows of the first ``scale`` share of measures. The data dictionary gains one row per
    synthetic measure; the neighbour and LA-code workbooks are copied as they are.
    """
    import duckdb

    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    bds = real_dir / "bds_long_0.parquet"
    dictionary = real_dir / "lait_data_dictionary.csv"
    copies = max(1, round(scale)) if scale >= 1 else 1
    con = duckdb.connect()
    try:
        con.execute("set preserve_insertion_order = false")
        con.execute("set enable_progress_bar = false")
        n_measures = con.execute(f"select count(distinct \"Short Desc\") from read_parquet('{bds}')").fetchone()[0]
        keep = n_measures if scale >= 1 else max(1, int(n_measures * scale))
        con.execute(
            f"""
            create temp view kept_measures as
            select "Short Desc" as code from (select distinct "Short Desc" from read_parquet('{bds}'))
            order by code limit {keep}
            """
        )
        con.execute(
            f"""
            copy (
                select
                    case when t.k = 0 then b."Short Desc" else b."Short Desc" || '_s' || t.k end as "Short Desc",
                    b."Data item",
                    b."Years",
                    b."LA and Regions",
                    b."Values",
                    b."LA Number",
                    b."Region"
                from read_parquet('{bds}') as b
                semi join kept_measures as m on b."Short Desc" = m.code
                cross join range({copies}) as t(k)
            ) to '{out_dir / "bds_long_0.parquet"}' (format parquet)
            """
        )
        con.execute(
            f"""
            copy (
                select d.* replace (
                    case when t.k = 0 then d."Measure_short" else d."Measure_short" || '_s' || t.k end
                        as "Measure_short"
                )
                from read_csv('{dictionary}', header = true, all_varchar = true) as d
                cross join range({copies}) as t(k)
                where t.k = 0 or d."Measure_short" in (select code from kept_measures)
            ) to '{out_dir / "lait_data_dictionary.csv"}' (header, force_quote *)
            """
        )
    finally:
        con.close()
    rows = _parquet_rows(out_dir / "bds_long_0.parquet")
    for name in ("sn_april_2021.xlsx", "sn_may_2025.xlsx", "la_code_list.xlsx"):
        if (real_dir / name).is_file():
            shutil.copy2(real_dir / name, out_dir / name)
    return {
        "scale": scale,
        "rows": rows,
        "bytes": (out_dir / "bds_long_0.parquet").stat().st_size,
        "seconds": time.monotonic() - start,
    }


# --- one build and its phases --------------------------------------------------------------------------------


def _parse_ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def dbt_phases(target: Path) -> dict:
    """dbt's own split of its run, from run_results.json.

    parse = invocation start -> first node starts (project load, partial or full parse, graph, adapter);
    seeds / models / tests = the node-execution wall time shared out by each kind's busy time (dbt runs
    2 threads, so kinds overlap; the shares add up to the execution wall time); also each kind's busy seconds.
    """
    path = target / "run_results.json"
    if not path.is_file():
        return {}
    results = json.loads(path.read_text(encoding="utf-8"))
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


# Build output lines that start each outer phase (scrutiny/build.py echoes "[run_id] <message>").
PHASE_MARKERS = (
    ("checking inputs", "inputs"),
    ("dbt build -> candidate", "dbt"),
    ("validating the candidate", "gx_and_publish"),
)


def build_phases(measured: Measured, build_dir: Path) -> dict:
    """Outer phases of one `scrutiny build`, and dbt's inner phases.

    Prefers the build's own ``<run dir>/timings.json`` ({phase: seconds}, phases named input_checks, gx_inputs,
    lait_prepare, dbt, gx_warehouse, record_history, publish) when present; otherwise the time
    stamps of the build's progress lines: startup (python and imports), inputs (checks + GX input suites),
    dbt (LAIT landing + dbt, split further by ``dbt_phases``), gx_and_publish (GX warehouse suites, history,
    atomic publish, summary).
    """
    run_id = None
    for _, line in measured.lines:
        if line.startswith("[") and "]" in line:
            run_id = line[1 : line.index("]")]
            break
    run_dir = build_dir / "runs" / run_id if run_id else None
    out: dict = {"run_id": run_id, "phases": {}}
    own = run_dir / "timings.json" if run_dir else None
    if own and own.is_file():
        out["phases"] = {k: float(v) for k, v in json.loads(own.read_text()).items() if isinstance(v, int | float)}
        out["phase_source"] = "timings.json"
    else:
        marks = [(0.0, "startup")]
        for stamp, line in measured.lines:
            for marker, name in PHASE_MARKERS:
                if marker in line and not any(n == name for _, n in marks):
                    marks.append((stamp, name))
        marks.append((measured.seconds, "end"))
        for (t0, name), (t1, _) in itertools.pairwise(marks):
            out["phases"][name] = t1 - t0
        out["phase_source"] = "output time stamps"
    if run_dir:
        dbt = dbt_phases(run_dir / "target")
        if dbt:
            out["dbt"] = dbt
            out["phases"].update(dbt["phases"])
            if "dbt" in out["phases"]:
                out["phases"]["dbt_other"] = out["phases"]["dbt"] - sum(dbt["phases"].values())
    return out


BUILD_COMMAND = (sys.executable, "-m", "scrutiny", "build")
#: What `scrutiny build` prints when nothing changed since the live warehouse was published.
UP_TO_DATE = "Up to date: nothing the build reads has changed"


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
    measured = run_measured([*command, *(["--force"] if force else [])], cwd=project, env=env, timeout=timeout)
    result = {
        "label": label,
        "ok": measured.returncode == 0,
        "up_to_date": any(UP_TO_DATE in line for _, line in measured.lines),
        "timed_out": measured.seconds >= timeout,
        "seconds": measured.seconds,
        "peak_rss_bytes": measured.peak_rss_bytes,
        "peak_tree_rss_bytes": measured.peak_tree_rss_bytes,
        "cpu_seconds": measured.cpu_seconds,
        **build_phases(measured, Path(env["SCRUTINY_BUILD_DIR"])),
    }
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


# --- the app: AppTest timing and query latency (runs in its own process) ------------------------------------


def _change_a_widget(at) -> str | None:
    """Change the first widget that can change; returns what was changed (None if the page has none)."""
    for box in at.selectbox:
        options = list(box.options)
        if len(options) > 1:
            current = box.index if box.index is not None else 0
            box.select_index((current + 1) % len(options))
            return f"selectbox {box.label!r} -> option {(current + 1) % len(options)}"
    for radio in at.radio:
        options = list(radio.options)
        if len(options) > 1:
            current = radio.index if radio.index is not None else 0
            radio.set_value(options[(current + 1) % len(options)])
            return f"radio {radio.label!r} -> {options[(current + 1) % len(options)]!r}"
    for box in at.checkbox:
        box.set_value(not box.value)
        return f"checkbox {box.label!r}"
    for toggle in at.toggle:
        toggle.set_value(not toggle.value)
        return f"toggle {toggle.label!r}"
    return None


def app_worker(project: Path, rounds: int, query_repeats: int) -> dict:
    """Render every page with AppTest and time the app's queries (called in a separate process)."""
    sys.path.insert(0, str(project))
    import duckdb
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from streamlit_app import data

    recorded: dict[tuple[str, tuple], str] = {}
    original_run = data._run

    def recording_run(path, version, sql, params):
        recorded.setdefault((sql, tuple(params)), _query_name(_data_caller(), sql))
        return original_run(path, version, sql, params)

    data._run = recording_run
    pages = sorted((project / "streamlit_app" / "views").glob("*.py"))
    timings: dict[str, dict] = {}

    def render(page: Path):
        at = AppTest.from_file(str(page), default_timeout=60)
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        errors = [str(e.value)[:200] for e in at.exception]
        try:
            changed = _change_a_widget(at)
            t0 = time.perf_counter()
            at.run()
            rerender = time.perf_counter() - t0
        except Exception as error:  # AppTest could not drive the widget: time a plain re-run instead
            errors.append(f"widget change failed: {type(error).__name__}: {error}"[:200])
            at = AppTest.from_file(str(page), default_timeout=60)
            at.run()
            changed = "none (widget change failed; plain re-run)"
            t0 = time.perf_counter()
            at.run()
            rerender = time.perf_counter() - t0
        errors += [str(e.value)[:200] for e in at.exception]
        return first, rerender, changed, errors

    warm_start = time.perf_counter()
    for page in pages:  # warm-up: imports, DuckDB, Streamlit's script machinery
        with contextlib.suppress(Exception):
            render(page)
    warm_up = time.perf_counter() - warm_start
    for page in pages:
        firsts, rerenders, changed, errors = [], [], None, []
        for _ in range(rounds):
            st.cache_data.clear()
            first, rerender, changed, errors = render(page)
            firsts.append(first)
            rerenders.append(rerender)
        timings[page.stem] = {
            "first_render_s": summarise(firsts),
            "rerender_s": summarise(rerenders),
            "widget_changed": changed,
            "exceptions": errors,
        }
    data._run = original_run

    warehouse = data.warehouse_path()
    queries = []
    all_latencies: list[float] = []
    shared_latencies: list[float] = []
    connect_latencies: list[float] = []
    if warehouse.is_file():
        for _ in range(query_repeats):  # the cost of opening a read-only connection alone
            t0 = time.perf_counter()
            with duckdb.connect(str(warehouse), read_only=True) as con:
                con.execute("select 1").fetchall()
            connect_latencies.append(time.perf_counter() - t0)
        # 1. what-if: a fresh read-only connection per query (no other connection open in this process: DuckDB
        #    reuses an open database instance, which would hide the cost of opening the file)
        measured: dict[tuple[str, tuple], list[float]] = {}
        for key in sorted(recorded, key=recorded.get):
            sql, params = key
            latencies = measured.setdefault(key, [])
            for _ in range(query_repeats):
                t0 = time.perf_counter()
                with duckdb.connect(str(warehouse), read_only=True) as con:
                    con.execute(sql, list(params)).df()
                latencies.append(time.perf_counter() - t0)
        # 2. as the app does: one read-only connection per warehouse version kept open, a cursor per query
        shared = duckdb.connect(str(warehouse), read_only=True)
        for key, latencies in measured.items():
            sql, params = key
            kept = []
            for _ in range(query_repeats):
                t0 = time.perf_counter()
                shared.cursor().execute(sql, list(params)).df()
                kept.append(time.perf_counter() - t0)
            all_latencies.extend(latencies)
            shared_latencies.extend(kept)
            queries.append(
                {
                    "query": recorded[key],
                    "params": [str(p) for p in params],
                    "p50_s": percentile(kept, 50),
                    "p95_s": percentile(kept, 95),
                    "max_s": max(kept),
                    "fresh_connection_p95_s": percentile(latencies, 95),
                    "sql": " ".join(sql.split()),
                }
            )
        shared.close()
    return {
        "pages": timings,
        "warm_up_s": warm_up,
        "queries": queries,
        "query_count": len(queries),
        "query_p50_s": percentile(shared_latencies, 50),
        "query_p95_s": percentile(shared_latencies, 95),
        "query_repeats": query_repeats,
        "connect_p50_s": percentile(connect_latencies, 50),
        "fresh_connection_query_p50_s": percentile(all_latencies, 50),
        "fresh_connection_query_p95_s": percentile(all_latencies, 95),
    }


def _data_caller() -> str:
    """Name of the streamlit_app.data function that asked for the query (e.g. ``benchmark_series``)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "streamlit_app.data" and frame.f_code.co_name not in {
            "query",
            "_cached",
            "_run",
        }:
            return frame.f_code.co_name
        frame = frame.f_back
    return ""


def _query_name(caller: str, sql: str) -> str:
    if caller and caller not in {"<module>", "query", "_cached", "wrapper", "__call__"}:
        return caller
    return " ".join(sql.split())[:60]


def run_app(project: Path, env: dict, rounds: int, query_repeats: int, work: Path, echo=_echo) -> dict:
    out = work / "app.json"
    measured = run_measured(
        [
            sys.executable,
            "-m",
            "scrutiny.bench",
            "app-worker",
            "--project",
            str(project),
            "--rounds",
            str(rounds),
            "--query-repeats",
            str(query_repeats),
            "--out",
            str(out),
        ],
        cwd=project,
        env=env,
    )
    if measured.returncode != 0 or not out.is_file():
        echo("  app benchmark FAILED:\n    " + "\n    ".join(measured.output.splitlines()[-15:]))
        return {"ok": False, "output_tail": measured.output.splitlines()[-30:]}
    result = json.loads(out.read_text())
    result.update(
        ok=True,
        seconds=measured.seconds,
        peak_rss_bytes=measured.peak_rss_bytes,
        peak_tree_rss_bytes=measured.peak_tree_rss_bytes,
    )
    firsts = [p["first_render_s"]["median"] for p in result["pages"].values() if p["first_render_s"]["n"]]
    rerenders = [p["rerender_s"]["median"] for p in result["pages"].values() if p["rerender_s"]["n"]]
    result["first_render_max_s"] = max(firsts) if firsts else None
    result["rerender_max_s"] = max(rerenders) if rerenders else None
    echo(
        f"  app: {len(result['pages'])} pages, slowest first render {result['first_render_max_s'] or 0:.3f}s, "
        f"slowest re-render {result['rerender_max_s'] or 0:.3f}s, {result['query_count']} queries "
        f"p95 {(result['query_p95_s'] or 0) * 1000:.1f} ms, peak RSS {measured.peak_tree_rss_bytes / 1024**2:.0f} MiB"
    )
    return result


# --- the benchmark --------------------------------------------------------------------------------------------


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
                touch_seed(project) if i == 0 else _toggle_seed(project)
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


def _toggle_seed(project: Path) -> None:
    """Each repeat of the touched-seed rebuild needs a new checksum: add or drop one trailing newline."""
    path = project / SEED_TO_TOUCH
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") if text.endswith("\n") else text + "\n", encoding="utf-8")


GENERATOR_VERSION = "1"


def _parquet_rows(path: Path) -> int:
    import duckdb

    with duckdb.connect() as con:
        return con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]


def cached_extract(real_dir: Path, cache: Path, scale: float) -> dict:
    """generate_extract, reusing a copy in ``cache`` made by the same generator from the same real file."""
    source = (real_dir / "bds_long_0.parquet").stat()
    key = {"generator": GENERATOR_VERSION, "scale": scale, "bytes": source.st_size, "mtime_ns": source.st_mtime_ns}
    stamp = cache / "stamp.json"
    if stamp.is_file():
        with contextlib.suppress(ValueError, KeyError):
            saved = json.loads(stamp.read_text())
            if saved["key"] == key:
                return {**saved["extract"], "cached": True}
    shutil.rmtree(cache, ignore_errors=True)
    extract = generate_extract(real_dir, cache, scale)
    stamp.write_text(json.dumps({"key": key, "extract": extract}))
    return {**extract, "cached": False}


def run_scale(
    project: Path, work: Path, lait_dir: Path | None, plan: Plan, echo=_echo, real_build: dict | None = None
) -> dict:
    """One build per scale. 1x is the real extract itself: when section 1 measured builds with it, 1x reports
    the median of those builds (their run nearest the median) instead of building it once more."""
    if lait_dir is None or not (lait_dir / "bds_long_0.parquet").is_file():
        echo("4. scale: skipped (no LAIT extract; set SCRUTINY_LAIT_DIR)")
        return {"skipped": "no LAIT extract"}
    echo(f"4. scale: synthetic extracts at {', '.join(f'{s:g}x' for s in plan.scales)} (one build each)")
    out: dict = {"sizes": {}}
    for scale in plan.scales:
        if scale == 1 and real_build and real_build["all_ok"] and real_build["runs"]:
            rows = _parquet_rows(lait_dir / "bds_long_0.parquet")
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


def check_budgets(results: dict) -> dict:
    figures = {
        "build.full_s": _get(results, "build", "seconds", "median"),
        "rebuild.no_change_s": _get(results, "rebuild", "no_change", "seconds", "median"),
        "app.first_render_max_s": _get(results, "app", "first_render_max_s"),
        "app.rerender_max_s": _get(results, "app", "rerender_max_s"),
        "app.query_p95_s": _get(results, "app", "query_p95_s"),
        "scale.100x_build_s": _get(results, "scale", "sizes", "100x", "build", "seconds"),
        "scale.100x_peak_rss_bytes": _get(results, "scale", "sizes", "100x", "build", "peak_tree_rss_bytes"),
        "scale.10x_over_1x_ratio": _get(results, "scale", "10x_over_1x_ratio"),
    }
    # a scale build that failed or was stopped did not meet its budgets, whatever its figures up to then
    unfinished: dict[str, str] = {}
    hundred = _get(results, "scale", "sizes", "100x", "build")
    if hundred and not hundred["ok"]:
        why = "timed out" if hundred.get("timed_out") else "failed"
        unfinished["scale.100x_build_s"] = unfinished["scale.100x_peak_rss_bytes"] = why
    ten = _get(results, "scale", "sizes", "10x", "build")
    if ten and not ten["ok"]:
        unfinished["scale.10x_over_1x_ratio"] = "timed out" if ten.get("timed_out") else "failed"
        one = _get(results, "scale", "sizes", "1x", "build", "seconds")
        figures["scale.10x_over_1x_ratio"] = ten["seconds"] / one if one else None
    return {
        key: {
            "value": value,
            "budget": BUDGETS[key],
            "met": False if key in unfinished else (None if value is None else value <= BUDGETS[key]),
            **({"unfinished": unfinished[key]} if key in unfinished else {}),
        }
        for key, value in figures.items()
    }


def _get(data: dict, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


# --- the table on screen -------------------------------------------------------------------------------------


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 1024**2:,.0f} MiB"


def _stat(summary: dict | None, fmt=_s) -> str:
    if not summary or not summary.get("n"):
        return "-"
    if summary["n"] == 1:
        return fmt(summary["median"])
    return f"{fmt(summary['median'])} (spread {fmt(summary['spread'])}, n={summary['n']})"


PHASE_ORDER = (
    "startup",
    "inputs",
    # names the build's own timings.json is asked to use (see build_phases)
    "input_checks",
    "gx_inputs",
    "lait_prepare",
    "dbt",
    "dbt_parse",
    "dbt_seeds",
    "dbt_models",
    "dbt_tests",
    "dbt_other",
    "gx_and_publish",
    "gx_warehouse",
    "record_history",
    "publish",
)


def render_table(results: dict) -> str:
    rows: list[tuple[str, str, str]] = []
    budgets = results.get("budgets", {})

    def mark(key: str) -> str:
        b = budgets.get(key)
        if not b or b["met"] is None:
            return ""
        limit = b["budget"]
        shown = _mib(limit) if key.endswith("bytes") else (f"{limit:g}x" if key.endswith("ratio") else _s(limit))
        why = f"; build {b['unfinished']}, so at least this" if b.get("unfinished") else ""
        return f"{'ok' if b['met'] else 'MISSED'} (budget {shown}{why})"

    build = results.get("build")
    if build:
        rows.append(("build: make build end to end", _stat(build["seconds"]), mark("build.full_s")))
        for phase in PHASE_ORDER:
            if phase in build["phases"]:
                rows.append((f"  phase {phase}", _stat(build["phases"][phase]), ""))
        rows.append(("build: CPU time (user + system)", _stat(build["cpu_seconds"]), ""))
        rows.append(("build: peak RSS (process tree)", _stat(build["peak_rss_bytes"], _mib), ""))
    rebuild = results.get("rebuild")
    if rebuild:
        rows.append(("rebuild: no change", _stat(rebuild["no_change"]["seconds"]), mark("rebuild.no_change_s")))
        rows.append(
            (f"rebuild: one seed touched ({Path(rebuild['seed']).name})", _stat(rebuild["seed_touched"]["seconds"]), "")
        )
    app = results.get("app")
    if app and app.get("ok"):
        for page, timing in app["pages"].items():
            rows.append((f"app page {page}: first render", _stat(timing["first_render_s"], _ms), ""))
            rows.append(
                (
                    f"app page {page}: re-render",
                    _stat(timing["rerender_s"], _ms),
                    timing["widget_changed"] or "no widget",
                )
            )
        rows.append(("app: slowest first render", _ms(app["first_render_max_s"]), mark("app.first_render_max_s")))
        rows.append(("app: slowest re-render", _ms(app["rerender_max_s"]), mark("app.rerender_max_s")))
        rows.append((f"app: query p50 ({app['query_count']} queries)", _ms(app["query_p50_s"]), ""))
        rows.append(("app: query p95", _ms(app["query_p95_s"]), mark("app.query_p95_s")))
        rows.append(("app: opening a read-only connection, p50", _ms(app.get("connect_p50_s")), ""))
        rows.append(("app: query p95, fresh connection each", _ms(app.get("fresh_connection_query_p95_s")), "what-if"))
        rows.append(("app: peak RSS", _mib(app["peak_tree_rss_bytes"]), ""))
    scale = results.get("scale")
    if scale and "sizes" in scale:
        for size, entry in scale["sizes"].items():
            build_run = entry["build"]
            label = f"scale {size} ({entry['extract']['rows']:,} rows): build"
            key = f"scale.{size}_build_s"
            status = "" if build_run["ok"] else (" TIMED OUT" if build_run.get("timed_out") else " FAILED")
            rows.append((label, _s(build_run["seconds"]) + status, mark(key)))
            rows.append((f"scale {size}: CPU time", _s(build_run["cpu_seconds"]), ""))
            rows.append(
                (
                    f"scale {size}: peak RSS",
                    _mib(build_run["peak_tree_rss_bytes"]),
                    mark(f"scale.{size}_peak_rss_bytes"),
                )
            )
        ratio = (results.get("budgets") or {}).get("scale.10x_over_1x_ratio", {}).get("value")
        if ratio is not None:
            rows.append(("scale: 10x time / 1x time", f"{ratio:.2f}x", mark("scale.10x_over_1x_ratio")))
    width = max((len(r[0]) for r in rows), default=10)
    value_width = max((len(r[1]) for r in rows), default=10)
    lines = [f"{'figure':<{width}}  {'median':<{value_width}}  budget"]
    lines += [f"{a:<{width}}  {b:<{value_width}}  {c}".rstrip() for a, b, c in rows]
    machine = results.get("machine", {})
    lines.append(
        f"machine: {machine.get('cpus')} cpus ({machine.get('cpu_model')}), "
        f"{(machine.get('memory_bytes') or 0) / 1024**3:.0f} GiB; load average at start "
        f"{', '.join(f'{x:.1f}' for x in machine.get('load_average_at_start') or [])}; "
        f"benchmark took {results.get('bench_seconds', 0):.0f}s"
    )
    return "\n".join(lines)


# --- command line ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrutiny.bench", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    worker = sub.add_parser("app-worker", help=argparse.SUPPRESS)
    worker.add_argument("--project", type=Path, required=True)
    worker.add_argument("--rounds", type=int, default=3)
    worker.add_argument("--query-repeats", type=int, default=30)
    worker.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quick", action="store_true", help="tiny scale, one run each (checks the harness)")
    parser.add_argument("--only", help=f"comma-separated sections to run: {', '.join(SECTIONS)}")
    parser.add_argument("--repeats", type=int, help="runs per build measurement (default 2)")
    parser.add_argument("--scales", help="comma-separated extract scales (default 1,10,100)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "bench", help="results folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    args = parser.parse_args(argv)

    if args.command == "app-worker":
        result = app_worker(args.project.resolve(), args.rounds, args.query_repeats)
        args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
        return 0

    from scrutiny import paths

    plan = Plan(**vars(QUICK)) if args.quick else Plan()
    if args.only:
        wanted = tuple(s.strip() for s in args.only.split(",") if s.strip())
        unknown = set(wanted) - set(SECTIONS)
        if unknown:
            parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
        plan.sections = wanted
    if args.repeats:
        plan.build_repeats = plan.rebuild_repeats = args.repeats
    if args.scales:
        plan.scales = tuple(float(s) for s in args.scales.split(","))
    if not args.quick:
        plan.extract_cache = args.out / "extracts"
    results = run_bench(plan, source=REPO_ROOT, out_dir=args.out, lait_dir=paths.lait_dir(), keep=args.keep)
    print()
    print(render_table(results))
    print(f"results: {results['result_file']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
