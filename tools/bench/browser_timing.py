"""The app in a real browser, for `make bench`: ``tools.app_browser_timing`` (the app served by `streamlit run`,
opened in Debian's chromium) measures; this module turns its figures into the benchmark's. The re-render after a
widget change: every page with a select box, the box changed several times, the first change warming the page's
caches; per page the median time from the key press to the page settling (the script's rerun finished and the page
drawn: no change to it for 400 ms, those 400 ms not counted), and the script's run alone beside it. The first load:
every page opened in a new browser session, from the navigation to the page settled, beside a hello-world
Streamlit page served the same way in the same run (the budget is the ratio).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scrutiny import paths
from tools.bench.stats import summarise

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def _echo(message: str) -> None:
    print(message, flush=True)


def chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def summarise_pages(measured: dict[str, dict]) -> dict:
    """tools.app_browser_timing's figures (milliseconds) as the benchmark's (seconds, medians, the slowest page)."""
    pages = {
        slug: {
            "rerender_s": summarise([ms / 1000 for ms in found["settled_ms"]]),
            "script_run_s": summarise([ms / 1000 for ms in found["script_ms"]]),
            "widget_changed": f"selectbox {found['widget']!r}",
            "error": "; ".join(found.get("exceptions") or []) or None,
        }
        for slug, found in measured.items()
    }
    timed = {slug: page for slug, page in pages.items() if page["rerender_s"]["n"]}
    slowest = max(timed, key=lambda slug: timed[slug]["rerender_s"]["median"], default=None)
    return {
        "ok": bool(timed),
        "pages": pages,
        "rerender_max_s": timed[slowest]["rerender_s"]["median"] if slowest else None,
        "script_run_max_s": max((p["script_run_s"]["median"] for p in timed.values()), default=None),
        "slowest_page": slowest,
    }


def summarise_first_loads(measured: dict) -> dict:
    """tools.app_browser_timing's first loads (milliseconds) as the benchmark's: per page the median in seconds,
    the slowest page, and its ratio to the hello-world page measured in the same run."""
    pages = {slug: summarise([ms / 1000 for ms in loads]) for slug, loads in measured["pages_ms"].items()}
    hello = summarise([ms / 1000 for ms in measured["hello_world_ms"]])
    slowest = max(pages, key=lambda slug: pages[slug]["median"])
    return {
        "pages": pages,
        "hello_world_s": hello,
        "slowest_page": slowest,
        "max_s": pages[slowest]["median"],
        "ratio": pages[slowest]["median"] / hello["median"],
    }


def run_browser(project: Path, env: dict, rounds: int, work: Path, echo=_echo) -> dict:
    """Every page with a select box, in chromium, against the snapshot's live warehouse."""
    if chromium() is None:
        echo("  browser: skipped (chromium is not installed: `make browser-deps`)")
        return {"ok": False, "skipped": "chromium is not installed (make browser-deps)"}
    from tools.app_browser_timing import measure, measure_first_loads

    warehouse = Path(env[paths.ENV_WAREHOUSE])
    try:
        result = summarise_pages(measure(warehouse, rounds))
        result["first_load"] = summarise_first_loads(measure_first_loads(warehouse, rounds))
    except Exception as failure:  # the browser or the server failed: reported as not measured, not fatal
        echo(f"  browser: FAILED: {type(failure).__name__}: {failure}"[:500])
        return {"ok": False, "error": f"{type(failure).__name__}: {failure}"[:500]}
    first = result["first_load"]
    echo(
        f"  browser: slowest first load {first['max_s'] * 1000:.0f} ms ({first['slowest_page']}) = "
        f"{first['ratio']:.2f}x a hello-world page ({first['hello_world_s']['median'] * 1000:.0f} ms)"
    )
    echo(
        f"  browser: {len(result['pages'])} pages timed, slowest re-render "
        f"{(result['rerender_max_s'] or 0) * 1000:.0f} ms to settle ({result['slowest_page']}), slowest script run "
        f"{(result['script_run_max_s'] or 0) * 1000:.0f} ms"
    )
    return result
