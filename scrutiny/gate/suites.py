"""The Great Expectations quality gate.

Suites are JSON files under ``expectations/`` (GX 1.x suite format: ``name``, ``expectations``, ``meta``), one
file per suite, loaded from there on every run. A suite's ``meta`` says what it validates:

- ``stage``: ``inputs`` (seed CSVs and derived input frames, validated while dbt runs) or ``warehouse``
  (tables of the candidate warehouse dbt built: marts and landed raw extracts);
- ``tables``: relation names or glob patterns (``seeds.*``, ``marts.fct_complaints``); a name without a glob
  that matches no table fails the suite (a mart that silently disappeared is a failure);
- ``requires_columns`` (optional): a glob pattern only matches tables that have all of these columns.

Why pandas and not a SQL datasource: the frames are small, and reading every table out of the candidate with
one short-lived read-only DuckDB connection (then closing it) means GX never holds a handle on the candidate
file when it is renamed, and needs no SQLAlchemy engine pool to dispose. The frames are written to parquet under
the run folder (kept with a quarantined candidate as evidence) and one checkpoint per stage validates them all.
Seed frames carry their location (``seeds/x/y.csv row 17``) as the pandas index, so failures name the row.

Two seams let another engine run the same suites through this same code (the Spark parity harness does):
- a :class:`BatchSource` turns a stage's frames into GX batches (default :class:`PandasSnapshots`);
- a :class:`WarehouseReader` lists and reads the relations the warehouse suites name (default
  :class:`DuckDbWarehouse`, a read-only connection to the candidate file).
"""

from __future__ import annotations

import errno
import fnmatch
import json
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from scrutiny import paths
from scrutiny.errors import BuildFailed

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

STAGES = ("inputs", "warehouse")
_GLOB = re.compile(r"[*?\[]")
_SAMPLE = 5


@dataclass(frozen=True)
class SuiteFile:
    path: Path
    name: str
    stage: str
    tables: list[str]
    requires_columns: list[str]
    body: dict[str, Any]


@dataclass
class Outcome:
    """One expectation's result on one table, as recorded in data_quality.expectation_results."""

    run_id: str
    validated_at: str
    stage: str
    suite: str
    expectation: str
    table_name: str
    column_name: str | None
    success: bool
    observed_value: str | None
    unexpected_count: int | None
    element_count: int | None
    sample_unexpected: str | None
    kwargs: str
    source_file: str | None = None
    #: Set on a result carried from an earlier build (its table was not rebuilt, so not validated again): the run
    #: that validated it. None: validated by this run.
    carried_from_run_id: str | None = None


@dataclass
class GateResult:
    stage: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.problems and all(o.success for o in self.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.success for o in self.outcomes)

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]


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


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", name)


#: One GX context per Data Docs folder for the life of the process, so one build's two stages share it.
_CONTEXTS: dict[Path, Any] = {}


def _context(gx_dir: Path):
    """An in-memory (ephemeral) GX context whose Data Docs site is written under ``gx_dir``.

    In-memory because a file context re-writes its YAML config and a JSON file for every asset, suite and
    validation definition added: about half the gate's time. The suites' JSON files are the source of truth,
    the results go into the warehouse's history, and the Data Docs site is still written to disk."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx_dir = gx_dir.resolve()
    if gx_dir in _CONTEXTS:
        return _CONTEXTS[gx_dir]
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    site = paths.data_docs_site(gx_dir)
    site.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # the in-memory context comes with a "local_site"; point it at the folder under gx_dir
    context.update_data_docs_site(
        site_name="local_site",
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site)},
        },
    )
    _CONTEXTS[gx_dir] = context
    return context


def ready(gx_dir: Path) -> None:
    """Import Great Expectations and make the context for ``gx_dir`` now (a build does it while dbt runs)."""
    _context(gx_dir)


class BatchSource(Protocol):
    """How a stage's frames become Great Expectations batches."""

    def batch_definitions(
        self, context: Any, stage: str, frames: dict[str, Any], snapshot_dir: Path
    ) -> dict[str, tuple[Any, dict[str, Any] | None]]:
        """Per table: a batch definition and the batch parameters a checkpoint needs for it (None: none)."""
        ...

    def suite_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """A suite's JSON as this engine needs it (the same, unless the engine spells something differently)."""
        ...


