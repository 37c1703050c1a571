"""Command line: `python -m scrutiny build | validate [FILE...] | history | docs`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrutiny import paths


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
    from scrutiny.build import build, summary, write_report
    from scrutiny.errors import BuildFailed

    try:
        report = build(force=args.force, dbt_vars=args.vars)
    except BuildFailed as failure:
        print(f"\nBUILD FAILED at step: {failure.step}\n{failure.report}\n", file=sys.stderr, flush=True)
        if failure.build_report is not None:
            print(summary(failure.build_report), file=sys.stderr)
            if args.report:
                write_report(failure.build_report, args.report)
        print(f"The live warehouse was not changed: {paths.warehouse_path()}", file=sys.stderr)
        return 1
    if args.report:
        write_report(report, args.report)
    print()
    print(summary(report))
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Pre-dbt input checks and the GX input suites, without building anything."""
    from scrutiny.build import validate_inputs
    from scrutiny.errors import BuildFailed
    from scrutiny.input_checks import check_seed_files

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
    from scrutiny.publish import recent_runs

    live = paths.warehouse_path()
    if not live.is_file():
        print(f"no live warehouse at {live}", file=sys.stderr)
        return 1
    print(recent_runs(live, args.limit).to_string(index=False))
    return 0


def _docs(args: argparse.Namespace) -> int:
    from scrutiny import docs_site
    from scrutiny.errors import BuildFailed

    try:
        index = docs_site.generate()
    except BuildFailed as failure:
        print(failure.report, file=sys.stderr)
        return 1
    print(f"dbt docs: {index}")
    return docs_site.serve(args.port) if args.serve else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrutiny", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check inputs, build a candidate with dbt, validate it, publish it")
    build.add_argument("--force", action="store_true", help="build even when nothing changed since the last publish")
    build.add_argument("--report", type=Path, help="also write the build's outcome and phase timings as JSON here")
    build.add_argument("--vars", type=_dbt_vars, help="dbt vars as a YAML/JSON mapping, e.g. '{focus_la_number: 879}'")
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
    args = parser.parse_args(argv)
    return int(args.func(args))
