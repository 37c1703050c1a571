"""The app's re-render after a widget change, in a real browser: the app served by `streamlit run` against the
snapshot's warehouse, every page opened in Debian's chromium (through Playwright), the first widget in the page's
main area changed, and the time taken from the change until Streamlit reports the rerun finished
(``data-test-script-state`` back to ``notRunning``: the script ran and its output reached the page).

The time is read inside the page (``performance.now()`` when the change is made, a MutationObserver when the run
ends), so the harness's own round trips to the browser are not counted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tools.bench.stats import summarise

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
APP_SELECTOR = '[data-testid="stApp"]'
MAIN_SELECTOR = '[data-testid="stMain"]'

#: Installed in the page before a change: notes when a run starts after the change and when it ends.
WATCH_RUN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__bench = {start: null, sawRunning: false, end: null};
    if (window.__benchObserver) window.__benchObserver.disconnect();
    window.__benchObserver = new MutationObserver(() => {
        const state = app.getAttribute('data-test-script-state');
        if (window.__bench.start === null) return;
        if (state === 'running') window.__bench.sawRunning = true;
        else if (state === 'notRunning' && window.__bench.sawRunning && window.__bench.end === null)
            window.__bench.end = performance.now();
    });
    window.__benchObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
MARK_START = "() => { window.__bench.start = performance.now(); }"
RUN_ENDED = "() => window.__bench && window.__bench.end !== null"
ELAPSED = "() => (window.__bench.end - window.__bench.start) / 1000"


def _echo(message: str) -> None:
    print(message, flush=True)


def chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served_app(project: Path, env: dict, log: Path, timeout: float = 90) -> Iterator[str]:
    """`streamlit run` of the snapshot's app on a free loopback port; yields its base URL; stopped at exit."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(project / "streamlit_app" / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    server_env = {**env, "PYTHONPATH": str(project) + os.pathsep + env.get("PYTHONPATH", "")}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=project, env=server_env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}; see {log}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit was not healthy after {timeout:.0f}s; see {log}")
            time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_idle(page, timeout_ms: float = 60_000) -> None:
    page.wait_for_selector(
        f'{APP_SELECTOR}[data-test-connection-state="CONNECTED"]', state="attached", timeout=timeout_ms
    )
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelector('h1') !== null
                && document.querySelector('[data-testid="stSkeleton"]') === null;
        }""",
        timeout=timeout_ms,
    )


def _change_a_widget(page, round_number: int) -> str | None:
    """Change the first widget of the page's main area that can change (a select box, a radio, a checkbox or a
    toggle); the clock starts just before the change is committed. Returns what was changed."""
    main = page.locator(MAIN_SELECTOR)
    boxes = main.locator('[data-testid="stSelectbox"]')
    if boxes.count():
        box = boxes.first
        label = box.locator('[data-testid="stWidgetLabel"]').first.inner_text()
        options = page.get_by_role("option")
        for attempt in range(3):  # a late layout shift (a chart drawn above) can make the click miss the box
            box.scroll_into_view_if_needed()
            box.get_by_role("button", name="Open").click()
            try:
                options.first.wait_for(state="visible", timeout=5_000)
                break
            except Exception:
                if attempt == 2:
                    raise
                page.keyboard.press("Escape")
        choices = [i for i in range(options.count()) if options.nth(i).get_attribute("aria-selected") != "true"]
        if choices:
            page.evaluate(MARK_START)
            options.nth(choices[round_number % len(choices)]).click()
            return f"selectbox {label!r}"
        page.keyboard.press("Escape")
    radios = main.locator('[data-testid="stRadio"]')
    if radios.count():
        radio = radios.first
        choices = radio.locator('label:has(input[type="radio"]:not(:checked))')
        if choices.count():
            label = radio.locator('[data-testid="stWidgetLabel"]').first.inner_text()
            page.evaluate(MARK_START)
            choices.first.click()
            return f"radio {label!r}"
    for testid, kind in (("stCheckbox", "checkbox"), ("stToggle", "toggle")):
        boxes = main.locator(f'[data-testid="{testid}"]')
        if boxes.count():
            page.evaluate(MARK_START)
            boxes.first.locator("label").first.click()
            return f"{kind} {boxes.first.inner_text()!r}"
    return None


def time_pages(base_url: str, pages: list[tuple[str, str]], rounds: int, executable: str) -> dict:
    """Open each page (name, URL path), change a widget ``rounds`` times, time each rerun."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for name, url_path in pages:
                page = context.new_page()
                seconds: list[float] = []
                changed, error = None, None
                try:
                    page.goto(f"{base_url}/{url_path}", wait_until="domcontentloaded")
                    _wait_idle(page)
                    for round_number in range(rounds):
                        page.evaluate(WATCH_RUN)
                        changed = _change_a_widget(page, round_number)
                        if changed is None:
                            break
                        page.wait_for_function(RUN_ENDED, timeout=60_000)
                        seconds.append(page.evaluate(ELAPSED))
                        _wait_idle(page)
                except Exception as failure:  # a page the harness cannot drive is reported, not fatal
                    error = f"{type(failure).__name__}: {failure}"[:300]
                finally:
                    page.close()
                results[name] = {"rerender_s": summarise(seconds), "widget_changed": changed, "error": error}
        finally:
            browser.close()
    return results


def run_browser(project: Path, env: dict, rounds: int, work: Path, echo=_echo) -> dict:
    """Every page of the app in chromium: re-render after a widget change (median of ``rounds`` per page)."""
    executable = chromium()
    if executable is None:
        echo("  browser: skipped (chromium is not installed: `make browser-deps`)")
        return {"ok": False, "skipped": "chromium is not installed (make browser-deps)"}
    from streamlit_app.pages import PAGES

    pages = [(page.slug, page.url_path) for page in PAGES]
    try:
        with served_app(project, env, work / "browser-streamlit.log") as base_url:
            timed = time_pages(base_url, pages, rounds, executable)
    except (RuntimeError, OSError) as failure:
        echo(f"  browser: FAILED: {failure}")
        return {"ok": False, "error": str(failure)}
    measured = {name: t for name, t in timed.items() if t["rerender_s"]["n"]}
    slowest = max(measured, key=lambda n: measured[n]["rerender_s"]["median"], default=None)
    result = {
        "ok": True,
        "pages": timed,
        "rerender_max_s": measured[slowest]["rerender_s"]["median"] if slowest else None,
        "slowest_page": slowest,
        "unmeasured_pages": sorted(set(timed) - set(measured)),
    }
    echo(
        f"  browser: {len(measured)} of {len(timed)} pages timed, slowest re-render "
        f"{(result['rerender_max_s'] or 0) * 1000:.0f} ms ({slowest})"
        + (f"; not timed: {', '.join(result['unmeasured_pages'])}" if result["unmeasured_pages"] else "")
    )
    return result
