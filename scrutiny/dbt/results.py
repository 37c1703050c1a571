"""What dbt did, and when it failed, what exactly failed: the node, its table, column and seed file, and the
first failing rows (re-read from the candidate, read-only).
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import paths
from scrutiny.errors import BuildFailed

#: Said of a failed node dbt recorded no message for; the end of dbt's output is then shown.
NO_MESSAGE = "no message from dbt (the end of its output follows)"


@dataclass
class DbtSummary:
    returncode: int = 0
    models: int = 0
    seeds: int = 0
    tests: int = 0
    tests_passed: int = 0
    failures: list[str] = field(default_factory=list)
    #: The relations (``schema.name``) of the models and seeds dbt built.
    built: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.failures


def summarise(
    returncode: int, dbt_target: Path, results: Path, candidate: Path, project: Path, output: Path
) -> DbtSummary:
    """Copy dbt's results from its target folder into ``results`` and count what it built and tested; when dbt
    failed, describe every failed node (or, when no node failed, the end of dbt's output)."""
    for artefact in (paths.DBT_RUN_RESULTS, paths.DBT_MANIFEST):
        if (dbt_target / artefact).is_file() and dbt_target.resolve() != results.resolve():
            results.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dbt_target / artefact, results / artefact)
    summary = DbtSummary(returncode)
    _summarise(dbt_target, candidate, project, summary)
    # no failed node, or one dbt gave no message for (e.g. the disk filled while it wrote): the end of its output
    if returncode != 0 and (not summary.failures or any(f.endswith(NO_MESSAGE) for f in summary.failures)):
        tail = "\n".join(output.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        summary.failures.append(f"dbt exited with code {returncode}:\n{tail}")
    return summary


def failure(summary: DbtSummary, output: Path) -> BuildFailed:
    """The build step's failure for a dbt run that did not pass."""
    return BuildFailed(
        "dbt build",
        "dbt build failed (full log: " + str(output) + "):\n" + "\n".join(summary.failures),
        {"dbt_failures": summary.failures},
    )


def _summarise(target: Path, candidate: Path, project: Path, summary: DbtSummary) -> None:
    results_path = target / paths.DBT_RUN_RESULTS
    if not results_path.is_file():
        return
    results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
    manifest_path = target / paths.DBT_MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {"nodes": {}}
    nodes = manifest.get("nodes", {})
    for result in results:
        unique_id = result["unique_id"]
        kind = unique_id.split(".")[0]
        status = result["status"]
        if kind == "model" and status == "success":
            summary.models += 1
        elif kind == "seed" and status == "success":
            summary.seeds += 1
        if kind in {"model", "seed"} and status == "success" and unique_id in nodes:
            node = nodes[unique_id]
            summary.built.add(f"{node.get('schema')}.{node.get('alias') or node.get('name')}")
        elif kind in {"test", "unit_test"}:
            summary.tests += 1
            summary.tests_passed += status == "pass"
        if status in {"error", "fail", "runtime error"}:
            summary.failures.append(describe_failure(result, nodes, candidate, project))


def describe_failure(result: dict, nodes: dict, candidate: Path, project: Path) -> str:
    """A failed dbt node as: what failed, on which table/column (and file), and sample failing rows."""
    unique_id = result["unique_id"]
    node = nodes.get(unique_id, {})
    message = (result.get("message") or "").strip()
    if len(message.splitlines()) > 4:  # keep the error, drop dbt's macro call stack
        message = "\n    ".join(line for line in message.splitlines()[:4] if line.strip())
    if not unique_id.startswith("test."):
        where = node.get("original_file_path") or unique_id
        return f"  {unique_id} ({where}): {message or NO_MESSAGE}"
    metadata = node.get("test_metadata") or {}
    kwargs = metadata.get("kwargs") or {}
    attached = nodes.get(node.get("attached_node") or "", {})
    table = ".".join(p for p in (attached.get("schema"), attached.get("alias") or attached.get("name")) if p)
    text = f"  dbt test {node.get('name', unique_id)}"
    if metadata.get("name"):
        text += f" ({metadata['name']})"
    if table:
        text += f", table {table}"
        if attached.get("resource_type") == "seed":
            text += f" ({attached.get('original_file_path')})"
        elif attached:
            seeds = sorted(_upstream_seed_files(attached, nodes))
            if seeds:
                text += f" (built from {', '.join(seeds)})"
    if kwargs.get("column_name"):
        text += f", column {kwargs['column_name']}"
    if not metadata:
        text += f" ({node.get('original_file_path', '')})"
    text += f": {message}"
    sample = []
    if metadata.get("name") in {"not_null", "accepted_values"} and table and kwargs.get("column_name"):
        sample = offending_rows(candidate, table, kwargs["column_name"], metadata["name"], kwargs)
    seed_files = sorted(_upstream_seed_files(attached, nodes)) if attached.get("resource_type") != "seed" else []
    seed_file = attached.get("original_file_path") if attached.get("resource_type") == "seed" else None
    if not sample:
        rows = failing_row_records(result, node, candidate)
        located_in = seed_file or (seed_files[0] if len(seed_files) == 1 else None)
        sample = [
            ", ".join(f"{column}={_cell(value)}" for column, value in row.items())
            + (seed_row_locations(project, located_in, row, kwargs.get("column_name")) if located_in else "")
            for row in rows
        ]
    if sample:
        text += "\n    failing rows:\n" + "\n".join(f"      {line}" for line in sample)
    return text


#: Columns that locate a row for a reader, shown with failing rows when present.
_LOCATOR_COLUMNS = ("figure_id", "indicator_id", "area", "measure", "period_label", "year_type", "source_line")


def _upstream_seed_files(node: dict, nodes: dict, seen: set[str] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    files: set[str] = set()
    for parent in (node.get("depends_on") or {}).get("nodes") or []:
        if parent in seen:
            continue
        seen.add(parent)
        if parent.startswith("seed."):
            files.add(nodes.get(parent, {}).get("original_file_path") or parent)
        elif parent in nodes:
            files |= _upstream_seed_files(nodes[parent], nodes, seen)
    return files


def offending_rows(candidate: Path, table: str, column: str, test: str, kwargs: dict, limit: int = 5) -> list[str]:
    """For not_null / accepted_values failures: the offending rows with the columns that locate them."""
    try:
        with duckdb.connect(str(candidate), read_only=True) as con:
            columns = [r[0] for r in con.execute(f"select * from {table} limit 0").description]
            shown = [c for c in _LOCATOR_COLUMNS if c in columns and c != column] + [column]
            if test == "not_null":
                where = f"{column} is null"
            else:
                values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in kwargs.get("values") or [])
                where = f"{column} is not null and cast({column} as varchar) not in ({values or 'null'})"
            frame = con.execute(f"select {', '.join(shown)} from {table} where {where} limit {limit}").df()
    except duckdb.Error:
        return []
    return [", ".join(f"{c}={_cell(v)}" for c, v in row.items()) for row in frame.to_dict("records")]


def failing_row_records(result: dict, node: dict, candidate: Path, limit: int = 5) -> list[dict]:
    """Re-run a failed test's compiled SQL on the candidate (read-only): its first failing rows."""
    sql = result.get("compiled_code") or node.get("compiled_code")
    if not sql or not candidate.is_file():
        return []
    try:
        with duckdb.connect(str(candidate), read_only=True) as con:
            return con.execute(f"select * from ({sql}) as failing limit {limit}").df().to_dict("records")
    except duckdb.Error:
        return []


#: Columns that identify a row of a seed file: a failing row carrying one is traced back to its line.
_SEED_KEYS = ("figure_id", "indicator_id", "case_id", "judgement_id", "discrepancy_id")


def seed_row_locations(project: Path, seed_file: str, row: dict, column: str | None) -> str:
    """Where a failing row comes from in its seed file (" at seeds/x.csv row 7", rows counted with the header as
    row 1): matched on the row's key column (figure_id, ...), or for a uniqueness failure on the repeated value."""
    key = next((k for k in _SEED_KEYS if k in row and row[k] is not None), None)
    value = row.get(key) if key else None
    if key is None and column and row.get("unique_field") is not None:
        key, value = column, row["unique_field"]
    if key is None:
        return ""
    try:
        with (project / seed_file).open(encoding="utf-8-sig", newline="") as handle:
            lines = [n for n, record in enumerate(csv.DictReader(handle), start=2) if record.get(key) == str(value)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return ""
    if not lines:
        return ""
    return f" (at {seed_file} " + " and ".join(f"row {n}" for n in lines) + ")"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "NULL"
    return repr(value) if isinstance(value, str) else str(value)
