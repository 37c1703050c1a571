"""Budgets, the table on screen, and docs/performance.md."""

from __future__ import annotations

from pathlib import Path

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
#: docs/performance.md: the lines between these markers are the latest figures, rewritten by `make bench`.
BEGIN_MARKER = "<!-- figures written by make bench: begin -->"
END_MARKER = "<!-- figures written by make bench: end -->"


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


# --- docs/performance.md -------------------------------------------------------------------------------------


def _verdict(results: dict, key: str) -> str:
    budget = (results.get("budgets") or {}).get(key)
    if not budget or budget["met"] is None:
        return ""
    limit = budget["budget"]
    shown = _mib(limit) if key.endswith("bytes") else (f"{limit:g}x" if key.endswith("ratio") else _s(limit))
    return f"{shown}: {'ok' if budget['met'] else '**missed**'}"


def _median(summary: dict | None, fmt=_s) -> str:
    if not summary or not summary.get("n"):
        return "-"
    text = fmt(summary["median"])
    return text + (f" (spread {fmt(summary['spread'])})" if summary["n"] > 1 else "")


OUTER_PHASES = ("input_checks", "raw_sources", "gx_input_suites", "dbt", "gx_warehouse_suites", "coverage", "publish")


def performance_markdown(results: dict) -> str:
    """The latest figures as a markdown table, with when, where and how they were measured."""
    machine = results.get("machine", {})
    plan = results.get("plan", {})
    load = ", ".join(f"{x:.1f}" for x in machine.get("load_average_at_start") or [])
    lines = [
        f"Measured {str(results.get('started_at', ''))[:10]} on commit `{results.get('git_commit') or '?'}`: "
        f"{machine.get('cpus')} cpus ({machine.get('cpu_model')}), {(machine.get('memory_bytes') or 0) / 1024**3:.0f} "
        f"GiB, load average at start {load}; medians of {plan.get('build_repeats')} builds and rebuilds, "
        f"{plan.get('app_rounds')} renders per page, {plan.get('query_repeats')} runs per query. The benchmark took "
        f"{results.get('bench_seconds', 0) / 60:.1f} minutes.",
        "",
        "| figure | measured | budget |",
        "|---|---|---|",
    ]
    build = results.get("build")
    if build:
        phases = build.get("phases", {})
        lines.append(f"| full build, end to end | {_median(build['seconds'])} | {_verdict(results, 'build.full_s')} |")
        outer = [p for p in OUTER_PHASES if p in phases]
        if outer:
            lines.append(
                f"| — phases: {' / '.join(p.replace('_', ' ') for p in outer)} (GX input suites run beside dbt) | "
                f"{' / '.join(_s(phases[p]['median']) for p in outer)} | |"
            )
        inner = [p for p in ("dbt_parse", "dbt_seeds", "dbt_models", "dbt_tests") if p in phases]
        if inner:
            shown = " / ".join(_s(phases[p]["median"]) for p in inner)
            lines.append(f"| — dbt: {' / '.join(p[4:] for p in inner)} | {shown} | |")
        lines.append(f"| build CPU time (user + system) | {_median(build['cpu_seconds'])} | |")
        lines.append(f"| build peak memory (process tree) | {_median(build['peak_rss_bytes'], _mib)} | |")
    rebuild = results.get("rebuild")
    if rebuild:
        lines.append(
            f"| no-change rebuild | {_median(rebuild['no_change']['seconds'])} | "
            f"{_verdict(results, 'rebuild.no_change_s')} |"
        )
        lines.append(f"| rebuild after touching one seed | {_median(rebuild['seed_touched']['seconds'])} | |")
    app = results.get("app")
    if app and app.get("ok"):
        slowest = max(app["pages"], key=lambda p: app["pages"][p]["first_render_s"]["median"] or 0)
        slowest_re = max(app["pages"], key=lambda p: app["pages"][p]["rerender_s"]["median"] or 0)
        lines += [
            f"| app: slowest page, first render | {_ms(app['first_render_max_s'])} ({slowest}) | "
            f"{_verdict(results, 'app.first_render_max_s')} |",
            f"| app: slowest page, re-render after a widget change | {_ms(app['rerender_max_s'])} ({slowest_re}) | "
            f"{_verdict(results, 'app.rerender_max_s')} |",
            f"| app: query latency p50 / p95 ({app['query_count']} queries) | {_ms(app['query_p50_s'])} / "
            f"{_ms(app['query_p95_s'])} | p95 {_verdict(results, 'app.query_p95_s')} |",
            f"| app peak memory | {_mib(app['peak_tree_rss_bytes'])} | |",
        ]
    scale = results.get("scale")
    if scale and "sizes" in scale:
        for size, entry in scale["sizes"].items():
            run = entry["build"]
            status = "" if run["ok"] else (" **timed out**" if run.get("timed_out") else " **failed**")
            verdicts = [_verdict(results, f"scale.{size}_build_s"), _verdict(results, f"scale.{size}_peak_rss_bytes")]
            if size == "10x":
                verdicts.append(_verdict(results, "scale.10x_over_1x_ratio"))
            lines.append(
                f"| scale {size} ({entry['extract']['rows']:,} rows) | {_s(run['seconds'])}{status}, "
                f"{_mib(run.get('peak_tree_rss_bytes'))} | {'; '.join(v for v in verdicts if v)} |"
            )
    return "\n".join(lines)


def write_performance_doc(results: dict, path: Path) -> None:
    """Replace the figures block of docs/performance.md (between the markers) with these results."""
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Performance\n\n{BEGIN_MARKER}\n{END_MARKER}\n"
    if BEGIN_MARKER not in text or END_MARKER not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN_MARKER}\n{END_MARKER}\n"
    before, rest = text.split(BEGIN_MARKER, 1)
    after = rest.split(END_MARKER, 1)[1]
    path.write_text(f"{before}{BEGIN_MARKER}\n{performance_markdown(results)}\n{END_MARKER}{after}", encoding="utf-8")
