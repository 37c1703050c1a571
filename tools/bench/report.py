"""Budgets, the table on screen, and docs/performance.md."""

from __future__ import annotations

from pathlib import Path

GIB = 1024**3
#: Budgets (medians on the 2-core machine). Keys match the flattened figures in ``check_budgets``. Ratios to the
#: floor are a build's median over the median of the dbt floor runs measured alternately with the builds.
BUDGETS = {
    "build.full_s": 15.0,
    "build.full_over_floor": 5.0,
    "rebuild.seed_value_s": 5.0,
    "rebuild.seed_value_over_floor": 2.0,
    "rebuild.model_edit_s": 5.0,
    "rebuild.model_edit_over_floor": 2.0,
    "rebuild.no_change_s": 1.0,
    "versions.full_s": 60.0,
    "versions.peak_rss_bytes": 4 * GIB,
    "scale.100x_build_s": 300.0,
    "scale.100x_peak_rss_bytes": 4 * GIB,
    "scale.10x_over_1x_ratio": 1.5,
    "app.rerender_max_s": 0.300,
    "browser.rerender_max_s": 0.300,
    "browser.first_load_ratio": 3.0,
    "ci.seconds": 10 * 60.0,
    "ci.make_test_seconds": 6 * 60.0,
    # earlier budgets, still checked (details, not rows of the budget table)
    "app.first_render_max_s": 1.0,
    "app.query_p95_s": 0.050,
}
#: docs/performance.md: the lines between these markers are the latest figures, rewritten by `make bench`.
BEGIN_MARKER = "<!-- figures written by make bench: begin -->"
END_MARKER = "<!-- figures written by make bench: end -->"


def _ratio(value: float | None, floor: float | None) -> float | None:
    return value / floor if value is not None and floor else None


