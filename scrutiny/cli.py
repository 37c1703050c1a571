"""Command line: `python -m scrutiny build | validate [FILE...] | history | docs | matrix | briefing | export |
sql FILE`."""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from scrutiny import paths
from scrutiny.errors import BuildFailed, describe_os_error


@contextlib.contextmanager
def command_step(step: str, path: Path | None = None) -> Iterator[None]:
    """A step of a command writing under ``path``: a fault of the file system (a read-only folder, a full disk) or
    of DuckDB (a published warehouse that cannot be read) ends it as BuildFailed naming the step and the path (the
    file, or the warehouse), also when a worker process of the step raised it."""
    import duckdb

    try:
        yield
    except OSError as error:
        where, reason = describe_os_error(error)
        raise BuildFailed(step, f"{where or path}: {reason}") from None
    except duckdb.Error as error:  # reading the published warehouse
        raise BuildFailed(step, f"{paths.warehouse_path()}: {str(error).splitlines()[0]}") from None


def _dbt_vars(text: str) -> dict[str, object]:
    import yaml

    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise argparse.ArgumentTypeError(f"not a YAML mapping: {error}") from error
    if not isinstance(parsed, dict):
        raise argparse.ArgumentTypeError("dbt vars must be a mapping, e.g. '{focus_la_number: 879}'")
    return parsed


def _build(args: argparse.Namespace) -> int:
    import os

    from scrutiny import settings
    from scrutiny.build.report import failure_text, summary, write_report
    from scrutiny.build.steps import build

    if args.row_drop_tolerance is not None:
        os.environ[settings.ENV_ROW_DROP_TOLERANCE] = str(args.row_drop_tolerance)
    if args.magnitude_factor is not None:
        os.environ[settings.ENV_MAGNITUDE_FACTOR] = str(args.magnitude_factor)
    allowed = {name for name in _raw_source_names() if getattr(args, f"allow_missing_{name}", False)}
    try:
        report = build(force=args.force, dbt_vars=args.vars, allow_missing=allowed)
    except BuildFailed as failure:
        if failure.build_report is not None:
            print(summary(failure.build_report), file=sys.stderr)
            if args.report:
                write_report(failure.build_report, args.report)
        print(f"\n{failure_text(failure, paths.warehouse_path())}", file=sys.stderr, flush=True)
        return 1
    if args.report:
        write_report(report, args.report)
    print()
    print(summary(report))
    return 0


def _raw_source_names() -> list[str]:
    from scrutiny.sources import registry

    return registry.names()


