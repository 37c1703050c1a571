"""`scrutiny build`: checked inputs -> dbt candidate -> Great Expectations gate -> atomic publish.

1. Input checks (scrutiny.inputs) on the seed CSVs: fail fast, naming file/row/column.
2. The LAIT extract is landed for dbt (scrutiny.lait.prepare) and dbt builds a candidate warehouse file under
   ``<warehouse dir>/.candidates/`` (same filesystem as the live file), with its own target and log folders,
   while the GX ``inputs`` suites validate the seed CSVs beside it; a failing input suite stops dbt.
3. The GX ``warehouse`` suites validate the candidate's tables (one checkpoint; Data Docs rebuilt).
4. The validation history of the live warehouse is carried into the candidate and this run is appended.
5. Only if every step passed: ``os.replace(candidate, live)``. Otherwise the candidate and a failure report go to
   ``build/quarantine/<run_id>/``, the build exits non-zero, and the live file is untouched.

A build whose inputs (project files, the LAIT extract's files, the settings that reach dbt) have the fingerprint
recorded for the live warehouse stops at once: nothing changed since that warehouse was validated and published.
``force=True`` (``scrutiny build --force``) builds anyway.

The whole build holds an exclusive lock beside the live warehouse, so builds queue instead of interleaving.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from scrutiny import gate, inputs, paths, publish
from scrutiny.errors import BuildFailed

#: Column of every input frame saying where the row is ("seeds/x/y.csv row 17"); GX reports it for failing rows.
LOCATION = "location"


@dataclass
class DbtSummary:
    models: int = 0
    seeds: int = 0
    tests: int = 0
    tests_passed: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    run_id: str
    started_at: datetime
    published: bool = False
    warehouse: Path | None = None
    quarantine: Path | None = None
    dbt: DbtSummary = field(default_factory=DbtSummary)
    gate_results: list[gate.GateResult] = field(default_factory=list)
    history_rows: int = 0
    #: Set when nothing changed since the live warehouse was published: the run id that published it.
    up_to_date_with: str | None = None
    failure: str | None = None
    seconds: float = 0.0

    @property
    def expectations(self) -> int:
        return sum(len(r.outcomes) for r in self.gate_results)

    @property
    def expectations_passed(self) -> int:
        return sum(r.passed for r in self.gate_results)

    @property
    def suites(self) -> int:
        return len({(o.suite, o.table_name) for r in self.gate_results for o in r.outcomes})


#: What a build reads from the project: dbt's folders, the suites, the source documents and the pipeline itself.
INPUT_FOLDERS = ("models", "seeds", "macros", "tests", "analyses", "expectations", "data", "scrutiny")
INPUT_FILES = ("dbt_project.yml", "profiles.yml", "requirements.lock")
#: Settings that change what dbt builds without changing a file.
INPUT_SETTINGS = (paths.ENV_LAIT_DIR,)


def input_fingerprint(project: Path) -> dict:
    """SHA-256 over every project input's path and bytes, the LAIT extract's file names, sizes and modification
    times, and the settings that reach dbt. Python caches and dbt's own output are not inputs."""
    digest = hashlib.sha256()
    files = [project / name for name in INPUT_FILES if (project / name).is_file()]
    for folder in INPUT_FOLDERS:
        files += [f for f in sorted((project / folder).rglob("*")) if f.is_file() and "__pycache__" not in f.parts]
    for path in files:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    lait = paths.lait_dir()
    extract = []
    if lait is not None and lait.is_dir():
        for path in sorted(p for p in lait.iterdir() if p.is_file()):
            stat = path.stat()
            extract.append([path.name, stat.st_size, stat.st_mtime_ns])
    settings = {name: os.environ.get(name) for name in INPUT_SETTINGS}
    digest.update(json.dumps([str(lait), extract, settings]).encode())
    return {"sha256": digest.hexdigest(), "files": len(files), "lait_files": len(extract)}


def _live_identity(live: Path) -> list[int]:
    stat = live.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def published_run_if_current(live: Path, fingerprint: dict) -> str | None:
    """The run id that published the live warehouse, if it was built from inputs with this fingerprint and the
    file is still the one that run published; else None (build)."""
    record = paths.published_inputs_file()
    if not live.is_file() or not record.is_file():
        return None
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        current = saved["sha256"] == fingerprint["sha256"] and saved["live"] == _live_identity(live)
        return saved["run_id"] if current else None
    except (ValueError, KeyError, TypeError, OSError):
        return None