def check_budgets(results: dict) -> dict:
    floor = _get(results, "floor", "seconds", "median")
    full = _get(results, "build", "seconds", "median")
    seed = _get(results, "rebuild", "seed_value_edited", "seconds", "median")
    model = _get(results, "rebuild", "model_edited", "seconds", "median")
    figures = {
        "build.full_s": full,
        "build.full_over_floor": _ratio(full, floor),
        "rebuild.seed_value_s": seed,
        "rebuild.seed_value_over_floor": _ratio(seed, floor),
        "rebuild.model_edit_s": model,
        "rebuild.model_edit_over_floor": _ratio(model, floor),
        "rebuild.no_change_s": _get(results, "rebuild", "no_change", "seconds", "median"),
        "versions.full_s": _get(results, "versions", "seconds", "median"),
        "versions.peak_rss_bytes": _get(results, "versions", "peak_rss_bytes", "median"),
        "scale.100x_build_s": _get(results, "scale", "sizes", "100x", "build", "seconds"),
        "scale.100x_peak_rss_bytes": _get(results, "scale", "sizes", "100x", "build", "peak_tree_rss_bytes"),
        "scale.10x_over_1x_ratio": _get(results, "scale", "10x_over_1x_ratio"),
        "app.rerender_max_s": _get(results, "app", "rerender_max_s"),
        "browser.rerender_max_s": _get(results, "browser", "rerender_max_s"),
        "browser.first_load_ratio": _get(results, "browser", "first_load", "ratio"),
        "ci.seconds": _get(results, "ci", "seconds"),
        "ci.make_test_seconds": _get(results, "make_test", "seconds"),
        "app.first_render_max_s": _get(results, "app", "first_render_max_s"),
        "app.query_p95_s": _get(results, "app", "query_p95_s"),
    }
    # a build that failed or was stopped did not meet its budgets, whatever its figures up to then
    unfinished: dict[str, str] = {}
    for keys, section in (
        (("build.full_s", "build.full_over_floor"), ("build",)),
        (("rebuild.seed_value_s", "rebuild.seed_value_over_floor"), ("rebuild", "seed_value_edited")),
        (("rebuild.model_edit_s", "rebuild.model_edit_over_floor"), ("rebuild", "model_edited")),
        (("versions.full_s", "versions.peak_rss_bytes"), ("versions",)),
        (("rebuild.no_change_s",), ("rebuild", "no_change")),
    ):
        summary = _get(results, *section)
        if summary and not summary.get("all_ok", True):
            unfinished.update(dict.fromkeys(keys, "a build failed"))
    if _get(results, "floor") and not _get(results, "floor", "all_ok"):
        for key in ("build.full_over_floor", "rebuild.seed_value_over_floor", "rebuild.model_edit_over_floor"):
            unfinished[key] = "floor failed"
    versions = results.get("versions") or {}
    if versions and not versions.get("skipped") and not versions.get("all_versions", True):
        unfinished["versions.full_s"] = unfinished["versions.peak_rss_bytes"] = "not every version built"
    hundred = _get(results, "scale", "sizes", "100x", "build")
    if hundred and not hundred["ok"]:
        why = "timed out" if hundred.get("timed_out") else "failed"
        unfinished["scale.100x_build_s"] = unfinished["scale.100x_peak_rss_bytes"] = why
    ten = _get(results, "scale", "sizes", "10x", "build")
    if ten and not ten["ok"]:
        unfinished["scale.10x_over_1x_ratio"] = "timed out" if ten.get("timed_out") else "failed"
        one = _get(results, "scale", "sizes", "1x", "build", "seconds")
        figures["scale.10x_over_1x_ratio"] = ten["seconds"] / one if one else None
    ci = results.get("ci") or {}
    if "seconds" in ci and ci.get("status") != "passed":
        unfinished["ci.seconds"] = f"CI {ci.get('status', 'did not pass')}"
    make_test = results.get("make_test") or {}
    if "seconds" in make_test and make_test.get("status") != "passed":
        unfinished["ci.make_test_seconds"] = f"make test {make_test.get('status', 'did not pass')}"
    return {
        key: {
            "value": value,
            "budget": BUDGETS[key],
            "met": False if key in unfinished else (None if value is None else value <= BUDGETS[key]),
            **({"unfinished": unfinished[key]} if key in unfinished else {}),
        }
        for key, value in figures.items()
    }


def _met(results: dict, *keys: str) -> bool:
    """Every budget of a row met (a figure not measured is not met)."""
    budgets = results.get("budgets") or {}
    return all((budgets.get(k) or {}).get("met") is True for k in keys)


def _why(results: dict, *keys: str) -> str:
    budgets = results.get("budgets") or {}
    reasons = sorted({budgets[k]["unfinished"] for k in keys if k in budgets and budgets[k].get("unfinished")})
    return "; ".join(reasons)


