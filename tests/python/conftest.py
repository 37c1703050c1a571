"""Shared fixtures: one full build per test session, and throwaway copies of the project for build tests.

``built_warehouse`` is the session's one full build of the repository (``python -m scrutiny build``, the live
warehouse and the build folder in a temporary directory, environment variables from scrutiny/paths.py). It starts in
the background as soon as the tests are collected, so it runs while the tests that do not read it run; the tests
that read it are run last. Under pytest-xdist (``make test`` runs two workers) the workers share it: the first to
collect starts it, every worker waits for the same file. A test that must change an input copies the project with
``project_copy`` and builds the copy with ``run_build``.

Test groups, for pytest-xdist's ``--dist loadgroup``: the tests of a module that share a module-scoped fixture (a
served app, a synthetic build) run on one worker, so the fixture is made once.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
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


#: Sandbox.lait: build with the repository's LAIT setting (the shared extract when present).
REPO_LAIT = "repository"


@dataclass
class Sandbox:
    """A place to build: a project folder, where its live warehouse and build output go, and which LAIT extract
    it reads (a folder, None for none, or the repository's)."""

    project: Path
    warehouse: Path
    build_dir: Path
    lait: Path | str | None = REPO_LAIT
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env[paths.ENV_WAREHOUSE] = str(self.warehouse)
        env[paths.ENV_BUILD_DIR] = str(self.build_dir)
        lait = paths.lait_dir() if self.lait == REPO_LAIT else self.lait
        env[paths.ENV_LAIT_DIR] = str(lait) if lait else ""
        env.pop(paths.ENV_DBT_DATABASE, None)
        env.pop("DBT_TARGET_PATH", None)
        env.update(self.extra_env)
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


def without_file_permission_override() -> None:  # pragma: no cover - runs in the child between fork and exec
    """As root, give up the capabilities that ignore file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so
    a read-only or unreadable folder behaves for the build as it would for any user."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: dropped from the build the child execs
            raise OSError(ctypes.get_errno(), "cannot drop CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH")


def run_build(
    sandbox: Sandbox, *args: str, timeout: float = 900, wrapper: tuple[str, ...] = (), **popen: object
) -> subprocess.CompletedProcess[str]:
    """``python -m scrutiny build`` in the sandbox's project (which imports its own copy of the package);
    ``wrapper`` is a command line to run it under (e.g. a private mount namespace)."""
    return subprocess.run(
        [*wrapper, sys.executable, "-m", "scrutiny", "build", *args],
        cwd=sandbox.project,
        env=sandbox.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Fixtures that build a warehouse (or wait for the session's build): their tests are marked ``build``.
BUILD_FIXTURES = frozenset({"built_warehouse", "build_tools", "sandbox", "good_project"})
#: The fixture of the session's full build, and where it is shared between pytest-xdist's workers.
SESSION_BUILD_FIXTURE = "built_warehouse"
ENV_SESSION_DIR = "SCRUTINY_TEST_SESSION_DIR"
ENV_TEST_WAREHOUSE = "SCRUTINY_TEST_WAREHOUSE"


class SessionBuild:
    """The session's full build, in a folder every worker of the session sees (``ENV_SESSION_DIR``): started once
    (under a lock, by whichever process asks first) as a child that records its own exit status, so any worker can
    wait for it, whichever started it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sandbox = Sandbox(REPO, folder / "warehouse" / "scrutiny.duckdb", folder / "build")
        self.exit_file = folder / "build.exit"
        self.output = folder / "build.out"
        self.pid_file = folder / "build.pid"

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        with (self.folder / "build.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def start(self) -> None:
        """Start the build unless this session already has."""
        with self._lock():
            if self.pid_file.exists():
                return
            shell = 'exec 1>"$1" 2>&1; shift; "$@"; echo $? > "$0"'
            command = [sys.executable, "-m", "scrutiny", "build"]
            process = subprocess.Popen(
                ["sh", "-c", shell, str(self.exit_file), str(self.output), *command],
                cwd=REPO,
                env=self.sandbox.env(),
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives the worker that started it; stopped at the session's end
            )
            self.pid_file.write_text(str(process.pid), encoding="utf-8")

    def wait(self, timeout: float = 1800) -> Path:
        """The published warehouse, once the build has finished; fails the asking test when the build failed."""
        self.start()
        deadline = time.monotonic() + timeout
        while not self.exit_file.is_file() or not self.exit_file.read_text(encoding="utf-8").strip():
            if time.monotonic() > deadline:
                pytest.fail(f"the session build did not finish in {timeout:.0f} s (output: {self.output})")
            time.sleep(0.5)
        if self.exit_file.read_text(encoding="utf-8").strip() != "0":
            output = self.output.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the session build failed:\n{output[-8000:]}")
        assert self.sandbox.warehouse.is_file()
        return self.sandbox.warehouse

    def stop(self) -> None:
        """End a build still running when the session ends (its tests were deselected or failed first)."""
        if self.pid_file.is_file() and not self.exit_file.is_file():
            with contextlib.suppress(ProcessLookupError, ValueError, PermissionError):
                os.killpg(int(self.pid_file.read_text(encoding="utf-8")), signal.SIGTERM)


def _session_build() -> SessionBuild:
    return SessionBuild(Path(os.environ[ENV_SESSION_DIR]))


_OWNS_SESSION_DIR = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    """The session's shared folder, made by the process that starts the session (pytest-xdist's workers inherit
    its environment)."""
    config.addinivalue_line("markers", "xdist_group(name): pytest-xdist runs the tests of one group on one worker")
    if not hasattr(config, "workerinput") and ENV_SESSION_DIR not in os.environ:
        os.environ[ENV_SESSION_DIR] = tempfile.mkdtemp(prefix="scrutiny-tests-")
        config.stash[_OWNS_SESSION_DIR] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_OWNS_SESSION_DIR, False):
        folder = Path(os.environ.pop(ENV_SESSION_DIR))
        SessionBuild(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def _module_scoped_fixtures(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info else []
    return any(d.scope in {"module", "class", "package"} for defs in definitions for d in defs)


def _reads_session_build(item: pytest.Item) -> bool:
    return SESSION_BUILD_FIXTURE in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that builds ``build`` (before ``-m`` selects); run the session build's readers last; group
    each module whose tests share a module-scoped fixture (one worker makes it once)."""
    items.sort(key=_reads_session_build)
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
        if _module_scoped_fixtures(item) and not any(item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else item.nodeid))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the session build in the background as soon as the selected tests are known, if any reads it."""
    if any(_reads_session_build(item) for item in session.items) and not os.environ.get(ENV_TEST_WAREHOUSE):
        _session_build().start()


@pytest.fixture(scope="session")
def built_warehouse() -> Path:
    """The repository's warehouse, built once per session (shared by pytest-xdist's workers): the published (live)
    warehouse file. SCRUTINY_TEST_WAREHOUSE names an already built warehouse to use instead (while working on
    tests)."""
    override = os.environ.get(ENV_TEST_WAREHOUSE)
    if override:
        return Path(override)
    return _session_build().wait()


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
    """A fresh copy of the good project and its live warehouse, for one test to break (LAIT extract off)."""
    project = tmp_path / "project"
    shutil.copytree(good_project.project, project)
    warehouse = tmp_path / "warehouse" / "scrutiny.duckdb"
    warehouse.parent.mkdir(parents=True)
    shutil.copy2(good_project.warehouse, warehouse)
    return Sandbox(project, warehouse, tmp_path / "build", lait=None)


@pytest.fixture(scope="session")
def lait_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of DfE's LAIT extract (the files directly in its folder, not the vintages), for tests to break."""
    source = paths.lait_dir()
    if source is None or not source.is_dir():
        pytest.skip("needs DfE's LAIT extract (../shared/lait beside the repository, or SCRUTINY_LAIT_DIR)")
    copy = tmp_path_factory.mktemp("lait") / "extract"
    copy.mkdir()
    for path in source.iterdir():
        if path.is_file():
            shutil.copy2(path, copy / path.name)
    return copy


class BuildTools:
    """Helpers for build tests, handed out as the ``build_tools`` fixture (test modules cannot import conftest)."""

    run_build = staticmethod(run_build)
    sha256 = staticmethod(sha256)
    project_copy = staticmethod(project_copy)
    without_file_permission_override = staticmethod(without_file_permission_override)
    Sandbox = Sandbox


@pytest.fixture(scope="session")
def build_tools() -> type[BuildTools]:
    return BuildTools