def _validate(args: argparse.Namespace) -> int:
    """Pre-dbt input checks and the GX input suites, without building anything."""
    from scrutiny.build.steps import validate_inputs
    from scrutiny.inputs.checks import check_seed_files

    if args.files:
        problems, unknown = check_seed_files([Path(f) for f in args.files])
        for path in unknown:
            print(f"{path}: not a seed under {paths.seeds_dir()}", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems or unknown:
            return 1
    try:
        result = validate_inputs()
    except BuildFailed as failure:
        print(failure.report, file=sys.stderr)
        return 1
    print(f"inputs OK: {result.passed}/{len(result.outcomes)} expectations passed")
    return 0


def _history(args: argparse.Namespace) -> int:
    from scrutiny.warehouse.history import recent_runs

    live = paths.warehouse_path()
    if not live.is_file():
        print(f"no live warehouse at {live}", file=sys.stderr)
        return 1
    print(recent_runs(live, args.limit).to_string(index=False))
    return 0


def _docs(args: argparse.Namespace) -> int:
    from scrutiny.outputs import docs as docs_site

    with command_step("dbt docs", paths.build_dir()):
        index = docs_site.generate()
    print(f"dbt docs: {index}")
    print(f"dbt docs as one file (no server needed): {paths.static_docs_file()}")
    return docs_site.serve(args.port) if args.serve else 0


def _briefing(args: argparse.Namespace) -> int:
    """The briefing on what DfE published for an authority since a date, as HTML and Word under build/briefing/."""
    import time

    from scrutiny.outputs import briefing

    started = time.monotonic()
    try:
        with command_step("write the briefing", paths.briefing_dir()):
            written = briefing.write(args.la, args.since, args.group or None)
    except briefing.BriefingRequestError as problem:
        print(f"briefing: {problem}", file=sys.stderr)
        return 2
    print(f"briefing: wrote {', '.join(str(p) for p in written)} in {time.monotonic() - started:.1f} s")
    return 0


def _matrix(args: argparse.Namespace) -> int:
    """The data matrix for one authority (or all) as a workbook, an HTML page and a PDF under build/matrix/."""
    import time

    from scrutiny.outputs.matrix.export import export
    from scrutiny.outputs.matrix.query import HOW_TO_FIND, MatrixRequestError, available, connect
    from scrutiny.outputs.pdf import PdfUnavailableError

    started = time.monotonic()
    try:
        if args.list:
            with connect() as con:
                print(available(con).to_string(index=False))
            return 0
        if not args.la:
            raise MatrixRequestError("Say which authority: --la <DfE LA number> or --la all. " + HOW_TO_FIND)
        with command_step("write the data matrix", paths.matrix_dir()):
            written = export(args.la, args.group or None, args.measures)
    except (MatrixRequestError, PdfUnavailableError) as problem:
        print(f"matrix: {problem}", file=sys.stderr)
        return 2
    folders = sorted({str(p.parent) for p in written})
    where = folders[0] if len(folders) == 1 else f"{len(folders)} folders under {paths.matrix_dir()}"
    print(
        f"matrix: wrote {len(written)} files ({len(written) // 3} authorities) to {where} "
        f"in {time.monotonic() - started:.1f} s"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from scrutiny.outputs.export import export

    out = Path(args.out) if args.out else paths.export_dir()
    with command_step("export the marts", out):
        report = export(paths.warehouse_path(), out)
    print(f"exported {len(report.relations)} marts to {report.folder}")
    print(f"  parquet: {report.folder / 'parquet'}  ({sum(r.rows for r in report.relations):,} rows)")
    if report.workbook:
        print(f"  the pack's marts as one workbook: {report.workbook}")
    print(f"  tables, columns and units: {report.folder / 'README.md'}")
    return 0


def _sql(args: argparse.Namespace) -> int:
    """Run a SQL file (the cookbook's, or any) against the published warehouse opened read-only; print the result."""
    import duckdb

    source = Path(args.file)
    if not source.is_file():
        print(f"no SQL file at {source}", file=sys.stderr)
        return 1
    live = paths.warehouse_path()
    if not live.is_file():
        print(f"no published warehouse at {live}: run `make build` first", file=sys.stderr)
        return 1
    try:
        with duckdb.connect(str(live), read_only=True) as con:
            result = con.sql(source.read_text(encoding="utf-8"))
            if result is None:
                return 0
            if args.csv:
                result.df().to_csv(sys.stdout, index=False)
            else:
                result.show(max_width=args.width, max_rows=args.max_rows)
    except duckdb.Error as error:
        print(f"{source}: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrutiny", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check inputs, build a candidate with dbt, validate it, publish it")
    build.add_argument("--force", action="store_true", help="build even when nothing changed since the last publish")
    build.add_argument("--report", type=Path, help="also write the build's outcome and phase timings as JSON here")
    build.add_argument("--vars", type=_dbt_vars, help="dbt vars as a YAML/JSON mapping, e.g. '{focus_la_number: 879}'")
    for name in _raw_source_names():
        build.add_argument(
            f"--allow-missing-{name}",
            action="store_true",
            help=f"publish even though files of the {name} source present at the last publish are missing now",
        )
    build.add_argument(
        "--row-drop-tolerance",
        type=float,
        help="share of its rows a table may lose from one publish to the next (default 0.25; "
        "SCRUTINY_ROW_DROP_TOLERANCE)",
    )
    build.add_argument(
        "--magnitude-factor",
        type=float,
        help="a number may be at most this many times its group's median magnitude (default 1000; "
        "SCRUTINY_MAGNITUDE_FACTOR)",
    )
    build.set_defaults(func=_build)
    check = commands.add_parser(
        "validate", aliases=["check-inputs"], help="check seed files (all, or the files given) without building"
    )
    check.add_argument("files", nargs="*", help="seed CSV files to check (default: all)")
    check.set_defaults(func=_validate)
    history = commands.add_parser("history", help="recent builds recorded in the live warehouse")
    history.add_argument("--limit", type=int, default=10)
    history.set_defaults(func=_history)
    docs = commands.add_parser("docs", help="dbt's documentation site for the published warehouse")
    docs.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    docs.add_argument("--port", type=int, default=8080)
    docs.set_defaults(func=_docs)
    matrix = commands.add_parser("matrix", help="an authority's data matrix (workbook, HTML, PDF) to build/matrix/")
    matrix.add_argument("--la", help="DfE LA number (e.g. 879), or 'all' for every current authority")
    matrix.add_argument("--group", help="neighbour group id (default: the authority's default group)")
    matrix.add_argument(
        "--measures", choices=("pack", "all"), default="pack", help="the pack's measures (default) or every DfE measure"
    )
    matrix.add_argument("--list", action="store_true", help="list the authorities and neighbour groups available")
    matrix.set_defaults(func=_matrix)
    briefing = commands.add_parser(
        "briefing", help="what DfE published for an authority since a date (HTML + Word) to build/briefing/"
    )
    briefing.add_argument("--la", required=True, help="DfE LA number (e.g. 882)")
    briefing.add_argument("--since", required=True, help="the date of the last meeting, yyyy-mm-dd")
    briefing.add_argument("--group", help="neighbour group id for the neighbours' means (default: the authority's)")
    briefing.set_defaults(func=_briefing)
    exporter = commands.add_parser("export", help="every mart as Parquet, the pack's marts as one Excel workbook")
    exporter.add_argument("--out", help="folder to write (default build/export)")
    exporter.set_defaults(func=_export)
    sql = commands.add_parser("sql", help="run a SQL file against the published warehouse, read-only, and print it")
    sql.add_argument("file", help="a .sql file, e.g. docs/cookbook/band_a_league.sql")
    sql.add_argument("--csv", action="store_true", help="print CSV (header, then rows) instead of a table")
    sql.add_argument("--width", type=int, default=200, help="widest table to print (characters)")
    sql.add_argument("--max-rows", type=int, default=100, help="most rows to print as a table")
    sql.set_defaults(func=_sql)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BuildFailed as failure:
        print(f"{args.command} FAILED at step: {failure.step}\n{failure.report}", file=sys.stderr)
    except OSError as error:  # a fault outside a named step
        where, reason = describe_os_error(error)
        print(f"{args.command} FAILED at step: {args.command}\n{where}: {reason}", file=sys.stderr)
    except Exception as error:  # an unexpected fault: one message, the traceback in a file
        print(f"{args.command} FAILED at step: {args.command}\n{_unexpected(args.command, error)}", file=sys.stderr)
    return 1


def _unexpected(command: str, error: Exception) -> str:
    """Say what failed; keep the traceback in build/logs/ (or say it when even that cannot be written)."""
    text = f"unexpected error: {type(error).__name__}: {error}"
    log = paths.build_dir() / "logs" / f"{command}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError as failure:
        return f"{text} (its traceback could not be written to {log}: {failure.strerror or failure})"
    return f"{text}; the traceback is in {log}"