def budget_rows(results: dict) -> list[dict]:
    """The budget table: one row per figure, its measured value (with the dbt floor beside the build figures), its
    budget, and ok or MISSED. A figure this run did not measure is MISSED, saying so."""
    floor = _get(results, "floor", "seconds", "median")
    floor_text = f"floor {_s(floor)}" if floor is not None else "floor not measured"
    rows: list[dict] = []

    def row(figure: str, measured: str | None, budget: str, keys: tuple[str, ...]) -> None:
        why = _why(results, *keys)
        shown = " ".join((measured if measured is not None else "not measured in this run").split())  # one line
        rows.append(
            {
                "figure": figure,
                "measured": shown + (f" ({why})" if why else ""),
                "budget": budget,
                "ok": measured is not None and _met(results, *keys),
            }
        )

    def build_figure(summary: dict | None, with_floor: bool) -> str | None:
        if not summary or not summary.get("seconds", {}).get("n"):
            return None
        text = _median(summary["seconds"])
        up_to_date = [r for r in summary.get("runs", []) if r.get("up_to_date")]
        if up_to_date:
            text += f" ({len(up_to_date)} of {len(summary['runs'])} found nothing to build)"
        if with_floor:
            ratio = _ratio(summary["seconds"]["median"], floor)
            text += f"; {floor_text}" + (f", {ratio:.1f}x" if ratio is not None else "")
        return text

    rebuild = results.get("rebuild") or {}
    row(
        "forced full build, pack + current extract",
        build_figure(results.get("build"), True),
        "≤ 15 s and ≤ 5x the dbt floor",
        ("build.full_s", "build.full_over_floor"),
    )
    versions = results.get("versions") or {}
    versions_text = build_figure(versions, False)
    if versions_text:
        peak = _gib((versions.get("peak_rss_bytes") or {}).get("median"))
        versions_text += f", peak {peak}, {versions.get('versions')} published versions"
    elif versions.get("skipped"):
        versions_text = None
    row(
        "forced full build with every published version of DfE's extract",
        versions_text,
        "≤ 60 s and ≤ 4 GiB peak (build process tree)",
        ("versions.full_s", "versions.peak_rss_bytes"),
    )
    if versions.get("skipped"):
        rows[-1]["measured"] = f"not measured: {versions['skipped']}"
    row(
        "build after editing one pack seed value",
        build_figure(rebuild.get("seed_value_edited"), True),
        "≤ 5 s and ≤ 2x the dbt floor",
        ("rebuild.seed_value_s", "rebuild.seed_value_over_floor"),
    )
    row(
        "build after editing one model",
        build_figure(rebuild.get("model_edited"), True),
        "≤ 5 s and ≤ 2x the dbt floor",
        ("rebuild.model_edit_s", "rebuild.model_edit_over_floor"),
    )
    row("no-change build", build_figure(rebuild.get("no_change"), True), "≤ 1 s", ("rebuild.no_change_s",))
    sizes = _get(results, "scale", "sizes") or {}
    hundred = (sizes.get("100x") or {}).get("build")
    hundred_text = None
    if hundred:
        state = "completed" if hundred["ok"] else ("TIMED OUT" if hundred.get("timed_out") else "FAILED")
        rows_100 = sizes["100x"]["extract"]["rows"]
        hundred_text = (
            f"{state} in {_s(hundred['seconds'])}, peak {_gib(hundred.get('peak_tree_rss_bytes'))} ({rows_100:,} rows)"
        )
    row(
        "100x synthetic extract",
        hundred_text,
        "completes, ≤ 300 s, ≤ 4 GiB peak (build process tree)",
        ("scale.100x_build_s", "scale.100x_peak_rss_bytes"),
    )
    ratio = _get(results, "budgets", "scale.10x_over_1x_ratio", "value")
    ten_text = None
    if ratio is not None:
        ten_text = (
            f"{_s(sizes['10x']['build']['seconds'])} = {ratio:.2f}x the 1x time ({_s(sizes['1x']['build']['seconds'])})"
        )
    row("10x synthetic extract", ten_text, "≤ 1.5x the 1x time", ("scale.10x_over_1x_ratio",))
    app, browser = results.get("app") or {}, results.get("browser") or {}
    parts = []
    if app.get("ok") and app.get("rerender_max_s") is not None:
        parts.append(f"AppTest {_ms(app['rerender_max_s'])} ({_slowest_rerender(app)})")
    if browser.get("ok") and browser.get("rerender_max_s") is not None:
        parts.append(
            f"browser {_ms(browser['rerender_max_s'])} until settled ({browser.get('slowest_page')}; slowest script "
            f"run {_ms(browser.get('script_run_max_s'))})"
        )
    elif browser.get("skipped") or browser.get("error"):
        parts.append(f"browser not measured: {browser.get('skipped') or browser.get('error')}")
    row(
        "slowest page re-render after a widget change",
        "; ".join(parts) or None,
        "≤ 300 ms in AppTest and in a browser",
        ("app.rerender_max_s", "browser.rerender_max_s"),
    )
    first = browser.get("first_load") or {}
    first_text = None
    if browser.get("ok") and first.get("ratio") is not None:
        first_text = (
            f"{_ms(first['max_s'])} ({first['slowest_page']}) = {first['ratio']:.2f}x a hello-world Streamlit page "
            f"({_ms(first['hello_world_s']['median'])}), both in a new browser session, same run"
        )
    row(
        "slowest page's first load, against a hello-world page",
        first_text,
        "≤ 3x the hello-world page's first load",
        ("browser.first_load_ratio",),
    )
    make_test = results.get("make_test") or {}
    make_test_text = None
    if "seconds" in make_test:
        beside = " with the Spark suite beside it (inside `.ci/run`)" if make_test.get("inside_ci") else ""
        make_test_text = (
            f"{make_test['seconds'] / 60:.1f} min, {make_test.get('status')}{beside} (last `make test`: commit "
            f"{make_test.get('commit')}, {make_test.get('finished_at')}, "
            f"load at start {make_test.get('load_at_start')})"
        )
    row("`make test`", make_test_text, "≤ 6 min", ("ci.make_test_seconds",))
    if make_test_text is None and make_test.get("missing"):
        rows[-1]["measured"] = make_test["missing"]
    ci = results.get("ci") or {}
    ci_text = None
    if "seconds" in ci:
        ci_text = (
            f"{ci['seconds'] / 60:.1f} min, {ci.get('status')} (last `.ci/run`: commit {ci.get('commit')}, "
            f"{ci.get('finished_at')}, load at start {ci.get('load_at_start')})"
        )
    row("`.ci/run` on a fresh clone", ci_text, "≤ 10 min", ("ci.seconds",))
    if ci_text is None and ci.get("missing"):
        rows[-1]["measured"] = ci["missing"]
    return rows


