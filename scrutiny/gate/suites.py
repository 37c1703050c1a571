"""The suites of the quality gate: JSON files under ``expectations/`` (GX 1.x suite format: ``name``,
``expectations``, ``meta``), one file per suite, loaded from there on every run. A suite's ``meta`` says what it
validates:

- ``stage``: ``inputs`` (seed CSVs and derived input frames, validated while dbt runs) or ``warehouse``
  (tables of the candidate warehouse dbt built: marts and landed raw extracts);
- ``tables``: relation names or glob patterns (``seeds.*``, ``marts.fct_complaints``); a name without a glob
  that matches no table fails the suite (a mart that silently disappeared is a failure);
- ``requires_columns`` (optional): a glob pattern only matches tables that have all of these columns;
- ``derived_sql`` (optional, warehouse suites): frames the suite defines in SQL over the warehouse.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

STAGES = ("inputs", "warehouse")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class SuiteFile:
    path: Path
    name: str
    stage: str
    tables: list[str]
    requires_columns: list[str]
    body: dict[str, Any]


def load_suites(expectations: Path) -> list[SuiteFile]:
    """Every suite JSON under ``expectations`` (recursively), validated for the keys the gate needs."""
    suites: list[SuiteFile] = []
    for path in sorted(expectations.rglob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        meta = body.get("meta") or {}
        name = body.get("name")
        stage = meta.get("stage")
        if not name or stage not in STAGES or not meta.get("tables"):
            raise ValueError(f"{path}: a suite needs name, meta.stage (one of {STAGES}) and meta.tables")
        suites.append(
            SuiteFile(path, name, stage, list(meta["tables"]), list(meta.get("requires_columns") or []), body)
        )
    names = [s.name for s in suites]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValueError(f"suite names must be unique: {', '.join(duplicated)}")
    return suites


def match_tables(
    suite: SuiteFile, frames: dict[str, pd.DataFrame], present: set[str] | None = None
) -> tuple[list[str], list[str]]:
    """(tables of ``frames`` the suite validates, explicitly named tables that are missing). ``present``: every
    table that exists, when ``frames`` holds only the ones to validate again (default: the frames' tables)."""
    matched: list[str] = []
    missing: list[str] = []
    for pattern in suite.tables:
        if _GLOB.search(pattern):
            for table in sorted(fnmatch.filter(frames, pattern)):
                if all(c in frames[table].columns for c in suite.requires_columns) and table not in matched:
                    matched.append(table)
        elif pattern in frames:
            if pattern not in matched:
                matched.append(pattern)
        elif present is None or pattern not in present:
            missing.append(pattern)
    return matched, missing
