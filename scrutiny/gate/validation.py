"""Running the gate's suites through Great Expectations (1.x: an in-memory context, validation definitions and one
checkpoint per stage).

Why pandas and not a SQL datasource: the frames are small, and reading every table out of the candidate with
one short-lived read-only DuckDB connection (then closing it) means GX never holds a handle on the candidate
file when it is renamed, and needs no SQLAlchemy engine pool to dispose. The frames are written to parquet under
the run folder (kept with a quarantined candidate as evidence) and one checkpoint per stage validates them all.
Seed frames carry their location (``seeds/x/y.csv row 17``) as the pandas index, so failures name the row.

A :class:`BatchSource` turns a stage's frames into GX batches (default :class:`PandasSnapshots`): the seam another
engine uses to run the same suites through this same code (the Spark parity harness does).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from scrutiny import paths
from scrutiny.errors import BuildFailed
from scrutiny.gate.outcome import GateResult, Outcome, describe_failure
from scrutiny.gate.suites import SuiteFile, load_suites, match_tables

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

_SAMPLE = 5


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
