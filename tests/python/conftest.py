"""Shared fixtures: one full build per test session, and throwaway copies of the project for build tests.

``built_warehouse`` runs ``python -m scrutiny build`` once, from the repository, with the live warehouse and the
build folder in a temporary directory (environment variables from scrutiny/paths.py), and returns the published
warehouse file. Every test that needs the warehouse reuses it. A test that must change an input copies the
project with ``project_copy`` and builds the copy with ``run_build``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scrutiny import paths

REPO = paths.REPO_ROOT
#: What a build needs from the project (everything else, e.g. .venv, warehouse/, build/, .git, is left out).
PROJECT_ITEMS = (
    "dbt_project.yml",
    "profiles.yml",
    "packages.yml",
    "seeds",
    "models",
    "macros",
    "tests",
    "analyses",
    "snapshots",
    "data",
    "expectations",
    "scrutiny",
)
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "target", "logs")


@dataclass
class Sandbox:
    """A place to build: a project folder and where its live warehouse and build output go."""

    project: Path
    warehouse: Path
    build_dir: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env[paths.ENV_WAREHOUSE] = str(self.warehouse)
        env[paths.ENV_BUILD_DIR] = str(self.build_dir)
        lait = paths.lait_dir()
        env[paths.ENV_LAIT_DIR] = str(lait) if lait else ""
        env.pop(paths.ENV_DBT_DATABASE, None)
        env.pop("DBT_TARGET_PATH", None)
        return env


def project_copy(destination: Path) -> Path:
    """Copy the project's build inputs (the working tree as it is, not only what git tracks)."""
    destination.mkdir(parents=True, exist_ok=True)
    for item in PROJECT_ITEMS:
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, destination / item, ignore=_IGNORE)
        elif source.is_file():
            shutil.copy2(source, destination / item)
    return destination


def run_build(sandbox: Sandbox, *args: str, timeout: float = 900, **popen: object) -> subprocess.CompletedProcess[str]:
    """``python -m scrutiny build`` in the sandbox's project (which imports its own copy of the package)."""
    return subprocess.run(
        [sys.executable, "-m", "scrutiny", "build", *args],
        cwd=sandbox.project,
        env=sandbox.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the repository's warehouse once into a temp folder; return the published (live) warehouse file.
    SCRUTINY_TEST_WAREHOUSE names an already built warehouse to use instead (while working on tests)."""
    override = os.environ.get("SCRUTINY_TEST_WAREHOUSE")
    if override:
        return Path(override)
    root = tmp_path_factory.mktemp("built")
    sandbox = Sandbox(REPO, root / "warehouse" / "scrutiny.duckdb", root / "build")
    result = run_build(sandbox)
    if result.returncode != 0:
        pytest.fail(f"the build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    assert sandbox.warehouse.is_file()
    return sandbox.warehouse


@pytest.fixture(scope="session")
def warehouse(built_warehouse: Path) -> Path:
    """Alias of built_warehouse."""
    return built_warehouse


@pytest.fixture(scope="session")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    """A pristine copy of the project and a stand-in live warehouse.

    The live file only has to be a real DuckDB warehouse whose bytes must not change; it is made here instead of
    by a full build so the bad-input tests do not wait for (or depend on) one.
    """
    import duckdb

    root = tmp_path_factory.mktemp("good")
    sandbox = Sandbox(project_copy(root / "project"), root / "warehouse" / "scrutiny.duckdb", root / "build")
    sandbox.warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(sandbox.warehouse)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.published as select 'last good build' as note")
    return sandbox


@pytest.fixture
def sandbox(tmp_path: Path, good_project: Sandbox) -> Sandbox:
    """A fresh copy of the good project and its live warehouse, for one test to break."""
    project = tmp_path / "project"
    shutil.copytree(good_project.project, project)
    warehouse = tmp_path / "warehouse" / "scrutiny.duckdb"
    warehouse.parent.mkdir(parents=True)
    shutil.copy2(good_project.warehouse, warehouse)
    return Sandbox(project, warehouse, tmp_path / "build")


class BuildTools:
    """Helpers for build tests, handed out as the ``build_tools`` fixture (test modules cannot import conftest)."""

    run_build = staticmethod(run_build)
    sha256 = staticmethod(sha256)
    project_copy = staticmethod(project_copy)
    Sandbox = Sandbox


@pytest.fixture(scope="session")
def build_tools() -> type[BuildTools]:
    return BuildTools
