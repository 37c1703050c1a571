"""The app's speed: every page rendered with Streamlit's AppTest, and every query the pages ran timed on the
connection the app keeps (recorded through streamlit_app.data's query listener). Runs in its own process."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

from scrutiny import paths
from tools.bench.measure import run_measured
from tools.bench.stats import percentile, summarise


def _echo(message: str) -> None:
    print(message, flush=True)


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
    recording = True

    def record(sql: str, params: tuple) -> None:
        if recording:
            recorded.setdefault((sql, tuple(params)), _query_name(_data_caller(), sql))

    data.add_query_listener(record)
    pages = sorted(paths.app_views_dir(project).glob("*.py"))
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
    recording = False

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
    """Name of the streamlit_app.data function (any of its modules) that asked for the query (``benchmark_series``)."""
    frame = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if (
            module.startswith("streamlit_app.data.")
            and module != "streamlit_app.data._warehouse"
            and frame.f_code.co_name
            not in {
                "query",
                "_cached",
                "_run",
            }
        ):
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
            "tools.bench",
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
