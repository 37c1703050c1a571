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
import pyarrow as pa
import pyarrow.parquet as pq
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
    deadline = time.monotonic() + 600
    while not any(sandbox.build_dir.glob("runs/*/candidate.duckdb")) and time.monotonic() < deadline:
        time.sleep(0.2)  # until dbt is writing the candidate
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
    from scrutiny.build.fingerprint import input_fingerprint

    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    (project / "seeds" / "a.csv").write_text("x\n1\n")
    (project / "scrutiny" / "__pycache__").mkdir(parents=True)
    extract = tmp_path / "lait"
    (extract / "vintages").mkdir(parents=True)
    (extract / "bds_long_0.parquet").write_bytes(b"one")
    (extract / "vintages" / "bds_long_2024.parquet").write_bytes(b"old")
    monkeypatch.setenv("SCRUTINY_LAIT_DIR", str(extract))
    first = input_fingerprint(project).sha256

    (project / "scrutiny" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert input_fingerprint(project).sha256 == first, "Python caches are not inputs"
    for not_an_input in ("tests/python/test_x.py", "tests/spark/test_y.py", "tools/bench/run.py", "tools/x.yml"):
        (project / not_an_input).parent.mkdir(parents=True, exist_ok=True)
        (project / not_an_input).write_text("edited")
        assert input_fingerprint(project).sha256 == first, f"{not_an_input} is not a build input"
    (project / "tests" / "complaints").mkdir(parents=True)
    (project / "tests" / "complaints" / "assert_x.sql").write_text("select 1 where false")
    singular = input_fingerprint(project).sha256
    assert singular != first, "a dbt singular test is a build input"
    (project / "seeds" / "a.csv").write_text("x\n2\n")
    second = input_fingerprint(project).sha256
    assert second != singular, "a seed's bytes are an input"

    bds = extract / "bds_long_0.parquet"
    stat = bds.stat()
    bds.write_bytes(b"two")  # the same size, and its modification time put back
    os.utime(bds, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    third = input_fingerprint(project).sha256
    assert third != second, "an extract file edited in place, size and time kept, is a new input"
    os.utime(bds, ns=(1, 1))
    assert input_fingerprint(project).sha256 == third, "a file's time alone is not its content"
    (extract / "vintages" / "bds_long_2024.parquet").write_bytes(b"OLD")
    fourth = input_fingerprint(project).sha256
    assert fourth != third, "every file under the folder is read"
    monkeypatch.setenv("SCRUTINY_LAIT_DIR", "")
    assert input_fingerprint(project).sha256 != fourth, "building without the extract is a different build"


def _break_and_restore(sandbox, build_tools, relative: str, edit, *, preexec=None) -> str:
    """Edit one file of the sandbox's project, build (expect a failure that leaves the live file as it was),
    restore the file."""
    target = sandbox.project / relative
    saved = target.read_bytes()
    before = build_tools.sha256(sandbox.warehouse)
    edit(target)
    try:
        result = build_tools.run_build(sandbox, preexec_fn=preexec)
    finally:
        sandbox.warehouse.parent.chmod(0o755)
        target.write_bytes(saved)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "BUILD FAILED at step:" in output, output
    assert "Traceback (most recent call last)" not in output, output
    assert build_tools.sha256(sandbox.warehouse) == before
    return output


def _count(warehouse: Path, sql: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def test_after_failures_the_next_build_publishes_beside_another_warehouse(
    tmp_path: Path, build_tools, lait_extract
) -> None:
    """One project, one build folder. A failure of each family (a seed file, a seed value, DfE's extract, the
    warehouse folder) leaves nothing that blocks the next build. That build replaces a live file that can no longer
    be read (kept in quarantine with a report) while a build of another warehouse, without the extract, runs beside
    it from the same build folder: each publishes its own data. Then a table that collapses since that publish fails
    the build (coverage), and so does a file of the extract that went missing (completeness), before dbt, until the
    user says to build without it (a neighbour workbook: its group is dropped, the rest published)."""
    import shutil

    extract = tmp_path / "lait"
    shutil.copytree(lait_extract, extract)
    project = build_tools.project_copy(tmp_path / "project")
    box = build_tools.Sandbox(project, tmp_path / "warehouse" / "scrutiny.duckdb", tmp_path / "build", lait=extract)
    box.warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(box.warehouse)) as con:
        con.execute("create table published as select 'a warehouse that will be truncated' as note")
    box.warehouse.write_bytes(box.warehouse.read_bytes()[:5000])  # truncated: DuckDB cannot open it

    seed = "seeds/safeguarding/safeguarding_figures.csv"
    _break_and_restore(
        box, build_tools, seed, lambda p: p.write_text(p.read_text().replace(",2020/21,", ",2020/21 ,", 1))
    )
    # a duplicated figure_id (the suites' rule: figure_id is unique)
    _break_and_restore(
        box,
        build_tools,
        seed,
        lambda p: p.write_text(
            p.read_text().replace("ctx_imd_decile1_pct_children,", "ctx_imd_decile1_pct_population,", 1)
        ),
    )
    bds = extract / "bds_long_0.parquet"
    saved_bds = bds.read_bytes()
    table = pq.read_table(bds)
    values = table.column("Values").to_pylist()
    values[0] = "NaN"
    pq.write_table(table.set_column(table.schema.get_field_index("Values"), "Values", pa.array(values)), bds)
    output = _break_and_restore(box, build_tools, "dbt_project.yml", lambda p: None)
    assert "not a finite number" in output, output
    bds.write_bytes(saved_bds)
    output = _break_and_restore(
        box,
        build_tools,
        "dbt_project.yml",
        lambda p: box.warehouse.parent.chmod(0o555),
        preexec=build_tools.without_file_permission_override,
    )
    assert "cannot write in the warehouse folder" in output, output

    other = build_tools.Sandbox(project, tmp_path / "other" / "scrutiny.duckdb", box.build_dir, lait=None)
    env_box, env_other = box.env(), other.env()
    command = [sys.executable, "-m", "scrutiny", "build"]
    builds = [
        subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for env in (env_box, env_other)
    ]
    outputs = [b.communicate(timeout=1800)[0] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert "cannot be read" in outputs[0] and "PUBLISHED" in outputs[0], outputs[0]
    quarantined = list((box.build_dir / "quarantine").glob("*/unreadable_live.duckdb"))
    assert quarantined and (quarantined[0].parent / "unreadable_live.txt").is_file()
    members = "select count(*) from marts.dim_lait_neighbour_group_members where neighbour_group_id <> 'pack_2021'"
    assert _count(box.warehouse, members) > 3000, "each DfE model lists ten neighbours for 150-odd authorities"
    assert _count(other.warehouse, members) == 0
    assert _count(box.warehouse, "select count(*) from marts.fct_lait_values") == pq.read_metadata(bds).num_rows
    assert _count(other.warehouse, "select count(*) from marts.fct_lait_values") == 0

    pq.write_table(pq.read_table(bds).slice(0, 200), bds)  # a much smaller extract: every file still there
    # and a pack table far below its Great Expectations row-count band: the coverage rule owns drops since the
    # last publish (it runs first, and names both counts and the tolerance); the bands own a first build's size
    exclusions = "seeds/reference/pack_number_exclusions.csv"
    output = _break_and_restore(
        box, build_tools, exclusions, lambda p: p.write_text("".join(p.read_text().splitlines(True)[:101]))
    )
    assert "step: coverage" in output and "marts.fct_lait_values has 200 rows" in output, output
    assert "marts.fct_pack_number_exclusions has 100 rows" in output, output
    bds.write_bytes(saved_bds)
    (extract / "sn_may_2025.xlsx").rename(tmp_path / "sn_may_2025.xlsx")
    output = _break_and_restore(box, build_tools, "dbt_project.yml", lambda p: None)
    assert "step: raw sources" in output and "sn_may_2025.xlsx" in output, output
    assert "--allow-missing-lait" in output
    allowed = build_tools.run_build(box, "--allow-missing-lait")  # said on purpose: published without that workbook
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    # the missing workbook drops its neighbour group only: DfE's values and the other group are still published
    group = "select count(*) from marts.dim_lait_neighbour_group_members where neighbour_group_id = '{}'"
    assert _count(box.warehouse, group.format("dfe_2025_05")) == 0
    assert _count(box.warehouse, group.format("dfe_2021_04")) > 1000
    assert _count(box.warehouse, "select count(*) from marts.fct_lait_values") == pq.read_metadata(bds).num_rows
    assert _count(box.warehouse, "select count(*) from marts.fct_complaint_measures") > 0


def test_a_live_file_overwritten_in_place_is_found_unreadable_and_not_up_to_date(tmp_path: Path, monkeypatch) -> None:
    """Overwritten bytes (same size, same modification time put back) are seen: the record of what was published
    no longer matches the file, and the file is reported unreadable rather than carried forward."""
    from scrutiny import paths
    from scrutiny.warehouse import publish, record

    live = tmp_path / "scrutiny.duckdb"
    monkeypatch.setenv(paths.ENV_WAREHOUSE, str(live))
    with duckdb.connect(str(live)) as con:
        con.execute("create table t as select 1 as x")
    record.record_published(live, {"sha256": "inputs", "run_id": "earlier", "live_sha256": paths.file_sha256(live)})
    assert record.published_record(live)["run_id"] == "earlier"
    assert publish.inspect_live(live, tmp_path / "copy.duckdb").unreadable is None

    stat = live.stat()
    live.write_bytes(b"\x00overwritten" * (stat.st_size // 12) + b"\x00" * (stat.st_size % 12))
    os.utime(live, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert live.stat().st_size == stat.st_size
    assert record.published_record(live) is None, "the file is not the one that build published"
    state = publish.inspect_live(live, tmp_path / "copy.duckdb")
    assert state.exists and state.unreadable, state