def record_published_inputs(live: Path, fingerprint: dict, run_id: str) -> None:
    record = paths.published_inputs_file()
    scratch = record.with_name(record.name + ".tmp")
    scratch.write_text(json.dumps({**fingerprint, "run_id": run_id, "live": _live_identity(live)}), encoding="utf-8")
    os.replace(scratch, record)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def _echo(message: str) -> None:
    print(message, flush=True)


# --- step 1: inputs ----------------------------------------------------------------------------------------


def check_inputs(project: Path) -> None:
    problems = inputs.check_inputs(project, project / "seeds", project / "seeds" / "reference" / "source_documents.csv")
    if problems:
        lines = [f"  {p}" for p in problems[:40]]
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        raise BuildFailed(
            "input checks",
            "Input check failed (rows are line numbers in the file; the header is row 1):\n" + "\n".join(lines) + more,
            {"problems": [vars(p) for p in problems]},
        )


def validate_inputs(project: Path, run_id: str, run_dir: Path) -> gate.GateResult:
    seeds = inputs.read_seed_frames(project / "seeds")
    frames: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    for table, (frame, schema) in seeds.items():
        location = inputs.relative(schema.csv_path, project)
        located = frame.drop(columns=[inputs.ROW_COLUMN])
        located.insert(0, LOCATION, frame[inputs.ROW_COLUMN].map(lambda r, f=location: f"{f} row {r}"))
        frames[table] = located
        files[table] = location
    frames.update(derived_input_frames(frames))
    return gate.validate(
        "inputs",
        frames,
        run_id=run_id,
        snapshot_dir=run_dir / "snapshots" / "inputs",
        gx_dir=paths.gx_project_dir(),
        expectations=project / "expectations",
        source_files=files,
        index_column=LOCATION,
    )


def derived_input_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Frames the input suites need that no single file holds.

    ``derived.transcribed_parts``: every transcribed figure that names a parent total, beside that total's
    value and unit (from the same seed), so a suite can say a part is never larger than its total.
    """
    pieces = []
    for table, frame in frames.items():
        needed = {"figure_id", "parent_figure_id", "value", "unit"}
        if not needed <= set(frame.columns):
            continue
        parents = frame[["figure_id", "value", "unit"]].rename(
            columns={"figure_id": "parent_figure_id", "value": "parent_value", "unit": "parent_unit"}
        )
        parts = frame[frame["parent_figure_id"].notna()][[LOCATION, "figure_id", "parent_figure_id", "value", "unit"]]
        joined = parts.merge(parents, on="parent_figure_id", how="left")
        joined.insert(0, "seed", table)
        pieces.append(joined)
    derived: dict[str, pd.DataFrame] = {}
    if pieces:
        combined = pd.concat(pieces)
        combined["has_parent"] = combined["parent_figure_id"].isin(
            pd.concat([frames[t]["figure_id"] for t in frames if t in set(combined["seed"])])
        )
        combined["is_same_unit"] = (combined["unit"] == combined["parent_unit"]).fillna(False).astype(bool)
        derived["derived.transcribed_parts"] = combined
    derived.update(_matrix_frames(frames))
    return derived


def _matrix_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``derived.matrix_values_with_unit`` (each matrix cell with its indicator's unit from the catalogue seeds)
    and ``derived.matrix_coverage`` (per catalogued indicator, the periods with a Southend cell)."""
    catalogue_columns = {"indicator_id", "unit", "polarity"}
    catalogues = [f for f in frames.values() if catalogue_columns <= set(f.columns)]
    cells = [
        f
        for t, f in frames.items()
        if t.startswith("seeds.") and {"indicator_id", "area", "period_label", "measure", "value"} <= set(f.columns)
    ]
    if not catalogues or not cells:
        return {}
    units = pd.concat(catalogues)[["indicator_id", "unit"]].drop_duplicates("indicator_id")
    matrix = pd.concat(cells)[[LOCATION, "indicator_id", "area", "period_label", "measure", "value"]]
    with_unit = matrix.merge(units, on="indicator_id", how="left")
    periods = matrix[matrix["measure"] == "value"].groupby("indicator_id")["period_label"].nunique()
    southend = matrix[(matrix["area"] == "southend") & (matrix["measure"] == "value")]
    southend_periods = southend.groupby("indicator_id")["period_label"].nunique()
    cells_per_indicator = matrix.groupby("indicator_id").size()
    coverage = units.set_index("indicator_id")
    coverage["count_cells"] = cells_per_indicator.reindex(coverage.index).fillna(0).astype("int64")
    coverage["count_value_periods"] = periods.reindex(coverage.index).fillna(0).astype("int64")
    coverage["count_southend_periods"] = southend_periods.reindex(coverage.index).fillna(0).astype("int64")
    coverage = coverage.reset_index()
    coverage.insert(0, LOCATION, "indicator " + coverage["indicator_id"].astype(str))
    return {"derived.matrix_values_with_unit": with_unit, "derived.matrix_coverage": coverage}


