"""What a build knows about the live warehouse and its sources is keyed on content, not on where files are or
when they were touched: a copied or restored warehouse is the one that was published, the same files read from
another folder are no change, a README beside the data is not data; and a failure at the publish leaves nothing
half-written and records the run once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from scrutiny import paths
from scrutiny.build import fingerprint
from scrutiny.build import steps as build
from scrutiny.build.plan import BuildPlan
from scrutiny.build.report import BuildReport, summary
from scrutiny.errors import BuildFailed
from scrutiny.sources import landing
from scrutiny.warehouse import history, record


def _live(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    live = folder / "scrutiny.duckdb"
    with duckdb.connect(str(live)) as con:
        con.execute("create table t as select range as x from range(1000)")
    return live


def test_a_copied_or_restored_warehouse_is_the_one_that_was_published(tmp_path: Path, monkeypatch) -> None:
    live = _live(tmp_path / "warehouse")
    monkeypatch.setenv(paths.ENV_WAREHOUSE, str(live))
    record.record_published(live, {"sha256": "inputs", "run_id": "b1", "live_sha256": paths.file_sha256(live)})

    copy = tmp_path / "copy" / "scrutiny.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(live, copy)  # a new inode and new times, the same bytes
    shutil.copyfile(paths.published_record_file(), copy.with_name(copy.name + ".inputs.json"))
    monkeypatch.setenv(paths.ENV_WAREHOUSE, str(copy))
    assert (record.published_record(copy) or {}).get("run_id") == "b1", "a copied warehouse is recognised"

    monkeypatch.setenv(paths.ENV_WAREHOUSE, str(live))
    saved = live.read_bytes()
    live.unlink()
    live.write_bytes(saved)  # restored from a backup
    assert (record.published_record(live) or {}).get("run_id") == "b1", "a restored warehouse is recognised"

    with duckdb.connect(str(live)) as con:
        con.execute("insert into t values (-1)")
    assert record.published_record(live) is None, "a warehouse changed since the publish is not that publish"


def _sources(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    (folder / "vintages").mkdir(parents=True)
    (folder / "bds_long_0.parquet").write_bytes(b"values")
    (folder / "vintages" / "manifest.csv").write_bytes(b"vintage_id\n")
    return folder


def test_the_same_files_in_another_folder_are_no_change_and_a_readme_is_not_data(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    (project / "seeds" / "a.csv").write_text("x\n1\n")
    first = fingerprint.input_fingerprint(project, {"lait": _sources(tmp_path, "lait")})
    moved = fingerprint.input_fingerprint(project, {"lait": _sources(tmp_path, "elsewhere")})
    assert moved.sha256 == first.sha256, "the extract moved to another folder, its bytes unchanged"
    assert moved.sources["lait"].digest == first.sources["lait"].digest
    assert moved.sources["lait"].landing_key != first.sources["lait"].landing_key, "landed from the new folder"

    (tmp_path / "elsewhere" / "README.md").write_text("# DfE's extract\nWhere it came from.\n")
    documented = fingerprint.input_fingerprint(project, {"lait": tmp_path / "elsewhere"})
    assert documented.sha256 == first.sha256, "a README beside the data is not data"
    assert "README.md" not in documented.sources["lait"].files
    published = {
        "lait": {"folder": str(tmp_path / "elsewhere"), "files": {"README.md": "x", "bds_long_0.parquet": "y"}}
    }
    current = {"lait": (tmp_path / "elsewhere", {"bds_long_0.parquet"})}
    assert landing.missing_since_publish(published, current, set()) == [], "a README is never required"
    (tmp_path / "elsewhere" / "bds_long_0.parquet").write_bytes(b"VALUES")
    assert fingerprint.input_fingerprint(project, {"lait": tmp_path / "elsewhere"}).sha256 != first.sha256


_FILL_AND_PUBLISH = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from scrutiny.errors import describe_os_error
    from scrutiny.warehouse import publish
    candidate, live = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        publish.publish(candidate, live)
    except OSError as error:
        print("FAILED", *describe_os_error(error), sep="|")
    print("BESIDE LIVE", sorted(p.name for p in live.parent.iterdir()), sep="|")
    """
)


