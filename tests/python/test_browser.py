"""The app in a real browser (Debian's chromium through Playwright): every page loads, and the app keeps serving
while a build publishes a new warehouse over the live file.

One Streamlit server and one browser serve all page checks; screenshots go to build/screenshots/<page>.png.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser_support import (
    PAGES,
    SCREENSHOTS,
    SITE_TITLE,
    VIEWPORT,
    AppPage,
    AppServer,
    SharedApp,
    exception_texts,
    new_tab,
    open_page,
    shared_app,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest) -> SharedApp:
    return shared_app(request)


@pytest.fixture(scope="module")
def server(app: SharedApp) -> AppServer:
    return app.server


@pytest.fixture(scope="module")
def tab(app: SharedApp) -> Iterator[object]:
    with new_tab(app) as page:
        yield page


def page_problems(page) -> list[str]:
    """Streamlit exceptions and the warehouse guard's messages: each means the page did not really load."""
    problems = [f"exception: {text[:500]}" for text in exception_texts(page)]
    body = page.inner_text("body")
    for guard in ("No warehouse has been published", "cannot be read", "built by an older version"):
        if guard in body:
            problems.append(f"warehouse guard: {guard}")
    return problems


@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.slug)
def test_page_loads_with_its_title(tab, server: AppServer, app_page: AppPage):
    open_page(tab, server, app_page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Streamlit scrolls its main block, not the document, so a tall window stands in for a full-page shot.
    tab.set_viewport_size({"width": VIEWPORT["width"], "height": 2400})
    try:
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(SCREENSHOTS / f"{app_page.slug}.png"))
    finally:
        tab.set_viewport_size(VIEWPORT)

    assert page_problems(tab) == [], f"{app_page.slug}: {page_problems(tab)}\n{server.log_tail()}"
    assert tab.title() == f"{app_page.title} – {SITE_TITLE}"
    headings = [h.strip() for h in tab.locator("h1").all_inner_texts()]
    assert len(headings) == 1 and headings[0], f"{app_page.slug}: expected one non-empty h1, got {headings}"
    current = tab.locator('[data-testid="stSidebarNav"] a[aria-current="page"]').all_inner_texts()
    assert [c.strip() for c in current] == [app_page.title], f"the navigation marks {current} as current"


def test_navigation_lists_every_page_by_title(tab, server: AppServer):
    open_page(tab, server, PAGES[0])
    links = tab.locator('[data-testid="stSidebarNav"] a')
    assert [t.strip() for t in links.all_inner_texts()] == [p.title for p in PAGES]
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [server.url(p.url_path) for p in PAGES]


def test_app_keeps_serving_while_a_new_warehouse_is_published(app: SharedApp, tab, server: AppServer):
    """A build publishes by writing its candidate beside the live file and renaming it over the live path
    (os.replace, as scrutiny.warehouse.publish does). Readers must never see a failed page while that happens."""
    source, live_warehouse = app.source_warehouse, app.live_warehouse
    stop = threading.Event()
    published: list[float] = []
    errors: list[BaseException] = []

    def publish_until_stopped() -> None:
        try:
            while not stop.is_set():
                candidate = live_warehouse.parent / f".candidate-{len(published)}.duckdb"
                shutil.copy2(source, candidate)
                os.replace(candidate, live_warehouse)
                published.append(time.monotonic())
                stop.wait(0.3)
        except BaseException as error:  # reported by the assertions below
            errors.append(error)

    benchmarks = next(p for p in PAGES if p.slug == "benchmarks")
    identity_before = (live_warehouse.stat().st_ino, live_warehouse.stat().st_ctime_ns)
    publisher = threading.Thread(target=publish_until_stopped, daemon=True)
    publisher.start()
    loads, failures = 4, []
    try:
        for i in range(loads):
            try:
                open_page(tab, server, benchmarks if i % 2 == 0 else PAGES[0])
                problems = page_problems(tab)
            except Exception as error:  # a page that did not load at all is a failure too
                problems = [f"load failed: {error}"]
            if problems:
                failures.append((i, problems))
    finally:
        stop.set()
        publisher.join(timeout=30)

    assert not errors, errors
    assert len(published) >= 3, f"only {len(published)} publishes happened during the page loads"
    # a freed inode can be reused by a later publish; the change time a rename sets cannot repeat
    assert (live_warehouse.stat().st_ino, live_warehouse.stat().st_ctime_ns) != identity_before, "not replaced"
    assert failures == [], f"{len(failures)} of {loads} page loads failed: {failures}\n{server.log_tail()}"


