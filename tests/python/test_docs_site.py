"""`make docs` writes dbt's documentation site as one self-contained HTML file (build/docs/index.html): the site,
its manifest and its catalogue in one file an analyst can open or send without a server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from scrutiny import paths

MART = "fct_complaint_measures"
MART_YAML = paths.REPO_ROOT / "models" / "marts" / "complaints" / "_complaints__models.yml"


class _LoadedFiles(HTMLParser):
    """The files an HTML page loads through its tags: script sources and stylesheets (script bodies are text to
    the parser, so markup inside JavaScript strings is not counted)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.loaded.append(found["src"] or "")
        if tag == "link" and (found.get("rel") or "").lower() == "stylesheet":
            self.loaded.append(found.get("href") or "")


def _description(model: str) -> str:
    models = yaml.safe_load(MART_YAML.read_text(encoding="utf-8"))["models"]
    return next(m["description"] for m in models if m["name"] == model)


def test_make_docs_writes_one_self_contained_html_file_describing_the_marts(built_warehouse: Path, tmp_path: Path):
    build_dir = tmp_path / "build"
    env = {**os.environ, paths.ENV_WAREHOUSE: str(built_warehouse), paths.ENV_BUILD_DIR: str(build_dir)}
    env.pop(paths.ENV_DBT_DATABASE, None)
    result = subprocess.run(
        [sys.executable, "-m", "scrutiny", "docs"], cwd=paths.REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    site = build_dir / "docs" / "index.html"
    assert str(site) in result.stdout, "the command names the file it wrote"
    assert sorted(p.name for p in site.parent.iterdir()) == ["index.html"], "one file, nothing beside it"
    html = site.read_text(encoding="utf-8")
    assert html.lower().startswith("<!doctype html>")
    # dbt's --static replaces these placeholders with the manifest and the catalogue themselves
    assert "MANIFEST.JSON INLINE DATA" not in html and "CATALOG.JSON INLINE DATA" not in html
    parser = _LoadedFiles()
    parser.feed(html)
    local = [src for src in parser.loaded if not src.startswith(("http:", "https:", "//", "data:"))]
    assert local == [], f"the page loads files that would have to travel with it: {local}"
    # a mart's description from its YAML is in the file, as dbt writes it into the inlined manifest (JSON)
    description = json.dumps(_description(MART).strip())[1:-1]
    assert description in html, f"{MART}'s description is not in {site}"