class PandasSnapshots:
    """pandas frames, written as parquet snapshots (kept with the run as evidence) and read back by GX's pandas
    filesystem data source: one checkpoint validates them all."""

    def batch_definitions(
        self, context: Any, stage: str, frames: dict[str, Any], snapshot_dir: Path
    ) -> dict[str, tuple[Any, dict[str, Any] | None]]:
        snapshot_dir.mkdir(parents=True, exist_ok=True)
        for table, frame in frames.items():
            path = snapshot_dir / f"{table}.parquet"
            try:
                frame.to_parquet(path)
            except OSError as error:  # pyarrow names no file (a full disk): name the snapshot being written
                raise OSError(error.errno or errno.EIO, str(error), str(path)) from error
        name = f"snapshot_{stage}"
        if name in context.data_sources.all():
            context.data_sources.delete(name)
        datasource = context.data_sources.add_pandas_filesystem(name, base_directory=str(snapshot_dir))
        definitions: dict[str, tuple[Any, dict[str, Any] | None]] = {}
        for table in sorted(frames):
            asset = datasource.add_parquet_asset(table)
            definitions[table] = (asset.add_batch_definition_path(table, path=f"{table}.parquet"), None)
        return definitions

    def suite_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return body


def validate(
    stage: str,
    frames: dict[str, pd.DataFrame],
    *,
    run_id: str,
    snapshot_dir: Path,
    gx_dir: Path,
    expectations: Path,
    source_files: dict[str, str] | None = None,
    index_column: str | None = None,
    source: BatchSource | None = None,
    present: set[str] | None = None,
) -> GateResult:
    """Run every suite of ``stage`` on ``frames`` (relation name -> frame) through GX checkpoints. ``present``:
    every table that exists, when ``frames`` holds only those to validate again (a named table missing from both
    is a problem; one that is present but not in ``frames`` is left to the caller's carried results)."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    result = GateResult(stage)
    source = source or PandasSnapshots()
    source_files = source_files or {}
    suites = [s for s in load_suites(expectations) if s.stage == stage]
    if not suites:
        return result
    plan: list[tuple[SuiteFile, str]] = []
    for suite in suites:
        matched, missing = match_tables(suite, frames, present)
        for table in missing:
            result.problems.append(
                f"suite {suite.name} ({suite.path.name}): table {table} does not exist in the {stage} being validated"
            )
        plan.extend((suite, table) for table in matched)
    if not plan:
        return result

    context = _context(gx_dir)
    tables = sorted({t for _, t in plan})
    batches = source.batch_definitions(context, stage, {t: frames[t] for t in tables}, snapshot_dir)
    suites_by_name = {
        s.name: _suite(context, s, source.suite_body(s.body)) for s in {s.name: s for s, _ in plan}.values()
    }
    # one checkpoint for every batch that needs no parameters, one per table for batches that do (a dataframe)
    groups: dict[str | None, list[Any]] = {}
    for suite_file, table in plan:
        definition, parameters = batches[table]
        validation = gx.ValidationDefinition(
            name=f"{stage}__{_safe(suite_file.name)}__{_safe(table)}",
            data=definition,
            suite=suites_by_name[suite_file.name],
        )
        groups.setdefault(None if parameters is None else table, []).append(
            context.validation_definitions.add_or_update(validation)
        )
    result_format = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": 20,
        **({"unexpected_index_column_names": [index_column]} if index_column else {}),
    }
    validated_at = datetime.now(UTC).isoformat(timespec="seconds")
    run_results: dict[Any, Any] = {}
    for group, definitions in groups.items():
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=f"scrutiny_{stage}" + (f"__{_safe(group)}" if group else ""),
                validation_definitions=definitions,
                actions=[],
                result_format=result_format,
            )
        )
        parameters = batches[group][1] if group else None
        checkpoint_result = checkpoint.run(
            batch_parameters=parameters, run_id=RunIdentifier(run_name=f"{run_id}_{stage}")
        )
        run_results.update(checkpoint_result.run_results)
    # Data Docs once per stage, for this run's results only (GX's UpdateDataDocsAction rebuilds per validation).
    context.build_data_docs(resource_identifiers=list(run_results))
    by_key = {(s.name, t): s for s, t in plan}
    table_of_asset = {batches[t][0].data_asset.name: t for t in tables}
    for validation in run_results.values():
        table = table_of_asset[validation.meta["active_batch_definition"]["data_asset_name"]]
        suite_file = by_key[(validation.suite_name, table)]
        for expectation_result in validation.results:
            result.outcomes.append(
                _outcome(run_id, validated_at, stage, suite_file, table, expectation_result, source_files.get(table))
            )
    return result


def _suite(context: Any, suite_file: SuiteFile, body: dict[str, Any]) -> Any:
    """Register a suite from its JSON; refuse one GX would silently shorten (an unknown expectation type)."""
    import great_expectations as gx

    suite = gx.ExpectationSuite(**body)
    expected = len(body.get("expectations") or [])
    if len(suite.expectations) != expected:
        known = {e.expectation_type if hasattr(e, "expectation_type") else e.type for e in suite.expectations}
        wrong = [e.get("type") for e in body["expectations"] if e.get("type") not in known]
        raise ValueError(f"{suite_file.path}: GX rejected expectation(s) {wrong}; check the type names and kwargs")
    return context.suites.add_or_update(suite)


def _outcome(
    run_id: str,
    validated_at: str,
    stage: str,
    suite: SuiteFile,
    table: str,
    expectation_result: Any,
    source_file: str | None,
) -> Outcome:
    config = expectation_result.expectation_config
    kwargs = {k: v for k, v in (config.kwargs or {}).items() if k != "batch_id"}
    details = expectation_result.result or {}
    column = (
        kwargs.get("column")
        or (f"{kwargs['column_A']}, {kwargs['column_B']}" if "column_A" in kwargs else None)
        or (", ".join(kwargs["column_list"]) if "column_list" in kwargs else None)
    )
    sample: list[str] = []
    values = details.get("partial_unexpected_list") or []
    where = details.get("partial_unexpected_index_list") or []
    for index, value in enumerate(values[:_SAMPLE]):
        location = where[index] if index < len(where) else None
        if isinstance(location, dict):
            location = location.get("location")
        if isinstance(location, str):
            sample.append(f"{_show(value)} at {location}")
        else:
            sample.append(_show(value))
    observed = details.get("observed_value")
    if observed is None and "unexpected_count" in details:
        observed = f"{details.get('unexpected_count')} unexpected of {details.get('element_count')}"
    exception = _exception_message(expectation_result.exception_info)
    if exception:
        observed = f"error: {exception}"
    return Outcome(
        run_id=run_id,
        validated_at=validated_at,
        stage=stage,
        suite=suite.name,
        expectation=config.type,
        table_name=table,
        column_name=column,
        success=bool(expectation_result.success),
        observed_value=None if observed is None else _show(observed),
        unexpected_count=details.get("unexpected_count"),
        element_count=details.get("element_count"),
        sample_unexpected="; ".join(sample) or None,
        kwargs=json.dumps(kwargs, default=str, sort_keys=True),
        source_file=source_file,
    )


def _exception_message(info: Any) -> str | None:
    """GX reports errors either flat or keyed by metric; find the first message."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception") and info.get("exception_message"):
        return str(info["exception_message"]).splitlines()[0][:300]
    for value in info.values():
        found = _exception_message(value)
        if found:
            return found
    return None


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, default=str)[:300]
    return str(value)[:300]