# --- step 2: dbt -------------------------------------------------------------------------------------------


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGTERM dbt if the build process dies (e.g. SIGKILL), so no orphan keeps writing."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def dbt_executable() -> Path:
    return Path(sys.executable).parent / "dbt"


@dataclass
class DbtRun:
    """A `dbt build` running in its own process while the build does other work (the GX input suites)."""

    process: subprocess.Popen
    log: Path
    target: Path
    candidate: Path
    started: float

    def stop(self) -> None:
        """End dbt early (an input suite failed, or the build was interrupted)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_dbt(project: Path, candidate: Path, run_dir: Path, dbt_vars: dict[str, str]) -> DbtRun:
    # One target folder for every build (builds hold a lock, so never two at once) and a candidate path and vars
    # that do not change between builds: dbt then re-parses only the files that changed. The run's results are
    # copied into its run folder afterwards.
    target = paths.dbt_target_dir()
    env = dict(os.environ)
    env[paths.ENV_DBT_DATABASE] = str(candidate)
    env["DBT_TARGET_PATH"] = str(target)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    command = [
        str(dbt_executable()),
        "build",
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(target),
        "--log-path",
        str(run_dir / "logs"),
    ]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    log = run_dir / "dbt.out"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
    return DbtRun(process, log, target, candidate, time.monotonic())


def finish_dbt(run: DbtRun, project: Path, run_dir: Path, summary: DbtSummary) -> None:
    """Wait for dbt, copy its results into the run folder, and raise BuildFailed naming what failed."""
    returncode = run.process.wait()
    for artefact in ("run_results.json", "manifest.json"):
        if (run.target / artefact).is_file():
            (run_dir / "target").mkdir(exist_ok=True)
            shutil.copy2(run.target / artefact, run_dir / "target" / artefact)
    summarise_dbt(run.target, run.candidate, project, summary)
    if returncode != 0:
        if not summary.failures:
            tail = "\n".join(run.log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
            summary.failures.append(f"dbt exited with code {returncode}:\n{tail}")
        raise BuildFailed(
            "dbt build",
            "dbt build failed (full log: " + str(run.log) + "):\n" + "\n".join(summary.failures),
            {"dbt_failures": summary.failures},
        )


def summarise_dbt(target: Path, candidate: Path, project: Path, summary: DbtSummary) -> None:
    results_path = target / "run_results.json"
    if not results_path.is_file():
        return
    results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
    manifest_path = target / "manifest.json"
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
        elif kind in {"test", "unit_test"}:
            summary.tests += 1
            summary.tests_passed += status == "pass"
        if status in {"error", "fail", "runtime error"}:
            summary.failures.append(describe_dbt_failure(result, nodes, candidate, project))


def describe_dbt_failure(result: dict, nodes: dict, candidate: Path, project: Path) -> str:
    """A failed dbt node as: what failed, on which table/column (and file), and sample failing rows."""
    unique_id = result["unique_id"]
    node = nodes.get(unique_id, {})
    message = (result.get("message") or "").strip()
    if len(message.splitlines()) > 4:  # keep the error, drop dbt's macro call stack
        message = "\n    ".join(line for line in message.splitlines()[:4] if line.strip())
    if not unique_id.startswith("test."):
        where = node.get("original_file_path") or unique_id
        return f"  {unique_id} ({where}): {message}"
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


def failing_rows(result: dict, node: dict, candidate: Path, project: Path, limit: int = 5) -> list[str]:
    """A failed test's first failing rows, one line each."""
    return [
        ", ".join(f"{column}={_cell(value)}" for column, value in row.items())
        for row in failing_row_records(result, node, candidate, limit)
    ]


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


# --- step 3: the warehouse gate ----------------------------------------------------------------------------


def warehouse_frames(
    candidate: Path, patterns: list[str], derived_sql: dict[str, str] | None = None
) -> dict[str, pd.DataFrame]:
    """Tables of the candidate that some warehouse suite names, and the derived frames suites define in SQL
    (``meta.derived_sql``), read with one short read-only connection. A derived frame named like a relation
    replaces it: that is how a suite validates a bounded slice of a very large view."""
    import fnmatch

    frames: dict[str, pd.DataFrame] = {}
    with duckdb.connect(str(candidate), read_only=True) as con:
        relations = [
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select schema_name, table_name from duckdb_tables() where not internal "
                "union all select schema_name, view_name from duckdb_views() where not internal"
            ).fetchall()
        ]
        derived_sql = derived_sql or {}
        for relation in relations:
            if relation not in derived_sql and any(fnmatch.fnmatch(relation, p) for p in patterns):
                frames[relation] = con.execute(f"select * from {relation}").df()
        for name, sql in derived_sql.items():
            frames[name] = con.execute(sql).df()
    return frames