def _slowest_rerender(app: dict) -> str:
    pages = app.get("pages") or {}
    return max(pages, key=lambda p: pages[p]["rerender_s"]["median"] or 0) if pages else "?"


def run_header(results: dict) -> str:
    """Commit, date, machine and its load: what the figures were measured on."""
    machine = results.get("machine", {})
    start = ", ".join(f"{x:.1f}" for x in machine.get("load_average_at_start") or [])
    end = ", ".join(f"{x:.1f}" for x in machine.get("load_average_at_end") or [])
    dirty = " with uncommitted changes" if results.get("git_dirty") else ""
    return (
        f"commit `{results.get('git_commit') or '?'}`{dirty}, {str(results.get('started_at', ''))[:16]} UTC; "
        f"{machine.get('cpus')} cpus ({machine.get('cpu_model')}), "
        f"{(machine.get('memory_bytes') or 0) / GIB:.0f} GiB; load average (1, 5, 15 min) at start {start}, "
        f"at end {end}; the benchmark took {results.get('bench_seconds', 0) / 60:.1f} min"
    )


def _get(data: dict, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 1024**2:,.0f} MiB"


def _gib(value: float | None) -> str:
    return "-" if value is None else f"{value / GIB:.2f} GiB"


def _stat(summary: dict | None, fmt=_s) -> str:
    if not summary or not summary.get("n"):
        return "-"
    if summary["n"] == 1:
        return fmt(summary["median"])
    return f"{fmt(summary['median'])} (spread {fmt(summary['spread'])}, n={summary['n']})"


#: The build's own phase names (its timings.json), then dbt's.
PHASE_ORDER = (
    "startup_and_summary",
    "warehouse_folder",
    "fingerprint",
    "live_warehouse",
    "input_checks",
    "raw_sources",
    "gx_input_suites",
    "dbt",
    "dbt_parse",
    "dbt_seeds",
    "dbt_models",
    "dbt_tests",
    "dbt_other",
    "gx_warehouse_suites",
    "coverage",
    "publish",
)


