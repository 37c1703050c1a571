"""Publishing is atomic: readers never fail while builds publish, history accumulates, and a build killed at any
point leaves the live warehouse intact and the next build works. These run real builds (LAIT extract off, to keep
them short)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    live, stop = sys.argv[1], sys.argv[2]
    import os
    reads = failures = 0
    while not os.path.exists(stop):
        try:
            with duckdb.connect(live, read_only=True) as con:
                con.execute("select count(*) from data_quality.build_runs").fetchone()
            reads += 1
        except Exception as error:  # noqa: BLE001 - count every kind of failed read
            failures += 1
            print(repr(error), file=sys.stderr)
        time.sleep(0.05)
    print(reads, failures)
    """
)


@pytest.fixture
def lait_off_sandbox(tmp_path: Path, build_tools):
    sandbox = build_tools.Sandbox(
        build_tools.project_copy(tmp_path / "project"), tmp_path / "warehouse" / "scrutiny.duckdb", tmp_path / "build"
    )
    return sandbox


def _run(build_tools, sandbox, *args: str, **kwargs):
    env = sandbox.env()
    env["SCRUTINY_LAIT_DIR"] = ""
    return subprocess.Popen(
        [sys.executable, "-m", "scrutiny", "build", *args],
        cwd=sandbox.project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def test_readers_never_fail_while_two_builds_publish(lait_off_sandbox, build_tools) -> None:
    sandbox = lait_off_sandbox
    first = _run(build_tools, sandbox)
    output = first.communicate(timeout=900)[0]
    assert first.returncode == 0, output
    stop = sandbox.build_dir / "stop-reader"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(sandbox.warehouse), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # --force: nothing changed, so without it the two would find the warehouse up to date and not publish
        builds = [_run(build_tools, sandbox, "--force"), _run(build_tools, sandbox, "--force")]
        outputs = [b.communicate(timeout=1200)[0] for b in builds]
    finally:
        stop.touch()
    reads, failures = map(int, reader.communicate(timeout=60)[0].split())
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert failures == 0 and reads > 0
    with duckdb.connect(str(sandbox.warehouse), read_only=True) as con:
        runs = con.execute("select count(*) from data_quality.build_runs where is_published").fetchone()[0]
        results = con.execute("select count(distinct run_id) from data_quality.expectation_results").fetchone()[0]
    assert runs == 3, "validation history is carried from each live warehouse into the next"
    assert results == 3


def test_a_killed_build_leaves_the_live_warehouse_and_the_next_build_publishes(lait_off_sandbox, build_tools) -> None:
    sandbox = lait_off_sandbox
    first = _run(build_tools, sandbox)
    output = first.communicate(timeout=900)[0]
    assert first.returncode == 0, output
    before = build_tools.sha256(sandbox.warehouse)

    unchanged = _run(build_tools, sandbox)
    output = unchanged.communicate(timeout=300)[0]
    assert unchanged.returncode == 0, output
    assert "Up to date: nothing the build reads has changed" in output, output
    assert build_tools.sha256(sandbox.warehouse) == before, (
        "a build with unchanged inputs leaves the warehouse as it is"
    )
    # tests and developer tools are not build inputs: editing them leaves the warehouse up to date
    for edited in ("tests/python/test_publish.py", "tests/spark/conftest.py", "tools/compare_marts.py"):
        path = sandbox.project / edited
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# edited\n", encoding="utf-8")
    edited_tools = _run(build_tools, sandbox)
    output = edited_tools.communicate(timeout=300)[0]
    assert edited_tools.returncode == 0 and "Up to date" in output, output

    victim = _run(build_tools, sandbox, "--force", start_new_session=True)
    candidates = sandbox.warehouse.parent / ".candidates"
    deadline = time.monotonic() + 600
    while not any(candidates.glob("*.duckdb")) and time.monotonic() < deadline:  # dbt is writing the candidate
        time.sleep(0.2)
    time.sleep(2)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=60)
    assert build_tools.sha256(sandbox.warehouse) == before
    # a changed seed (same data without its final newline: a new checksum) is a reason to build again
    seed = sandbox.project / "seeds" / "reference" / "local_authorities.csv"
    seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    after = _run(build_tools, sandbox)
    output = after.communicate(timeout=900)[0]
    assert after.returncode == 0, output
    assert "PUBLISHED" in output
    with duckdb.connect(str(sandbox.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from data_quality.build_runs").fetchone()[0] == 2


def test_the_input_fingerprint_sees_project_files_the_extract_and_its_setting(tmp_path: Path, monkeypatch) -> None:
    from scrutiny.fingerprint import input_fingerprint

    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    (project / "seeds" / "a.csv").write_text("x\n1\n")
    (project / "scrutiny" / "__pycache__").mkdir(parents=True)
    extract = tmp_path / "lait"
    extract.mkdir()
    (extract / "bds_long_0.parquet").write_bytes(b"one")
    monkeypatch.setenv("SCRUTINY_LAIT_DIR", str(extract))
    first = input_fingerprint(project)["sha256"]

    (project / "scrutiny" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert input_fingerprint(project)["sha256"] == first, "Python caches are not inputs"
    for not_an_input in ("tests/python/test_x.py", "tests/spark/test_y.py", "tools/bench/run.py", "tools/x.yml"):
        (project / not_an_input).parent.mkdir(parents=True, exist_ok=True)
        (project / not_an_input).write_text("edited")
        assert input_fingerprint(project)["sha256"] == first, f"{not_an_input} is not a build input"
    (project / "tests" / "complaints").mkdir(parents=True)
    (project / "tests" / "complaints" / "assert_x.sql").write_text("select 1 where false")
    singular = input_fingerprint(project)["sha256"]
    assert singular != first, "a dbt singular test is a build input"
    first = singular
    (project / "seeds" / "a.csv").write_text("x\n2\n")
    second = input_fingerprint(project)["sha256"]
    assert second != first, "a seed's bytes are an input"
    os.utime(extract / "bds_long_0.parquet", ns=(1, 1))
    third = input_fingerprint(project)["sha256"]
    assert third != second, "a replaced extract file is an input"
    monkeypatch.setenv("SCRUTINY_LAIT_DIR", "")
    assert input_fingerprint(project)["sha256"] != third, "building without the extract is a different build"