def validate_warehouse(project: Path, candidate: Path, run_id: str, run_dir: Path) -> gate.GateResult:
    suites = [s for s in gate.load_suites(project / "expectations") if s.stage == "warehouse"]
    derived_sql = {name: sql for s in suites for name, sql in (s.body["meta"].get("derived_sql") or {}).items()}
    frames = warehouse_frames(candidate, [p for s in suites for p in s.tables], derived_sql)
    return gate.validate(
        "warehouse",
        frames,
        run_id=run_id,
        snapshot_dir=run_dir / "snapshots" / "warehouse",
        gx_dir=paths.gx_project_dir(),
        expectations=project / "expectations",
    )


def gate_failure(result: gate.GateResult) -> BuildFailed:
    lines = [f"  {p}" for p in result.problems]
    lines += [f"  {gate.describe_failure(o)}" for o in result.failures()]
    return BuildFailed(
        f"Great Expectations ({result.stage})",
        f"Great Expectations {result.stage} suites failed "
        f"({len(result.failures())} of {len(result.outcomes)} expectations):\n" + "\n".join(lines),
        {"failed_expectations": [vars(o) for o in result.failures()], "problems": result.problems},
    )


# --- the pipeline ------------------------------------------------------------------------------------------


def raw_sources() -> list[tuple[str, Callable[[Path | None, Path], dict[str, str]], Path | None]]:
    """Every raw-source family the build lands for dbt: (name, its landing function, its folder or None)."""
    from scrutiny import ees, lait

    return [
        ("lait", lait.prepare, paths.lait_dir()),
        ("ees_csc", ees.prepare, paths.ees_csc_dir()),
    ]


def prepare_raw_sources(landing_root: Path | None = None) -> dict[str, str]:
    """Land every raw source for dbt and return the dbt vars that point at them. Each lands in a fixed folder of
    its own (under ``landing_root`` when given), so dbt's vars (and its parse) stay the same between builds."""
    dbt_vars: dict[str, str] = {}
    for name, prepare, source_dir in raw_sources():
        work_dir = landing_root / name if landing_root else paths.landing_dir(name)
        dbt_vars.update(prepare(source_dir, work_dir))
    return dbt_vars


