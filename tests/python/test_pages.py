"""The page registry (streamlit_app/pages.py) is the one list of the app's pages: the views folder, app.py's
navigation (through the browser tests), and dbt's exposures all agree with it, and every mart a page reads is
declared in its exposure. The app reads marts only."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT
from streamlit_app import data
from streamlit_app.pages import PAGES, AppPage

APP = REPO_ROOT / "streamlit_app"
EXPOSURES = REPO_ROOT / "models" / "marts" / "_marts__exposures.yml"
RELATION = re.compile(r"\b(marts|seeds|staging|intermediate|data_quality)\.([a-z_0-9]+)\b")


def exposures() -> dict[str, dict]:
    document = yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))
    return {exposure["name"]: exposure for exposure in document["exposures"]}


def declared_marts(exposure: dict) -> set[str]:
    return {re.fullmatch(r"ref\('([a-z_0-9]+)'\)", ref).group(1) for ref in exposure.get("depends_on") or []}


def test_every_view_is_a_registered_page_and_every_page_a_view() -> None:
    views = {path.stem for path in (APP / "views").glob("*.py") if path.stem != "__init__"}
    assert views == {page.slug for page in PAGES}
    assert [page.default for page in PAGES].count(True) == 1


def test_every_page_is_a_dbt_exposure_with_its_title_url_and_description() -> None:
    declared = exposures()
    assert set(declared) == {page.exposure for page in PAGES}, "exposures and pages differ"
    for page in PAGES:
        exposure = declared[page.exposure]
        assert exposure["label"] == f"App: {page.title}"
        assert exposure["url"] == page.url
        assert exposure["description"] == page.description


def test_the_app_reads_marts_only() -> None:
    """Every query the app can run is in the data package; none reads seeds, staging or intermediate models."""
    source = "".join(path.read_text(encoding="utf-8") for path in (APP / "data").glob("*.py"))
    layers = {schema for schema, _ in RELATION.findall(source)}
    assert layers <= {"marts", "data_quality"}, f"the data package reads {sorted(layers)}"
    for view in (APP / "views").glob("*.py"):
        spelled = {f"{schema}.{name}" for schema, name in RELATION.findall(view.read_text(encoding="utf-8"))}
        assert {r for r in spelled if not r.startswith("data_quality.")} == set(), (
            f"{view.name} spells {sorted(spelled)}: queries go in the data package"
        )


def marts_a_page_can_read(page: AppPage) -> set[str]:
    """The marts in the SQL of every data function the page's module (or an app module it imports) calls, and of
    the functions those call."""
    functions = {name: value for name, value in vars(data).items() if inspect.isfunction(value)}
    source = (APP / page.view).read_text(encoding="utf-8")
    # the app's own modules the page imports (its shared focus picker, the UI helpers) query through data too
    helpers = re.findall(r"from streamlit_app import ([\w, ]+)", source)
    for module in {m.strip() for line in helpers for m in line.split(",")} - {"data"}:
        source += (APP / f"{module}.py").read_text(encoding="utf-8")
    pending = set(re.findall(r"\bdata\.(\w+)", source)) & set(functions)
    seen: set[str] = set()
    marts: set[str] = set()
    while pending:
        name = pending.pop()
        seen.add(name)
        source = inspect.getsource(functions[name])
        marts |= {relation for schema, relation in RELATION.findall(source) if schema == "marts"}
        pending |= (set(re.findall(r"\b(\w+)\(", source)) & set(functions)) - seen
    return marts


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_each_exposure_declares_the_marts_its_page_can_read(page: AppPage) -> None:
    declared = declared_marts(exposures()[page.exposure])
    assert marts_a_page_can_read(page) == declared, (
        f"{page.slug}: its queries read {sorted(marts_a_page_can_read(page))}"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_each_page_reads_only_marts_its_exposure_declares(
    page: AppPage, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page as it runs (every query it asks for, told through data's query listener) against the session's
    warehouse."""
    read: set[str] = set()

    def record(sql: str, params: tuple) -> None:
        read.update(name for schema, name in RELATION.findall(sql) if schema == "marts")

    stop = data.add_query_listener(record)
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    try:
        app = AppTest.from_file(str(APP / page.view), default_timeout=60).run()
    finally:
        stop()
    assert not app.exception, [e.value for e in app.exception]
    declared = declared_marts(exposures()[page.exposure])
    assert read <= declared, f"{page.slug} reads {sorted(read - declared)}, which its exposure does not declare"
    assert read or not declared, f"{page.slug} read no mart at all"
