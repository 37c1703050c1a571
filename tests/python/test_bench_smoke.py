"""Smoke test of the benchmark harness (tools/bench) on a tiny scale.

`make bench` itself is not part of `make test`: it takes minutes. This checks, in seconds, that every piece of
the harness runs: the synthetic extract generator, memory measurement, phase timing, the seed touch, the app
worker (AppTest on every page), the JSON result file, the table on screen and docs/performance.md. The real build
is replaced by a fake one that writes what the build writes as data: its ``--report`` JSON (outcome and phase
timings) and a dbt run_results.json.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from scrutiny import paths
from tools.bench import browser_timing, extracts, floor, project, report, run, stats

REPO_ROOT = paths.REPO_ROOT

FAKE_BUILD = textwrap.dedent(
    """
    import json, os, sys, time, uuid
    from pathlib import Path
    run_id = "fake-" + uuid.uuid4().hex[:6]
    run_folder = Path(os.environ["SCRUTINY_BUILD_DIR"]) / "runs" / run_id
    (run_folder / "target").mkdir(parents=True)
    print("building ...", flush=True)
    time.sleep(0.05)
    ballast = bytearray(64 * 1024 * 1024)  # 64 MiB resident: the peak memory must see it
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    time.sleep(0.2)
    t = "2026-01-01T00:00:0{}Z"
    node = lambda uid, s, e: {"unique_id": uid, "status": "success", "execution_time": e - s,
                              "timing": [{"name": "execute", "started_at": t.format(s), "completed_at": t.format(e)}]}
    results = run_folder / "target" / "run_results.json"
    results.write_text(json.dumps({
        "metadata": {"invocation_started_at": t.format(0)},
        "elapsed_time": 4,
        "results": [node("seed.p.a", 1, 2), node("model.p.b", 2, 4), node("test.p.c", 4, 5)],
    }))
    phases = {"input_checks": 0.01, "raw_sources": 0.01, "gx_input_suites": 0.03, "dbt": 6.0, "gx_warehouse_suites": 0.05}
    report = {"run_id": run_id, "outcome": "published", "phase_seconds": phases, "dbt_results": str(results)}
    Path(sys.argv[sys.argv.index("--report") + 1]).write_text(json.dumps(report))
    print("Build: PUBLISHED")
    """
)


def write_tiny_extract(folder: Path) -> None:
    """A LAIT extract in the BDS shape: 3 measures x 4 areas x 2 years, plus the dictionary."""
    folder.mkdir(parents=True)
    con = duckdb.connect()
    con.execute(
        f"""
        copy (
            select
                m as "Short Desc",
                'label ' || m as "Data item",
                y as "Years",
                 'Area ' || a as "LA and Regions",
                cast(a * 1.5 as varchar) as "Values",
                cast(800 + a as double) as "LA Number",
                'East of England' as "Region"
            from (values ('M1'), ('M2'), ('M3')) as ms(m), range(4) as areas(a), (values ('2020'), ('2021')) as ys(y)
        ) to '{folder / "bds_long_0.parquet"}' (format parquet)
        """
    )
    con.close()
    with (folder / "lait_data_dictionary.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["Measure_code", "Topic", "Measure_short", "Polarity"])
        for i, code in enumerate(["M1", "M2", "M3"]):
            writer.writerow([i, "Topic", code, "High"])


def test_synthetic_extract_scales_rows_and_keeps_columns(tmp_path):
    real = tmp_path / "real"
    write_tiny_extract(real)
    one = extracts.generate_extract(real, tmp_path / "x1", 1)
    ten = extracts.generate_extract(real, tmp_path / "x10", 10)
    third = extracts.generate_extract(real, tmp_path / "x0.34", 0.34)
    assert (one["rows"], ten["rows"], third["rows"]) == (24, 240, 8)
    con = duckdb.connect()
    columns = [
        r[0] for r in con.execute(f"describe select * from '{tmp_path / 'x10' / 'bds_long_0.parquet'}'").fetchall()
    ]
    assert columns == ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
    measures = con.execute(
        f"select count(distinct \"Short Desc\") from '{tmp_path / 'x10' / 'bds_long_0.parquet'}'"
    ).fetchone()[0]
    assert measures == 30
    with (tmp_path / "x10" / "lait_data_dictionary.csv").open() as handle:
        codes = {row["Measure_short"] for row in csv.DictReader(handle)}
    assert {"M1", "M1_s1", "M3_s9"} <= codes and len(codes) == 30
    cached = extracts.cached_extract(real, tmp_path / "cache", 2)
    again = extracts.cached_extract(real, tmp_path / "cache", 2)
    assert (cached["cached"], again["cached"], again["rows"]) == (False, True, 48)


def test_a_synthetic_copy_of_a_measure_with_its_own_range_gets_that_range_while_it_builds(tmp_path):
    """The scale builds copy every measure; a copy of one whose values pass its unit's bounds on purpose (a share
    over 100) must carry the same documented range, or the landing checks stop the build before dbt."""
    seed = tmp_path / extracts.BOUND_EXCEPTIONS
    seed.parent.mkdir(parents=True)
    text = "source,measure,min_value,max_value,reason\nlait,SpecFixedEx,0,,why\npack,P1,0,,why\n"
    seed.write_text(text, encoding="utf-8")
    with extracts.synthetic_bound_exceptions(tmp_path, 3), seed.open(encoding="utf-8") as handle:
        measures = [(row["source"], row["measure"]) for row in csv.DictReader(handle)]
    assert measures == [("lait", "SpecFixedEx"), ("pack", "P1"), ("lait", "SpecFixedEx_s1"), ("lait", "SpecFixedEx_s2")]
    assert seed.read_text(encoding="utf-8") == text, "the project's seed is put back after the build"


def test_editing_a_seed_value_changes_that_cell_only_and_a_model_edit_changes_its_checksum(tmp_path):
    seed = tmp_path / project.SEED_TO_EDIT
    seed.parent.mkdir(parents=True)
    original = (paths.REPO_ROOT / project.SEED_TO_EDIT).read_text(encoding="utf-8")
    seed.write_text(original, encoding="utf-8")
    before = list(csv.DictReader(seed.open(encoding="utf-8")))
    written = project.edit_seed_value(tmp_path, 1)
    after = list(csv.DictReader(seed.open(encoding="utf-8")))
    assert after[0][project.SEED_COLUMN_TO_EDIT] == written != before[0][project.SEED_COLUMN_TO_EDIT]
    assert {k: v for k, v in after[0].items() if k != project.SEED_COLUMN_TO_EDIT} == {
        k: v for k, v in before[0].items() if k != project.SEED_COLUMN_TO_EDIT
    }
    assert after[1:] == before[1:]
    assert seed.read_text(encoding="utf-8").split("\n")[2:] == original.split("\n")[2:], "other rows' bytes kept"
    project.edit_seed_value(tmp_path, 2)
    assert next(csv.DictReader(seed.open(encoding="utf-8")))[project.SEED_COLUMN_TO_EDIT] != written

    model = tmp_path / project.MODEL_TO_EDIT
    model.parent.mkdir(parents=True)
    sql = (paths.REPO_ROOT / project.MODEL_TO_EDIT).read_text(encoding="utf-8")
    model.write_text(sql, encoding="utf-8")
    project.edit_model(tmp_path, 1)
    first = model.read_text(encoding="utf-8")
    project.edit_model(tmp_path, 2)
    second = model.read_text(encoding="utf-8")
    assert len({sql, first, second}) == 3, "each edit changes the model's bytes (and so dbt's checksum)"
    assert second.startswith(sql.rstrip("\n")) and second.count("edited by make bench") == 1


@pytest.mark.build
def test_the_dbt_floor_project_builds(tmp_path):
    folder = floor.write_floor_project(tmp_path / "floor")
    result = floor.run_floor(folder, dict(os.environ), 1)
    assert result["ok"], result.get("output_tail")
    with duckdb.connect(str(folder / "floor.duckdb"), read_only=True) as con:
        assert con.execute("select sum(doubled_value) from floor_doubled").fetchone()[0] == 120


def test_percentiles_and_summary():
    assert stats.percentile([0.01] * 19 + [1.0], 95) == 0.01
    assert stats.percentile(list(range(1, 101)), 95) == 95
    summary = stats.summarise([3.0, 1.0, 2.0])
    assert (summary["median"], summary["spread"], summary["n"]) == (2.0, 2.0, 3)


@pytest.mark.build
def test_harness_runs_end_to_end_on_a_tiny_scale(tmp_path):
    fake_build = tmp_path / "fake_build.py"
    fake_build.write_text(FAKE_BUILD)
    real = tmp_path / "lait"
    write_tiny_extract(real)
    plan = run.Plan(**vars(run.QUICK))
    plan.build_command = (sys.executable, str(fake_build))
    plan.floor_command = (sys.executable, "-c", "import time; time.sleep(0.1)")
    plan.sections = tuple(s for s in run.SECTIONS if s != "browser")  # a real browser on a fake warehouse: no
    plan.scales = (1, 2)
    plan.ci_record = tmp_path / "ci" / "last_run.json"
    plan.ci_record.parent.mkdir()
    plan.ci_record.write_text(json.dumps({"seconds": 500, "status": "passed", "commit": "abc1234"}))
    plan.make_test_record = tmp_path / "ci" / "make_test.json"
    plan.make_test_record.write_text(json.dumps({"seconds": 400, "status": "passed", "commit": "abc1234"}))
    vintages = real / "vintages"
    vintages.mkdir()
    (vintages / "manifest.csv").write_text(
        "vintage_id,bds_file,message\n"
        + "".join(f'v{i},bds_long_v{i}.parquet,"update {i}, with a comma"\n' for i in range(3))
    )
    for i in range(3):
        (vintages / f"bds_long_v{i}.parquet").write_bytes(b"PAR1")
    lines: list[str] = []
    results = run.run_bench(plan, source=REPO_ROOT, out_dir=tmp_path / "out", lait_dir=real, echo=lines.append)

    saved = json.loads((tmp_path / "out" / "latest.json").read_text())
    assert saved["build"]["all_ok"], lines
    build = results["build"]
    assert build["seconds"]["median"] > 0.2
    # the fake build holds 64 MiB: the peak of the process tree must include it
    assert build["peak_rss_bytes"]["median"] > 64 * 1024**2
    phases = build["phases"]
    for phase in (
        "input_checks",
        "gx_input_suites",
        "dbt",
        "gx_warehouse_suites",
        "dbt_parse",
        "dbt_seeds",
        "dbt_models",
    ):
        assert phase in phases, phases
    assert phases["dbt_parse"]["median"] == pytest.approx(1.0)
    assert phases["dbt_models"]["median"] == pytest.approx(2.0)
    rebuild = results["rebuild"]
    assert (
        rebuild["no_change"]["all_ok"] and rebuild["seed_value_edited"]["all_ok"] and rebuild["model_edited"]["all_ok"]
    )
    # the floor ran before each forced full build and each seed edit, alternately with them
    assert results["floor"]["seconds"]["n"] == 2 and results["floor"]["seconds"]["median"] >= 0.1
    assert results["budgets"]["build.full_over_floor"]["value"] == pytest.approx(
        build["seconds"]["median"] / results["floor"]["seconds"]["median"]
    )
    assert results["ci"]["seconds"] == 500 and results["budgets"]["ci.seconds"]["met"] is True
    assert results["budgets"]["ci.make_test_seconds"]["met"] is False, "400 s is over make test's 6 minutes"
    # --quick builds the first two published versions only: measured, but not the budget's every version
    versions = results["versions"]
    assert versions["all_ok"] and versions["versions"] == 2 and not versions["all_versions"], lines
    assert results["budgets"]["versions.full_s"] == {
        "value": versions["seconds"]["median"],
        "budget": 60.0,
        "met": False,
        "unfinished": "not every version built",
    }

    app = results["app"]
    assert app["ok"], app.get("output_tail")
    pages = {p.stem for p in paths.app_views_dir().glob("*.py")}
    assert set(app["pages"]) == pages
    assert app["peak_tree_rss_bytes"] > 0

    sizes = results["scale"]["sizes"]
    assert sizes["1x"]["extract"]["rows"] == 24 and sizes["2x"]["extract"]["rows"] == 48

    table = report.render_table(results)
    for label in ("forced full build, end to end", "build, no change", "app: query p95", "scale 2x", "dbt floor"):
        assert label in table
    assert set(results["budgets"]) == set(report.BUDGETS)
    budget_table = table.split("Budgets (", 1)[1]
    for figure in (
        "forced full build",
        "editing one pack seed value",
        "editing one model",
        "no-change build",
        "100x synthetic extract",
        "10x synthetic extract",
        "slowest page re-render",
        "every published version",
        "`make test`",
        "`.ci/run` on a fresh clone",
    ):
        assert figure in budget_table
    assert results["git_commit"] and results["git_commit"] in budget_table and "load average" in budget_table

    doc = tmp_path / "performance.md"
    doc.write_text(
        f"# Performance\n\nprose kept\n\n{report.BEGIN_MARKER}\nold figures\n{report.END_MARKER}\n\nmore prose\n"
    )
    report.write_performance_doc(results, doc)
    written = doc.read_text()
    assert "old figures" not in written and "prose kept" in written and "more prose" in written
    assert "| forced full build, pack + current extract |" in written and "| no-change build |" in written
    assert results["git_commit"] in written and "load average" in written


def test_an_unfinished_scale_build_misses_its_budgets_whatever_it_measured():
    def build(seconds, ok=True, timed_out=False):
        return {"ok": ok, "timed_out": timed_out, "seconds": seconds, "cpu_seconds": 1.0, "peak_tree_rss_bytes": 1e9}

    results = {
        "scale": {
            "sizes": {
                "1x": {"extract": {"rows": 10}, "build": build(50.0)},
                "10x": {"extract": {"rows": 100}, "build": build(95.0, ok=False, timed_out=True)},
                "100x": {"extract": {"rows": 1000}, "build": build(60.0, ok=False)},
            }
        }
    }
    budgets = report.check_budgets(results)
    assert budgets["scale.100x_build_s"]["met"] is False, "a failed build is not within 300 s, however fast it failed"
    assert budgets["scale.100x_peak_rss_bytes"]["met"] is False
    assert budgets["scale.10x_over_1x_ratio"] == {"value": 1.9, "budget": 1.5, "met": False, "unfinished": "timed out"}
    results["budgets"] = budgets
    table = report.render_table(results)
    assert "TIMED OUT" in table and "FAILED" in table
    rows = {row["figure"]: row for row in report.budget_rows(results)}
    assert not rows["100x synthetic extract"]["ok"] and "FAILED" in rows["100x synthetic extract"]["measured"]
    assert not rows["10x synthetic extract"]["ok"] and "timed out" in rows["10x synthetic extract"]["measured"]


def test_every_budget_row_is_printed_and_a_figure_not_measured_is_missed():
    results = {"budgets": report.check_budgets({}), "ci": run.read_ci_record(None), "make_test": {}}
    rows = report.budget_rows(results)
    assert len(rows) == 11
    assert all(not row["ok"] for row in rows)
    assert all("not measured" in row["measured"] or "no record" in row["measured"] for row in rows)


def test_a_build_over_its_floor_ratio_misses_even_within_its_seconds():
    def summary(*seconds):
        runs = [{"ok": True, "seconds": s} for s in seconds]
        return {"all_ok": True, "runs": runs, "seconds": stats.summarise(list(seconds))}

    results = {
        "floor": {"all_ok": True, "seconds": stats.summarise([2.0, 2.0])},
        "build": summary(11.0, 12.0),  # within 15 s, but 5.75x a 2 s floor
        "rebuild": {"seed_value_edited": summary(3.5), "model_edited": summary(4.5), "no_change": summary(0.5)},
    }
    results["budgets"] = report.check_budgets(results)
    rows = {row["figure"]: row for row in report.budget_rows(results)}
    assert results["budgets"]["build.full_s"]["met"] is True
    assert results["budgets"]["build.full_over_floor"]["met"] is False
    assert not rows["forced full build, pack + current extract"]["ok"]
    assert "5.8x" in rows["forced full build, pack + current extract"]["measured"]
    assert rows["build after editing one pack seed value"]["ok"]  # 3.5 s, 1.75x the floor
    assert rows["no-change build"]["ok"]
    assert results["budgets"]["rebuild.model_edit_s"]["met"] is True  # 4.5 s, but 2.25x the floor
    assert (
        not rows["build after editing one model"]["ok"] and "2.2x" in rows["build after editing one model"]["measured"]
    )


def test_the_ci_record_is_read_and_a_failed_or_absent_run_is_missed(tmp_path):
    record = tmp_path / "last_run.json"
    assert "not measured" in run.read_ci_record(record)["missing"]
    record.write_text(json.dumps({"seconds": 600, "status": "failed", "commit": "abc"}))
    budgets = report.check_budgets({"ci": run.read_ci_record(record)})
    assert budgets["ci.seconds"]["met"] is False, "a failed CI run is not within budget, however fast"
    record.write_text(json.dumps({"seconds": 1300, "status": "passed", "commit": "abc"}))
    assert report.check_budgets({"ci": run.read_ci_record(record)})["ci.seconds"]["met"] is False


def test_browser_figures_take_the_slowest_pages_settled_median():
    measured = {
        "overview": {"widget": "Focus authority", "script_ms": [100, 120, 110], "settled_ms": [200, 260, 240]},
        "complaints": {"widget": "Stream", "script_ms": [90, 95, 400], "settled_ms": [150, 350, 310]},
    }
    result = browser_timing.summarise_pages(measured)
    assert result["slowest_page"] == "complaints"
    assert result["rerender_max_s"] == pytest.approx(0.310)
    assert result["script_run_max_s"] == pytest.approx(0.110)
    results = {"browser": result, "app": {"ok": True, "rerender_max_s": 0.2, "pages": {}}}
    assert report.check_budgets(results)["browser.rerender_max_s"]["met"] is False, "310 ms is over 300 ms"


def test_the_first_load_budget_is_the_slowest_page_against_hello_world_in_the_same_run():
    measured = {
        "hello_world_ms": [1000, 1100, 900],
        "pages_ms": {"overview": [2000, 2100, 1900], "complaints": [3200, 3000, 3100]},
    }
    first = browser_timing.summarise_first_loads(measured)
    assert first["slowest_page"] == "complaints"
    assert first["ratio"] == pytest.approx(3.1)
    results = {"browser": {"ok": True, "first_load": first}}
    budgets = report.check_budgets(results)
    assert budgets["browser.first_load_ratio"]["met"] is False, "3.1x is over 3x"
    results["budgets"] = budgets
    rows = {row["figure"]: row for row in report.budget_rows(results)}
    row = rows["slowest page's first load, against a hello-world page"]
    assert not row["ok"] and "3.10x a hello-world Streamlit page" in row["measured"]
