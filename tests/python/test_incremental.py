"""An incremental build (dbt's state:modified+ over a copy of the live warehouse) publishes the same marts as a full
build of the same inputs, row for row; and the build says which kind it ran and why.

The end-to-end test builds a copy of the project without the raw extracts (they play no part in a seed edit, and
leaving them out keeps the three builds short): a full build, one edited seed value built incrementally, then the
same edited project built with --force into another warehouse; tools/compare_marts compares every mart. The rules
that decide between a full and an incremental build are tested on their own, without building.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from scrutiny import paths
from scrutiny.build import plan as build_plan
from scrutiny.build.fingerprint import Fingerprint, SourceFiles
from tools.compare_marts import compare

SEED = "seeds/reference/missing_reasons.csv"
EDIT = ("pack,dash_in_source,-,the pack prints a dash\n", "pack,dash_in_source,-,the pack prints a dash (-)\n")


def _sandbox(build_tools, project: Path, root: Path):
    return build_tools.Sandbox(
        project,
        root / "warehouse" / "scrutiny.duckdb",
        root / "build",
        lait=None,
        extra_env={paths.ENV_LAIT_VINTAGES_DIR: "", paths.ENV_EES_CSC_DIR: ""},
    )


def _differences(before: Path, after: Path, manifest: Path) -> list[str]:
    return [f"{d.relation}: {d.problems[:3]}" for d in compare(before, after, manifest=manifest) if d.differs]


def _start_build(sandbox, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scrutiny", "build", *args],
        cwd=sandbox.project,
        env=sandbox.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_an_incremental_build_publishes_the_marts_a_full_build_does(tmp_path: Path, build_tools, monkeypatch) -> None:
    live = _sandbox(build_tools, build_tools.project_copy(tmp_path / "project"), tmp_path / "live")
    edited = _sandbox(build_tools, build_tools.project_copy(tmp_path / "edited"), tmp_path / "full")
    seed = edited.project / SEED
    text = seed.read_text(encoding="utf-8")
    assert EDIT[0] in text, f"{SEED} no longer holds the row this test edits"
    seed.write_text(text.replace(*EDIT), encoding="utf-8")
    # the two full builds (the project as it is; the edited copy, forced) run at once, as two processes
    first, forced = _start_build(live), _start_build(edited, "--force")
    outputs = [build.communicate(timeout=1800)[0] for build in (first, forced)]
    assert [first.returncode, forced.returncode] == [0, 0], [o[-3000:] for o in outputs]
    assert "full build: no readable live warehouse" in outputs[0], outputs[0]
    assert "full build: --force" in outputs[1], outputs[1]
    before = shutil.copyfile(live.warehouse, tmp_path / "before.duckdb")

    shutil.copyfile(seed, live.project / SEED)
    incremental = build_tools.run_build(live)
    assert incremental.returncode == 0, incremental.stdout[-3000:] + incremental.stderr[-3000:]
    assert "incremental: 1 seed changed -> 1 seed loaded" in incremental.stdout, incremental.stdout
    with duckdb.connect(str(live.warehouse), read_only=True) as con:
        models_built, kind = con.execute(
            "select count_models, build_kind from data_quality.build_runs order by started_at desc limit 1"
        ).fetchone()
        carried, validated, tables = con.execute(
            "select count(*) filter (where carried_from_run_id is not null), "
            "count(*) filter (where carried_from_run_id is null), "
            "list(distinct table_name) filter (where carried_from_run_id is null and stage = 'warehouse') "
            "from data_quality.expectation_results "
            "where run_id = (select run_id from data_quality.build_runs order by started_at desc limit 1)"
        ).fetchone()
    assert kind.startswith("incremental: 1 seed changed"), kind
    assert 0 < models_built < 10, f"one seed's dependants are rebuilt, not the {models_built} models of a full build"
    assert carried > validated > 0, "the tables not rebuilt keep their results, carried and marked as carried"
    assert tables == ["marts.dim_missing_reasons"], "the warehouse suites validate the mart that was rebuilt"

    monkeypatch.setenv(paths.ENV_WAREHOUSE, str(edited.warehouse))
    kept = paths.published_state_dir() / paths.DBT_MANIFEST
    assert kept.is_file(), "the published build's manifest is kept beside the live warehouse for the next build"
    assert _differences(live.warehouse, edited.warehouse, kept) == []
    # the comparison sees the edit: the warehouse before it differs from the full build after it, in that mart
    changed = _differences(before, edited.warehouse, kept)
    assert [d.split(":")[0] for d in changed] == ["marts.dim_missing_reasons"], changed

    # the Data quality page says how many of the run's results were carried rather than validated again
    monkeypatch.setenv(paths.ENV_WAREHOUSE, str(live.warehouse))
    page = AppTest.from_file(str(paths.REPO_ROOT / "streamlit_app" / "views" / "data_quality.py"), default_timeout=60)
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    captions = [c.value for c in page.caption]
    assert any(f"{carried:,} of these results were carried" in c for c in captions), captions


def _fingerprint(files: dict[str, str], sources: dict[str, SourceFiles] | None = None, user_vars=None) -> Fingerprint:
    return Fingerprint("x", len(files), "code", sources or {}, dict(files), {}, user_vars or {})


PUBLISHED_FILES = {
    "models/marts/x.sql": "a",
    "seeds/reference/x.csv": "b",
    "seeds/reference/_reference__seeds.yml": "c",
    "macros/m.sql": "d",
    "expectations/marts/x.json": "e",
    "scrutiny/build/steps.py": "f",
    "dbt_project.yml": "g",
    "requirements.lock": "h",
}
LAIT = SourceFiles("/data/lait", {"bds_long_0.parquet": "1"})


def _record(**extra) -> dict:
    record = {
        "project_files": PUBLISHED_FILES,
        "raw_sources": {"lait": {"folder": LAIT.folder, "files": LAIT.files}},
        "user_vars": {},
    }
    return record | extra


def _plan(files: dict[str, str], *, record: dict | None = None, sources=None, user_vars=None, **kwargs):
    options = {"force": False, "live_readable": True, "manifest": Path("manifest.json")} | kwargs
    inputs = _fingerprint(files, {"lait": LAIT} if sources is None else sources, user_vars)
    return build_plan.plan(inputs, _record() if record is None else record, **options)


@pytest.mark.parametrize(
    ("edited", "reason"),
    [
        ("macros/m.sql", "macros changed"),
        ("seeds/reference/_reference__seeds.yml", "a seed schema changed"),
        ("dbt_project.yml", "dbt_project.yml changed"),
        ("requirements.lock", "the lock file changed"),
        ("scrutiny/build/steps.py", "the pipeline's code changed"),
    ],
)
def test_a_change_dbt_state_cannot_judge_is_a_full_build_that_says_why(edited: str, reason: str) -> None:
    plan = _plan(PUBLISHED_FILES | {edited: "edited"})
    assert not plan.incremental
    assert plan.describe() == f"full build: {reason} ({edited})"


def test_no_usable_state_vars_or_force_mean_a_full_build() -> None:
    assert _plan(PUBLISHED_FILES, force=True).describe() == "full build: --force"
    assert _plan(PUBLISHED_FILES, manifest=None).describe() == "full build: no dbt manifest of the published build"
    assert not _plan(PUBLISHED_FILES, live_readable=False).incremental
    assert not build_plan.plan(
        _fingerprint(PUBLISHED_FILES), None, force=False, live_readable=True, manifest=None
    ).incremental
    assert _plan(PUBLISHED_FILES, user_vars={"focus_la_number": 879}).describe() == "full build: --vars changed"
    removed = {k: v for k, v in PUBLISHED_FILES.items() if k != "models/marts/x.sql"}
    assert _plan(removed).describe() == "full build: models/marts/x.sql was removed"


def test_seeds_models_and_extracts_that_changed_are_what_dbt_rebuilds() -> None:
    plan = _plan(PUBLISHED_FILES | {"seeds/reference/x.csv": "edited", "models/marts/y.sql": "new"})
    assert plan.incremental
    assert plan.selectors == ("state:modified+", "x+")
    assert plan.describe() == "incremental: 1 seed changed, 1 model or test file changed"

    extract = SourceFiles("/data/lait", {"bds_long_0.parquet": "2"})
    plan = _plan(PUBLISHED_FILES, sources={"lait": extract})
    assert plan.selectors == ("state:modified+", "source:lait+")
    assert plan.describe() == "incremental: the lait extract changed"

    suites = _plan(PUBLISHED_FILES | {"expectations/marts/x.json": "edited"})
    assert suites.incremental and not suites.runs_dbt and suites.expectations_changed