def describe_failure(outcome: Outcome) -> str:
    """One failing expectation as a message naming suite, expectation, table, column and sample values."""
    kwargs = json.loads(outcome.kwargs)
    rule = ", ".join(
        f"{k}={v}" for k, v in kwargs.items() if k not in {"column", "column_A", "column_B", "result_format"}
    )
    table = outcome.table_name + (f" ({outcome.source_file})" if outcome.source_file else "")
    parts = [
        f"suite {outcome.suite}",
        f"expectation {outcome.expectation}" + (f" [{rule}]" if rule else ""),
        f"table {table}",
    ]
    if outcome.column_name:
        parts.append(f"column {outcome.column_name}")
    text = ": ".join([", ".join(parts), f"observed {outcome.observed_value}"])
    if outcome.sample_unexpected:
        text += f"; offending values: {outcome.sample_unexpected}"
    return text


# --- the two stages ----------------------------------------------------------------------------------------


def failure(result: GateResult) -> BuildFailed:
    """The build step's failure for a stage whose suites did not all pass."""
    lines = [f"  {p}" for p in result.problems]
    lines += [f"  {describe_failure(o)}" for o in result.failures()]
    return BuildFailed(
        f"Great Expectations ({result.stage})",
        f"Great Expectations {result.stage} suites failed "
        f"({len(result.failures())} of {len(result.outcomes)} expectations):\n" + "\n".join(lines),
        {"failed_expectations": [vars(o) for o in result.failures()], "problems": result.problems},
    )


def validate_inputs(
    frames: dict[str, pd.DataFrame],
    files: dict[str, str],
    *,
    run_id: str,
    snapshot_dir: Path,
    gx_dir: Path,
    expectations: Path,
    index_column: str,
    only: set[str] | None = None,
) -> GateResult:
    """The ``inputs`` suites on the seed frames and derived input frames (scrutiny.inputs.frames). ``only``: just
    these frames (the seeds that changed, and the derived frames); the others' results are the caller's to carry."""
    present = None
    if only is not None:
        present = set(frames)
        frames = {name: frame for name, frame in frames.items() if name in only}
    return validate(
        "inputs",
        frames,
        run_id=run_id,
        snapshot_dir=snapshot_dir,
        gx_dir=gx_dir,
        expectations=expectations,
        source_files=files,
        index_column=index_column,
        present=present,
    )


