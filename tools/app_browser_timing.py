"""The app's re-render time after a widget change, in a real browser (Debian's chromium through Playwright): on each
page, one selectbox is changed several times and the time is taken from the key press to the end of the script run
it triggers (Streamlit's ``data-test-script-state`` back to ``notRunning``) and to the page settling (no change to
the page for 400 ms: charts drawn). The first change of each page warms its caches and is not counted.

    python -m tools.app_browser_timing [--warehouse FILE] [--rounds 4] [--out FILE.json] [--first-loads]

With --first-loads it times each page's first load instead: a new browser session opening the page, from the
navigation to the page settled, beside a hello-world Streamlit page served the same way in the same run (the
budget is a ratio to it, so the machine's speed and load cancel out).

A developer tool beside the pipeline (the bench can call ``measure``); it serves the app with the browser tests'
helpers (tests/python/browser_support.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from scrutiny import paths

#: Page slug -> the label of the selectbox changed on it (a page without one is not timed).
WIDGETS = {
    "overview": "Focus authority",
    "benchmarks": "Indicator",
    "neighbours": "Period",
    "complaints": "Stream",
    "safeguarding": "Financial year",
    "context": "Partner or subgroup",
    "data_quality": "Expectations of suite",
}

#: Records each change of the script state and the time of the last change to the page.
_OBSERVER = """() => {
  window.__runs = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    window.__runs.push([app.getAttribute('data-test-script-state'), performance.now()]);
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  window.__lastMutation = performance.now();
  new MutationObserver(() => { window.__lastMutation = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
_STARTED = "() => window.__runs.some(r => r[0] === 'running')"
_FINISHED = "() => window.__runs.length && window.__runs[window.__runs.length - 1][0] === 'notRunning'"
_SETTLED = "() => performance.now() - window.__lastMutation > 400"


def _change(page, box, key: str) -> float:
    """Choose the next (ArrowDown) or previous (ArrowUp) option; returns the page's clock at the key press."""
    box.click()
    page.wait_for_timeout(150)
    page.evaluate("() => { window.__runs = []; }")
    pressed = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    page.keyboard.press("Enter")
    return pressed


def _time_one_change(page, box, key: str) -> tuple[float, float]:
    """(script run ms, settled ms) after one change; at either end of the list it goes the other way."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pressed = _change(page, box, key)
    try:
        page.wait_for_function(_STARTED, timeout=4_000)
    except PlaywrightTimeout:  # no run started: the option did not change (the end of the list)
        pressed = _change(page, box, "ArrowUp" if key == "ArrowDown" else "ArrowDown")
        page.wait_for_function(_STARTED, timeout=30_000)
    page.wait_for_function(_FINISHED, timeout=30_000)
    page.wait_for_function(_SETTLED, timeout=30_000)
    finished = [t for state, t in page.evaluate("() => window.__runs") if state == "notRunning"][-1]
    return finished - pressed, page.evaluate("() => window.__lastMutation") - pressed


def measure(warehouse: Path, rounds: int = 4) -> dict[str, dict]:
    """Per page: the widget changed, each change's script-run and settled milliseconds, and their medians."""
    sys.path.insert(0, str(paths.REPO_ROOT))
    from tests.python.browser_support import PAGES, VIEWPORT, chromium_browser, exception_texts, open_page, serve_app

    results: dict[str, dict] = {}
    with (
        tempfile.TemporaryDirectory() as logs,
        chromium_browser() as browser,
        serve_app(warehouse, Path(logs)) as server,
    ):
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        open_page(page, server, PAGES[0])
        for app_page in PAGES:
            label = WIDGETS.get(app_page.slug)
            if label is None:
                continue
            open_page(page, server, app_page)
            page.evaluate(_OBSERVER)
            box = page.get_by_label(label, exact=True).first
            script, settled = [], []
            for i in range(rounds + 1):
                run_ms, settled_ms = _time_one_change(page, box, "ArrowDown" if i % 2 == 0 else "ArrowUp")
                if i:  # the first change warms the page's caches
                    script.append(run_ms)
                    settled.append(settled_ms)
            results[app_page.slug] = {
                "widget": label,
                "script_ms": script,
                "settled_ms": settled,
                "script_median_ms": statistics.median(script),
                "settled_median_ms": statistics.median(settled),
                "exceptions": exception_texts(page)[:1],
            }
        context.close()
    return results


#: The hello-world page a first load is compared with: Streamlit's smallest page with a title and a line.
HELLO_WORLD = 'import streamlit as st\n\nst.title("Hello")\nst.write("world")\n'
#: Installed before any of a page's scripts: the time of the last change to the page.
_LAST_MUTATION = """
window.__lastMutation = performance.now();
new MutationObserver(() => { window.__lastMutation = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def _first_load_ms(browser, url: str, viewport: dict) -> float:
    """A new session's load of ``url``: milliseconds from the navigation's start to the page's last change before
    it settled (the script run finished, its title drawn, then no change for 400 ms)."""
    sys.path.insert(0, str(paths.REPO_ROOT))
    from tests.python.browser_support import wait_for_app

    context = browser.new_context(viewport=viewport)
    context.add_init_script(_LAST_MUTATION)
    try:
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        wait_for_app(page)
        page.wait_for_function(_SETTLED, timeout=30_000)
        return float(page.evaluate("() => window.__lastMutation"))
    finally:
        context.close()


def measure_first_loads(warehouse: Path, rounds: int = 3) -> dict:
    """Each page's and a hello-world page's first load in a new session, ``rounds`` times after one warm-up load
    (the servers' first run of a script imports and caches what every later session reuses)."""
    sys.path.insert(0, str(paths.REPO_ROOT))
    from tests.python.browser_support import PAGES, VIEWPORT, chromium_browser, serve_app

    with tempfile.TemporaryDirectory() as work, chromium_browser() as browser:
        hello = Path(work) / "hello_world.py"
        hello.write_text(HELLO_WORLD, encoding="utf-8")
        with (
            serve_app(warehouse, Path(work) / "logs-app") as app,
            serve_app(warehouse, Path(work) / "logs-hello", script=hello) as hello_server,
        ):
            targets = {"hello_world": hello_server.url()} | {p.slug: app.url(p.url_path) for p in PAGES}
            loads: dict[str, list[float]] = {slug: [] for slug in targets}
            for i in range(rounds + 1):
                for slug, url in targets.items():  # interleaved, so a busy moment falls on every page alike
                    ms = _first_load_ms(browser, url, VIEWPORT)
                    if i:
                        loads[slug].append(ms)
    return {"hello_world_ms": loads.pop("hello_world"), "pages_ms": loads}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.app_browser_timing", description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, default=paths.warehouse_path())
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--first-loads", action="store_true", help="time each page's first load instead")
    args = parser.parse_args(argv)
    if args.first_loads:
        loads = measure_first_loads(args.warehouse, args.rounds)
        hello = statistics.median(loads["hello_world_ms"])
        print(f"{'hello world':14s} first load {hello:6.0f} ms")
        for slug, ms in loads["pages_ms"].items():
            print(f"{slug:14s} first load {statistics.median(ms):6.0f} ms = {statistics.median(ms) / hello:.2f}x")
        if args.out:
            args.out.write_text(json.dumps(loads, indent=2), encoding="utf-8")
        return 0
    results = measure(args.warehouse, args.rounds)
    for slug, found in results.items():
        print(
            f"{slug:14s} {found['widget']!r:28s} script run {found['script_median_ms']:6.0f} ms, "
            f"settled {found['settled_median_ms']:6.0f} ms (median of {len(found['script_ms'])})"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
