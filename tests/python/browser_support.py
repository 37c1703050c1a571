"""Helpers for the real-browser tests: serve the Streamlit app on a free local port, drive Debian's chromium.

Used by test_browser.py and test_accessibility.py. Chromium is Debian's package (`make browser-deps`); Playwright's
own browser download is not used. When chromium is missing the tests skip with the reason printed.
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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# The app's one page registry: the pages in navigation order and the browser-tab title suffix.
from streamlit_app.pages import PAGES, SITE_TITLE, AppPage  # noqa: F401  (re-exported to the browser tests)

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: Desktop viewport used for every page (screenshots and scans).
VIEWPORT = {"width": 1280, "height": 900}


#: Set to a built warehouse file to skip the session build while working on these tests.
ENV_TEST_WAREHOUSE = "SCRUTINY_TEST_WAREHOUSE"


def app_warehouse(request: pytest.FixtureRequest) -> Path:
    """The warehouse the app is served against: the session build (conftest's built_warehouse) by default."""
    override = os.environ.get(ENV_TEST_WAREHOUSE)
    if override:
        return Path(override)
    return request.getfixturevalue("built_warehouse")


def chromium_path() -> str:
    """Debian's chromium, or skip the test with the reason when it is not installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    reason = "chromium is not installed (`make browser-deps` installs Debian's chromium): browser tests skipped"
    print(reason)
    pytest.skip(reason)
    raise AssertionError("unreachable")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    base_url: str
    process: subprocess.Popen
    log: Path

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path}"

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


@contextmanager
def serve_app(warehouse: Path, log_dir: Path, timeout: float = 60, script: Path | None = None) -> Iterator[AppServer]:
    """Start `streamlit run streamlit_app/app.py` (or another ``script``, such as a benchmark's hello-world page) on a
    free loopback port against `warehouse`; stop it at exit."""
    port = free_port()
    env = dict(os.environ)
    env["SCRUTINY_WAREHOUSE"] = str(warehouse)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{port}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script or REPO / "streamlit_app" / "app.py"),
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
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = AppServer(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(server.url("_stcore/health"), timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"streamlit was not healthy after {timeout:.0f}s:\n{server.log_tail()}")
            time.sleep(0.25)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def chromium_browser() -> Iterator[object]:
    """One headless Debian chromium through Playwright."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page, timeout_ms: float = 30_000) -> None:
    """Wait until the app is connected and its script has finished running (Streamlit's own test hooks)."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', state="attached", timeout=timeout_ms
    )
    # The script state goes initial -> running -> notRunning; wait for a finished run that drew a title.
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelector('h1') !== null
                && document.querySelector('[data-testid="stSkeleton"]') === null;
        }""",
        timeout=timeout_ms,
    )
    # Lazily loaded elements (charts, toggles, buttons) replace their skeletons above; give Vega a moment to draw.
    page.wait_for_timeout(300)


def wait_for_rerun(page, timeout_ms: float = 30_000) -> None:
    """After an interaction: wait for the rerun it triggers to start (if it does) and to finish."""
    # The rerun may have started and finished already, so not seeing it run is fine.
    with contextlib.suppress(Exception):
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="running"]', state="attached", timeout=1_500
        )
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached", timeout=timeout_ms
    )
    page.wait_for_timeout(300)


def exception_texts(page) -> list[str]:
    return [element.inner_text() for element in page.query_selector_all('[data-testid="stException"]')]


def open_page(page, server: AppServer, app_page: AppPage) -> None:
    """Load one page of the app in the browser tab and wait for it to finish rendering."""
    response = page.goto(server.url(app_page.url_path), wait_until="domcontentloaded")
    assert response is not None and response.ok, f"{app_page.slug}: HTTP {response and response.status}"
    wait_for_app(page)


@dataclass
class SharedApp:
    """The one browser and the one Streamlit server that every browser test of a pytest session uses."""

    browser: object
    server: AppServer
    source_warehouse: Path
    #: The live path the server reads: a copy of source_warehouse that a test may replace (a publish).
    live_warehouse: Path


def shared_app(request: pytest.FixtureRequest) -> SharedApp:
    """Start chromium and the app once per pytest session (the first browser test pays for it); both are stopped
    at the end of the session by pytest's config cleanup, which runs however the session ends."""
    config = request.config
    existing = getattr(config, "_scrutiny_shared_app", None)
    if existing is not None:
        return existing
    chromium_path()  # skips with the reason when chromium is missing
    source = app_warehouse(request)
    stack = contextlib.ExitStack()
    config.add_cleanup(stack.close)
    root = request.getfixturevalue("tmp_path_factory").mktemp("browser-app")
    live = root / "warehouse" / "scrutiny.duckdb"
    live.parent.mkdir()
    shutil.copy2(source, live)
    browser = stack.enter_context(chromium_browser())
    server = stack.enter_context(serve_app(live, root / "logs"))
    shared = SharedApp(browser, server, source, live)
    config._scrutiny_shared_app = shared
    return shared


@contextmanager
def new_tab(shared: SharedApp) -> Iterator[object]:
    """A fresh browser context and tab; the first page load also registers the st.navigation pages."""
    context = shared.browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        open_page(page, shared.server, PAGES[0])
        yield page
    finally:
        context.close()