def publish(source, live_warehouse, change_sql: str | None = None) -> None:
    """Publish as a build does (a file beside the live one renamed over it), optionally changed by SQL first."""
    import duckdb

    candidate = live_warehouse.parent / ".candidate-changed.duckdb"
    shutil.copy2(source, candidate)
    if change_sql:
        with duckdb.connect(str(candidate)) as con:
            con.execute(change_sql)
    os.replace(candidate, live_warehouse)


def test_the_next_page_load_shows_a_newly_published_warehouse(app: SharedApp, tab, server: AppServer):
    """A publish with different figures is on the page at the next load: the app does not keep reading the file it
    opened first (DuckDB hands a process the instance it already holds for a path, i.e. the replaced file)."""
    overview = next(p for p in PAGES if p.default)
    figure = "update marts.fct_complaint_measures set value = {} where figure_id = 'gen_complaints_received_2020_21'"
    open_page(tab, server, overview)
    assert "9,876" not in tab.inner_text("body")
    try:
        publish(app.source_warehouse, app.live_warehouse, figure.format(9876))
        open_page(tab, server, overview)
        assert page_problems(tab) == [], server.log_tail()
        assert "9,876" in tab.inner_text("body"), "the page still shows the warehouse published before"
        publish(app.source_warehouse, app.live_warehouse, figure.format(5432))
        open_page(tab, server, overview)
        body = tab.inner_text("body")
        assert "5,432" in body and "9,876" not in body
    finally:
        publish(app.source_warehouse, app.live_warehouse)
    open_page(tab, server, overview)
    assert page_problems(tab) == [] and "5,432" not in tab.inner_text("body")


def test_a_live_warehouse_that_cannot_be_read_is_reported_not_papered_over(app: SharedApp, tab, server: AppServer):
    """A live file that is not a warehouse (here: garbage bytes renamed over it) is reported on the page; the app
    does not go on showing the figures of the file it read before."""
    overview = next(p for p in PAGES if p.default)
    open_page(tab, server, overview)
    assert page_problems(tab) == []
    broken = app.live_warehouse.parent / ".candidate-broken.duckdb"
    broken.write_bytes(b"not a DuckDB file " * 4096)
    try:
        os.replace(broken, app.live_warehouse)
        open_page(tab, server, overview)
        body = tab.inner_text("body")
        assert "cannot be read" in body, body[:2000]
        assert "Headlines" not in body, "the page showed the figures of the warehouse it read before"
    finally:
        publish(app.source_warehouse, app.live_warehouse)
    open_page(tab, server, overview)
    assert page_problems(tab) == [], server.log_tail()


def test_a_table_downloads_from_the_browser_as_numbers(tab, server: AppServer):
    """A click on a table's download buttons in the browser gives the file the reader opens: a CSV (byte-order mark,
    numbers as numbers beside their unit and status) and an Excel workbook holding numbers."""
    import io

    import pandas as pd
    from openpyxl import load_workbook

    complaints = next(p for p in PAGES if p.slug == "complaints")
    open_page(tab, server, complaints)
    with tab.expect_download(timeout=30_000) as csv_download:
        tab.get_by_role("button", name="Download the data (CSV)").first.click()
    data = Path(csv_download.value.path()).read_bytes()
    assert csv_download.value.suggested_filename == "complaints-received-by-year.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(frame["Complaints received"]), frame.dtypes
    assert set(frame["Complaints received unit"]) == {"count"}

    with tab.expect_download(timeout=30_000) as xlsx_download:
        tab.get_by_role("button", name="Download the data (Excel)").first.click()
    assert xlsx_download.value.suggested_filename == "complaints-received-by-year.xlsx"
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))["Data"]
    column = [c.value for c in sheet[1]].index("Complaints received")
    values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values and all(v is None or isinstance(v, int | float) for v in values), values
    assert page_problems(tab) == [], server.log_tail()
