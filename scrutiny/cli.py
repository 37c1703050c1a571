"""Command line: `python -m scrutiny build | check-inputs | validate FILE... | history | matrix`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrutiny import paths


def _build(args: argparse.Namespace) -> int:
    from scrutiny.build import BuildFailed, build, summary

    try:
        report = build(force=args.force)
    except BuildFailed as failure:
        print(f"\nBUILD FAILED at step: {failure.step}\n{failure.report}\n", file=sys.stderr, flush=True)
        if failure.build_report is not None:
            print(summary(failure.build_report), file=sys.stderr)
        print(f"The live warehouse was not changed: {paths.warehouse_path()}", file=sys.stderr)
        return 1
    print()
    print(summary(report))
    return 0


def _check_inputs(args: argparse.Namespace) -> int:
    """Pre-dbt input checks and the GX input suites, without building anything."""
    from scrutiny import inputs
    from scrutiny.build import BuildFailed, check_inputs, gate_failure, new_run_id, validate_inputs

    project = paths.project_dir()
    if args.files:
        schemas = inputs.load_seed_schemas(paths.seeds_dir())
        wanted = {Path(f).resolve() for f in args.files}
        la_codes = inputs.load_la_codes(paths.seeds_dir())
        problems = [
            p
            for s in schemas.values()
            if s.csv_path.resolve() in wanted
            for p in inputs.check_seed_file(s, project, la_codes)
        ]
        unknown = wanted - {s.csv_path.resolve() for s in schemas.values()}
        for path in sorted(unknown):
            print(f"{path}: not a seed under {paths.seeds_dir()}", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems or unknown:
            return 1
    try:
        check_inputs(project)
        run_id = new_run_id()
        result = validate_inputs(project, run_id, paths.runs_dir() / run_id)
        if not result.success:
            raise gate_failure(result)
    except BuildFailed as failure:
        print(failure.report, file=sys.stderr)
        return 1
    print(f"inputs OK: {result.passed}/{len(result.outcomes)} expectations passed")
    return 0


def _history(args: argparse.Namespace) -> int:
    import duckdb

    live = paths.warehouse_path()
    if not live.is_file():
        print(f"no live warehouse at {live}", file=sys.stderr)
        return 1
    with duckdb.connect(str(live), read_only=True) as con:
        print(
            con.execute(
                "select run_id, outcome, count_models, count_dbt_tests_passed || '/' || count_dbt_tests as dbt_tests, "
                "count_expectations_passed || '/' || count_expectations as expectations "
                "from data_quality.build_runs order by started_at desc limit ?",
                [args.limit],
            )
            .df()
            .to_string(index=False)
        )
    return 0


def _matrix(args: argparse.Namespace) -> int:
    """The data matrix generated for one authority (or all) as a workbook and an HTML page under build/matrix/."""
    import time

    from scrutiny import matrix

    started = time.monotonic()
    try:
        if args.list:
            with matrix.connect() as con:
                print(matrix.available(con).to_string(index=False))
            return 0
        if not args.la:
            raise matrix.MatrixRequestError(
                "Say which authority: --la <DfE LA number> or --la all. " + matrix.HOW_TO_FIND
            )
        written = matrix.export(args.la, args.group or None, args.measures)
    except matrix.MatrixRequestError as problem:
        print(f"matrix: {problem}", file=sys.stderr)
        return 2
    folders = sorted({str(p.parent) for p in written})
    where = folders[0] if len(folders) == 1 else f"{len(folders)} folders under {paths.matrix_dir()}"
    print(
        f"matrix: wrote {len(written)} files ({len(written) // 2} authorities) to {where} "
        f"in {time.monotonic() - started:.1f} s"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from scrutiny.errors import BuildFailed
    from scrutiny.export import export

    try:
        report = export(paths.warehouse_path(), Path(args.out) if args.out else paths.export_dir())
    except BuildFailed as failure:
        print(failure.report, file=sys.stderr)
        return 1
    print(f"exported {len(report.relations)} marts to {report.folder}")
    print(f"  parquet: {report.folder / 'parquet'}  ({sum(r.rows for r in report.relations):,} rows)")
    if report.workbook:
        print(f"  the pack's marts as one workbook: {report.workbook}")
    print(f"  tables, columns and units: {report.folder / 'README.md'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrutiny", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check inputs, build a candidate with dbt, validate it, publish it")
    build.add_argument("--force", action="store_true", help="build even when nothing changed since the last publish")
    build.set_defaults(func=_build)
    check = commands.add_parser(
        "validate", aliases=["check-inputs"], help="check seed files (all, or the files given) without building"
    )
    check.add_argument("files", nargs="*", help="seed CSV files to check (default: all)")
    check.set_defaults(func=_check_inputs)
    history = commands.add_parser("history", help="recent builds recorded in the live warehouse")
    history.add_argument("--limit", type=int, default=10)
    history.set_defaults(func=_history)
    matrix = commands.add_parser("matrix", help="export an authority's data matrix (workbook + HTML) to build/matrix/")
    matrix.add_argument("--la", help="DfE LA number (e.g. 879), or 'all' for every current authority")
    matrix.add_argument("--group", help="neighbour group id (default: the authority's default group)")
    matrix.add_argument(
        "--measures", choices=("pack", "all"), default="pack", help="the pack's measures (default) or every DfE measure"
    )
    matrix.add_argument("--list", action="store_true", help="list the authorities and neighbour groups available")
    matrix.set_defaults(func=_matrix)
    exporter = commands.add_parser("export", help="every mart as Parquet, the pack's marts as one Excel workbook")
    exporter.add_argument("--out", help="folder to write (default build/export)")
    exporter.set_defaults(func=_export)
    args = parser.parse_args(argv)
    return int(args.func(args))
