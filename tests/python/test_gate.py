"""The suites themselves: every JSON file is a valid GX suite (none silently shortened), and every mart has one."""

from __future__ import annotations

import great_expectations as gx
import yaml

from scrutiny import paths
from scrutiny.gate.suites import load_suites


def test_every_suite_loads_whole() -> None:
    suites = load_suites(paths.expectations_dir())
    assert suites
    for suite_file in suites:
        suite = gx.ExpectationSuite(**suite_file.body)
        assert len(suite.expectations) == len(suite_file.body["expectations"]), suite_file.path


def test_every_mart_has_a_suite() -> None:
    named = {t for s in load_suites(paths.expectations_dir()) if s.stage == "warehouse" for t in s.tables}
    marts = set()
    for yml in (paths.project_dir() / "models" / "marts").rglob("*.yml"):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models") or []:
            marts.add(f"marts.{model['name']}")
    assert marts - named == set(), "marts without a Great Expectations suite in expectations/marts/"


def test_every_seed_family_has_a_suite() -> None:
    patterns = [t for s in load_suites(paths.expectations_dir()) if s.stage == "inputs" for t in s.tables]
    import fnmatch

    for family in (p for p in paths.seeds_dir().iterdir() if p.is_dir()):
        seeds = [f"seeds.{c.stem}" for c in family.glob("*.csv")]
        assert any(fnmatch.filter(seeds, p) for p in patterns), f"no input suite covers seeds/{family.name}"