def test_a_full_disk_at_the_publish_names_its_filesystem_and_leaves_no_partial_file(tmp_path: Path) -> None:
    """The live folder on another, small filesystem (a private tmpfs): the candidate is copied beside the live
    file first, the copy fills the disk. The message names the filesystem that filled (not the candidate's,
    which had room), the partial copy is removed, the live file is untouched and the candidate kept."""
    candidate = tmp_path / "run" / "candidate.duckdb"
    candidate.parent.mkdir()
    candidate.write_bytes(os.urandom(2 << 20))
    folder = tmp_path / "warehouse"
    folder.mkdir()
    script = (
        f'mount -t tmpfs -o size=1m tmpfs "{folder}" && echo live > "{folder}/scrutiny.duckdb" && '
        f'"{sys.executable}" -c "$0" "{candidate}" "{folder}/scrutiny.duckdb" && cat "{folder}/scrutiny.duckdb"'
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, _FILL_AND_PUBLISH],
        capture_output=True,
        text=True,
        cwd=paths.REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(paths.REPO_ROOT)},
    )
    if "mount" in result.stderr and result.returncode != 0:
        pytest.skip(f"a full disk needs a private tmpfs (unshare -m, mount): {result.stderr.strip()[:200]}")
    lines = dict(line.split("|", 1) for line in result.stdout.splitlines() if "|" in line)
    assert "FAILED" in lines, result.stdout + result.stderr
    assert f"the filesystem mounted at {folder} is full" in lines["FAILED"], lines["FAILED"]
    assert "candidate.duckdb" not in lines["FAILED"]
    assert lines["BESIDE LIVE"] == "['scrutiny.duckdb']", "no partial .incoming copy beside the live file"
    assert result.stdout.splitlines()[-1] == "live", "the live file is untouched"
    assert candidate.is_file()


def test_a_run_that_fails_after_recording_its_history_is_recorded_once(tmp_path: Path, monkeypatch) -> None:
    """The publish step records the run in the candidate, then the publish fails (a full disk): the candidate is
    quarantined with the run recorded once, as quarantined, and the earlier builds' history once."""
    monkeypatch.setenv(paths.ENV_BUILD_DIR, str(tmp_path / "build"))
    run = paths.run_folder("20260101T000000Z-abcdef")
    run.root.mkdir(parents=True)
    previous = run.previous_live  # the byte copy of the live warehouse the build reads its history from
    _live(tmp_path / "live").rename(previous)
    earlier = {"run_id": "earlier", "started_at": datetime.now(UTC), "is_published": True, "outcome": "published"}
    history.record_history(None, previous, earlier, [], {"t": 1000})
    _live(tmp_path / "dbt").rename(run.candidate)
    report = BuildReport(run.run_id, datetime.now(UTC), run)
    build._record_history(tmp_path, report, previous, {"t": 1000}, published=True)
    failure = BuildFailed("publish", "No space left on device")
    build._quarantine(failure, report)
    assert "not recorded" not in failure.report, failure.report
    quarantined = paths.quarantine_folder(run.run_id).candidate
    with duckdb.connect(str(quarantined), read_only=True) as con:
        runs = con.execute("select run_id, outcome from data_quality.build_runs order by run_id").fetchall()
        counts = con.execute("select run_id, count(*) from data_quality.relation_row_counts group by 1").fetchall()
    assert runs == [(run.run_id, "quarantined"), ("earlier", "published")], runs
    assert sorted(counts) == [(run.run_id, 1), ("earlier", 1)], counts


def test_a_build_that_stopped_before_dbt_does_not_report_dbt_results(tmp_path: Path) -> None:
    run = paths.RunFolder(tmp_path / "run")
    report = BuildReport(run.run_id, datetime.now(UTC), run, failed_step="input checks")
    report.plan = BuildPlan(full_reason=None, changed_seeds=("seeds/a.csv",), selectors=("state:modified+",))
    text = summary(report)
    assert "0 models" not in text and "0 tests" not in text and "0/0" not in text, text
    assert "dbt: not run (the build stopped at step: input checks, before dbt)" in text, text
    assert "Great Expectations: not run" in text, text