def carried(previous: list[Outcome], stage: str, validated: GateResult, run_id: str) -> list[Outcome]:
    """The previous publish's results of ``stage`` for every suite and table this run did not validate again,
    marked as carried (``carried_from_run_id``: the run that validated them) and filed under ``run_id``."""
    again = {(o.suite, o.table_name) for o in validated.outcomes}
    kept = [o for o in previous if o.stage == stage and (o.suite, o.table_name) not in again]
    return [
        Outcome(**{**vars(o), "run_id": run_id, "carried_from_run_id": o.carried_from_run_id or o.run_id}) for o in kept
    ]


class WarehouseReader(Protocol):
    """Read access to a built warehouse: the relations it holds and their rows."""

    def relations(self) -> list[str]:
        """Every relation as ``schema.name``."""
        ...

    def read(self, relation: str) -> Any:
        """A whole relation as a frame."""
        ...

    def query(self, sql: str) -> Any:
        """The result of a query as a frame."""
        ...


class DuckDbWarehouse:
    """A DuckDB warehouse file read with one short read-only connection (``with DuckDbWarehouse(path) as w``):
    closed again before the file is renamed."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._connection: Any = None

    def __enter__(self) -> DuckDbWarehouse:
        import duckdb

        self._connection = duckdb.connect(str(self.database), read_only=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._connection.close()

    def relations(self) -> list[str]:
        return [
            f"{schema}.{name}"
            for schema, name in self._connection.execute(
                "select schema_name, table_name from duckdb_tables() where not internal "
                "union all select schema_name, view_name from duckdb_views() where not internal"
            ).fetchall()
        ]

    def read(self, relation: str) -> pd.DataFrame:
        return self._connection.execute(f"select * from {relation}").df()

    def query(self, sql: str) -> pd.DataFrame:
        return self._connection.execute(sql).df()


_RELATION_IN_SQL = re.compile(r"\b((?:seeds|staging|intermediate|marts)\.[A-Za-z_][A-Za-z0-9_]*)\b")


def relations_read(sql: str) -> set[str]:
    """The warehouse relations (``schema.name``) a suite's derived SQL reads."""
    return set(_RELATION_IN_SQL.findall(sql))


def warehouse_frames(reader: WarehouseReader, suites: list[SuiteFile], only: set[str] | None = None) -> dict[str, Any]:
    """The relations some warehouse suite names, and the derived frames suites define in SQL
    (``meta.derived_sql``). A derived frame named like a relation replaces it: that is how a suite validates a
    bounded slice of a very large view. ``only``: the relations that changed; then only they, and the derived
    frames named like them or reading any of them (the cross-table checks), are read."""
    patterns = [p for s in suites for p in s.tables]
    derived_sql = {name: sql for s in suites for name, sql in (s.body["meta"].get("derived_sql") or {}).items()}
    if only is not None:
        derived_sql = {n: sql for n, sql in derived_sql.items() if n in only or relations_read(sql) & only}
    frames: dict[str, Any] = {}
    for relation in reader.relations():
        wanted = only is None or relation in only
        if wanted and relation not in derived_sql and any(fnmatch.fnmatch(relation, p) for p in patterns):
            frames[relation] = reader.read(relation)
    for name, sql in derived_sql.items():
        frames[name] = reader.query(sql)
    return frames


def validate_warehouse(
    reader: WarehouseReader,
    *,
    run_id: str,
    snapshot_dir: Path,
    gx_dir: Path,
    expectations: Path,
    source: BatchSource | None = None,
    only: set[str] | None = None,
) -> GateResult:
    """The ``warehouse`` suites on what ``reader`` reads (the candidate's marts and landed raw extracts).
    ``only``: validate just these relations (the ones an incremental build rebuilt) and the derived frames that
    read them; the others' results are the caller's to carry from the previous publish."""
    suites = [s for s in load_suites(expectations) if s.stage == "warehouse"]
    frames = warehouse_frames(reader, suites, only)
    present = None
    if only is not None:
        derived = {n for s in suites for n in (s.body["meta"].get("derived_sql") or {})}
        present = set(reader.relations()) | derived
    return validate(
        "warehouse",
        frames,
        run_id=run_id,
        snapshot_dir=snapshot_dir,
        gx_dir=gx_dir,
        expectations=expectations,
        source=source,
        present=present,
    )