def _columns(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(r[:-1], widths, strict=True)), r[-1]]).rstrip()
        for r in [header, *rows]
    ]


def render_budget_table(results: dict) -> str:
    """The budget table as on screen: figure, measured, budget, ok or MISSED; the run's commit and load above."""
    rows = [(r["figure"], r["measured"], r["budget"], "ok" if r["ok"] else "MISSED") for r in budget_rows(results)]
    met = sum(1 for r in rows if r[3] == "ok")
    lines = [f"Budgets ({run_header(results)}):"]
    lines += _columns(
        [(a, b, c, d) for a, b, c, d in ((r[3], r[0], r[1], r[2]) for r in rows)], ("", "figure", "measured", "budget")
    )
    lines.append(f"{met} of {len(rows)} budgets met")
    return "\n".join(lines)


def render_details(results: dict) -> str:
    """Everything else measured: phases, each run, each page, each scale."""
    rows: list[tuple[str, str, str]] = []
    budgets = results.get("budgets", {})

    def mark(key: str) -> str:
        b = budgets.get(key)
        if not b or b["met"] is None:
            return ""
        limit = b["budget"]
        shown = _mib(limit) if key.endswith("bytes") else (f"{limit:g}x" if key.endswith("ratio") else _s(limit))
        return f"{'ok' if b['met'] else 'MISSED'} (budget {shown})"

    floor = results.get("floor")
    if floor:
        rows.append(("dbt floor (one seed, one model), alternately", _stat(floor["seconds"]), ""))
    build = results.get("build")
    if build:
        rows.append(("forced full build, end to end", _stat(build["seconds"]), ""))
        for phase in PHASE_ORDER:
            if phase in build["phases"]:
                rows.append((f"  phase {phase}", _stat(build["phases"][phase]), ""))
        rows.append(("  CPU time (user + system)", _stat(build["cpu_seconds"]), ""))
        rows.append(("  peak RSS (process tree)", _stat(build["peak_rss_bytes"], _mib), ""))
    rebuild = results.get("rebuild")
    if rebuild:
        for key, label in (
            ("no_change", "build, no change"),
            ("seed_value_edited", f"build, one value of {Path(rebuild['seed']).name} edited"),
            ("model_edited", f"build, {Path(rebuild['model']).stem} edited"),
        ):
            summary = rebuild[key]
            rows.append((label, _stat(summary["seconds"]), "" if summary["all_ok"] else "a build FAILED"))
            rows.append(("  CPU time (user + system)", _stat(summary["cpu_seconds"]), ""))
    app = results.get("app")
    if app and app.get("ok"):
        for page, timing in app["pages"].items():
            rows.append((f"AppTest {page}: first render", _stat(timing["first_render_s"], _ms), ""))
            rows.append(
                (
                    f"AppTest {page}: re-render",
                    _stat(timing["rerender_s"], _ms),
                    timing["widget_changed"] or "no widget",
                )
            )
        rows.append(("app: slowest first render", _ms(app["first_render_max_s"]), mark("app.first_render_max_s")))
        rows.append((f"app: query p50 ({app['query_count']} queries)", _ms(app["query_p50_s"]), ""))
        rows.append(("app: query p95", _ms(app["query_p95_s"]), mark("app.query_p95_s")))
        rows.append(("app: opening a read-only connection, p50", _ms(app.get("connect_p50_s")), ""))
        rows.append(("app: query p95, fresh connection each", _ms(app.get("fresh_connection_query_p95_s")), "what-if"))
        rows.append(("app: peak RSS", _mib(app["peak_tree_rss_bytes"]), ""))
    browser = results.get("browser")
    if browser and browser.get("ok"):
        for page, timing in browser["pages"].items():
            note = f"{timing['widget_changed']}; script run {_stat(timing['script_run_s'], _ms)}"
            rows.append(
                (
                    f"browser {page}: re-render, until settled",
                    _stat(timing["rerender_s"], _ms),
                    note + (f"; {timing['error']}" if timing.get("error") else ""),
                )
            )
    scale = results.get("scale")
    if scale and "sizes" in scale:
        for size, entry in scale["sizes"].items():
            run = entry["build"]
            status = "" if run["ok"] else (" TIMED OUT" if run.get("timed_out") else " FAILED")
            rows.append((f"scale {size} ({entry['extract']['rows']:,} rows): build", _s(run["seconds"]) + status, ""))
            rows.append((f"scale {size}: CPU time", _s(run["cpu_seconds"]), ""))
            rows.append((f"scale {size}: peak RSS", _mib(run["peak_tree_rss_bytes"]), ""))
    return "\n".join(_columns(rows, ("figure", "median", "")))


