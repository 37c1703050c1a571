"""Installation facts a user relies on: exact, hash-checked locks; `make run` installs the runtime only.

The locks are made by `make lock` (uv, from pyproject.toml). These tests read them and ask make what it would
run (`make -n`), so they need no network and install nothing.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from scrutiny import paths

REPO = paths.REPO_ROOT
RUNTIME_LOCK = REPO / "requirements.lock"
DEV_LOCK = REPO / "requirements-dev.lock"
SPARK_LOCK = REPO / "requirements-spark.lock"
#: Tools for tests and lint: never in the runtime environment.
DEV_ONLY = ("pytest", "pytest-xdist", "ruff", "sqlfluff", "pre-commit", "playwright", "axe-playwright-python")
#: Direct runtime dependencies no module imports by name, and why they are needed.
NOT_IMPORTED = {
    "dbt-core": "runs as the `dbt` command the build starts",
    "dbt-duckdb": "dbt's DuckDB adapter, loaded by dbt from profiles.yml",
    "pyarrow": "pandas' and GX's parquet engine",
    "openpyxl": "imported inside functions that read and write workbooks",
}
_REQUIREMENT = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


def pins(lock: Path) -> dict[str, str]:
    """Package name (normalised) -> version, for every requirement line; fails on an unpinned or unhashed one."""
    text = lock.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        line = block.strip()
        if not line or line.startswith("#"):
            continue
        match = _REQUIREMENT.match(line)
        assert match, f"{lock.name}: not an exact pin: {line.splitlines()[0]!r}"
        assert "--hash=sha256:" in block, f"{lock.name}: {match.group(1)} has no hash"
        found[match.group(1).lower().replace("_", "-").replace(".", "-")] = match.group(2)
    return found


def test_every_lock_pins_every_package_with_a_hash() -> None:
    for lock in (RUNTIME_LOCK, DEV_LOCK, SPARK_LOCK):
        assert len(pins(lock)) > 20, lock.name


def test_runtime_lock_holds_no_test_or_lint_tool_and_dev_lock_agrees_with_it() -> None:
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    assert not [name for name in DEV_ONLY if name in runtime]
    assert all(name in dev for name in DEV_ONLY)
    differing = {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version}
    assert not differing, f"requirements-dev.lock must pin the runtime's versions: {differing}"


def test_setuptools_in_the_environment_is_past_its_known_vulnerabilities() -> None:
    version = tuple(int(part) for part in pins(RUNTIME_LOCK)["setuptools"].split(".")[:3])
    assert version >= (78, 1, 1)


def test_every_direct_dependency_is_used() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("scrutiny", "streamlit_app", "tools")
        for path in (REPO / folder).rglob("*.py")
    )
    unused = []
    for requirement in project["dependencies"]:
        name = _REQUIREMENT.match(requirement).group(1).lower()
        module = {"great-expectations": "great_expectations", "python-docx": "docx"}.get(name, name.replace("-", "_"))
        if name not in NOT_IMPORTED and not re.search(rf"^\s*(import|from) {module}\b", code, re.MULTILINE):
            unused.append(name)
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"


def _dry_run(target: str, tmp_path: Path) -> str:
    """The commands `make <target>` would run for a fresh virtual environment (nothing is run)."""
    result = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("target", ["run", "build", "app"])
def test_make_run_installs_the_runtime_lock_only(target: str, tmp_path: Path) -> None:
    commands = _dry_run(target, tmp_path)
    installs = [line for line in commands.splitlines() if "pip install" in line]
    assert installs and all("--require-hashes" in line for line in installs)
    assert any("-r requirements.lock" in line for line in installs)
    assert not any(DEV_LOCK.name in line for line in installs)


def test_make_test_installs_both_locks_with_hashes(tmp_path: Path) -> None:
    installs = [line for line in _dry_run("test", tmp_path).splitlines() if "pip install" in line]
    assert any("-r requirements.lock" in line for line in installs)
    assert any(f"-r {DEV_LOCK.name}" in line for line in installs)
    assert all("--require-hashes" in line for line in installs)