def _git_commit(project: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


class PhaseTimer:
    """Wall-clock seconds per build phase, written to the run folder's timings.json as each phase ends (the
    benchmark harness reads it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(self, name: str):
        started = time.monotonic()
        try:
            yield
        finally:
            self.record(name, time.monotonic() - started)

    def record(self, name: str, seconds: float) -> None:
        self.seconds[name] = round(seconds, 3)
        self.path.write_text(json.dumps(self.seconds, indent=2), encoding="utf-8")


def build(project: Path | None = None, *, force: bool = False, echo=_echo) -> BuildReport:
    """Run the whole pipeline; raises BuildFailed (after quarantining) when anything fails. Returns at once, with
    ``up_to_date_with`` set, when the live warehouse was published from the same inputs (unless ``force``)."""
    project = project or paths.project_dir()
    live = paths.warehouse_path()
    run_id = new_run_id()
    report = BuildReport(run_id, datetime.now(UTC))
    clock = time.monotonic()
    with publish.build_lock(paths.build_lock_file()):
        fingerprint = input_fingerprint(project)
        current = None if force else published_run_if_current(live, fingerprint)
        if current:
            report.up_to_date_with = current
            report.warehouse = live
            report.seconds = time.monotonic() - clock
            return report
        run_dir = paths.runs_dir() / run_id
        run_dir.mkdir(parents=True, exist_ok=True)
        candidates = paths.candidates_dir()
        stale = publish.clear_stale_candidates(candidates)
        if stale:
            echo(f"removed {len(stale)} candidate(s) left by an interrupted build")
        candidates.mkdir(parents=True, exist_ok=True)
        # The same name every build (a stale one was just cleared): dbt's profile then stays the same and dbt can
        # parse only what changed.
        candidate = candidates / "candidate.duckdb"
        timings = PhaseTimer(run_dir / "timings.json")
        dbt: DbtRun | None = None
        try:
            echo(f"[{run_id}] checking inputs ...")
            with timings.phase("input_checks"):
                check_inputs(project)
            with timings.phase("lait_prepare"):
                dbt_vars = prepare_raw_sources()
            # dbt builds the candidate while the GX input suites run beside it (the machine has two cores): a
            # candidate is only ever published after both, so a failing input suite stops dbt and fails the build.
            echo(f"[{run_id}] dbt build -> candidate {candidate} (GX input suites alongside) ...")
            dbt = start_dbt(project, candidate, run_dir, dbt_vars)
            with timings.phase("gx_inputs"):
                input_result = validate_inputs(project, run_id, run_dir)
            report.gate_results.append(input_result)
            if not input_result.success:
                dbt.stop()
                raise gate_failure(input_result)
            try:
                finish_dbt(dbt, project, run_dir, report.dbt)
            finally:
                timings.record("dbt", time.monotonic() - dbt.started)
            echo(f"[{run_id}] validating the candidate with Great Expectations ...")
            with timings.phase("gx_warehouse"):
                warehouse_result = validate_warehouse(project, candidate, run_id, run_dir)
            report.gate_results.append(warehouse_result)
            if not warehouse_result.success:
                raise gate_failure(warehouse_result)
            with timings.phase("record_history"):
                report.history_rows = _record(project, report, live, candidate, run_dir, published=True)
            with timings.phase("publish"):
                publish.publish(candidate, live)
                record_published_inputs(live, fingerprint, run_id)
            report.published = True
            report.warehouse = live
        except BuildFailed as failure:
            failure.build_report = report
            report.failure = failure.report
            if candidate.exists():
                try:
                    _record(project, report, live, candidate, run_dir, published=False)
                except duckdb.Error as error:  # the candidate may be half-written; keep it as it is
                    failure.report += f"\n(validation history not recorded in the quarantined candidate: {error})"
            report.quarantine = publish.quarantine(
                candidate if candidate.exists() else None,
                paths.quarantine_dir() / run_id,
                f"step: {failure.step}\n{failure.report}",
                {"run_id": run_id, "step": failure.step, **failure.details},
            )
            raise
        finally:
            if dbt is not None:
                dbt.stop()  # only still running when the build was interrupted
            report.seconds = time.monotonic() - clock
    return report


def _record(project: Path, report: BuildReport, live: Path, candidate: Path, run_dir: Path, *, published: bool) -> int:
    publish.carry_history(live, candidate, run_dir)
    run = {
        "run_id": report.run_id,
        "started_at": report.started_at,
        "finished_at": datetime.now(UTC),
        "git_commit": _git_commit(project),
        "count_models": report.dbt.models,
        "count_dbt_tests": report.dbt.tests,
        "count_dbt_tests_passed": report.dbt.tests_passed,
        "count_expectations": report.expectations,
        "count_expectations_passed": report.expectations_passed,
        "is_published": published,
        "outcome": "published" if published else "quarantined",
    }
    outcomes = [o for r in report.gate_results for o in r.outcomes]
    publish.record_run(candidate, run, outcomes)
    with duckdb.connect(str(candidate), read_only=True) as con:
        return con.execute(f"select count(*) from {publish.HISTORY_SCHEMA}.expectation_results").fetchone()[0]


def summary(report: BuildReport) -> str:
    if report.up_to_date_with:
        return (
            f"Up to date: nothing the build reads has changed since build {report.up_to_date_with} published "
            f"{report.warehouse}.\n  (scrutiny build --force, or make rebuild, builds and validates it again.)"
        )
    docs = paths.data_docs_index()
    lines = [
        f"Build {report.run_id}: {'PUBLISHED' if report.published else 'FAILED'} in {report.seconds:.0f}s",
        f"  dbt: {report.dbt.seeds} seeds loaded, {report.dbt.models} models built, "
        f"{report.dbt.tests_passed}/{report.dbt.tests} tests passed",
        f"  Great Expectations: {report.expectations_passed}/{report.expectations} expectations passed "
        f"({report.suites} suite/table validations)",
    ]
    if report.published:
        lines.append(f"  warehouse: {report.warehouse}")
        lines.append(f"  validation history: {publish.HISTORY_SCHEMA}.expectation_results ({report.history_rows} rows)")
    if report.quarantine:
        lines.append(f"  quarantined candidate and report: {report.quarantine}")
    lines.append(f"  data docs: {docs if docs.is_file() else '(not built this run)'}")
    lines.append(f"  dbt target and logs: {paths.runs_dir() / report.run_id}")
    return "\n".join(lines)