def render_table(results: dict) -> str:
    """Details first, then the budget table (the last thing on screen)."""
    return f"{render_details(results)}\n\n{render_budget_table(results)}"


# --- docs/performance.md -------------------------------------------------------------------------------------


def _median(summary: dict | None, fmt=_s) -> str:
    if not summary or not summary.get("n"):
        return "-"
    text = fmt(summary["median"])
    return text + (f" (spread {fmt(summary['spread'])})" if summary["n"] > 1 else "")


OUTER_PHASES = ("input_checks", "raw_sources", "gx_input_suites", "dbt", "gx_warehouse_suites", "coverage", "publish")


def performance_markdown(results: dict) -> str:
    """The latest run: when, on what commit and load; the budget table; then where the time goes."""
    plan = results.get("plan", {})
    lines = [
        f"Latest run: {run_header(results)}. Medians of {plan.get('build_repeats')} forced full builds and "
        f"{plan.get('rebuild_repeats')} of each other build, each full build and seed edit after a run of the dbt "
        f"floor; {plan.get('app_rounds')} AppTest and {plan.get('browser_rounds')} browser re-renders per page; one "
        "build per extract scale.",
        "",
        "| figure | measured | budget | |",
        "|---|---|---|---|",
    ]
    for row in budget_rows(results):
        verdict = "ok" if row["ok"] else "**MISSED**"
        lines.append(f"| {row['figure']} | {row['measured']} | {row['budget']} | {verdict} |")
    build = results.get("build")
    if build:
        phases = build.get("phases", {})
        lines += ["", "| where a forced full build's time goes | median |", "|---|---|"]
        outer = [p for p in OUTER_PHASES if p in phases]
        if outer:
            lines.append(
                f"| phases: {' / '.join(p.replace('_', ' ') for p in outer)} (GX input suites beside dbt) | "
                f"{' / '.join(_s(phases[p]['median']) for p in outer)} |"
            )
        inner = [p for p in ("dbt_parse", "dbt_seeds", "dbt_models", "dbt_tests") if p in phases]
        if inner:
            shown = " / ".join(_s(phases[p]["median"]) for p in inner)
            lines.append(f"| dbt: {' / '.join(p[4:] for p in inner)} | {shown} |")
        lines.append(f"| CPU time (user + system) | {_median(build['cpu_seconds'])} |")
        lines.append(f"| peak memory (process tree) | {_median(build['peak_rss_bytes'], _mib)} |")
    return "\n".join(lines)


def write_performance_doc(results: dict, path: Path) -> None:
    """Replace the figures block of docs/performance.md (between the markers) with these results."""
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Performance\n\n{BEGIN_MARKER}\n{END_MARKER}\n"
    if BEGIN_MARKER not in text or END_MARKER not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN_MARKER}\n{END_MARKER}\n"
    before, rest = text.split(BEGIN_MARKER, 1)
    after = rest.split(END_MARKER, 1)[1]
    path.write_text(f"{before}{BEGIN_MARKER}\n{performance_markdown(results)}\n{END_MARKER}{after}", encoding="utf-8")
