"""`python -m tools.bench` (see tools.bench)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrutiny import paths
from tools import bench
from tools.bench.app_timing import app_worker
from tools.bench.report import render_table, write_performance_doc
from tools.bench.run import QUICK, SECTIONS, Plan, run_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=bench.__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    worker = sub.add_parser("app-worker", help=argparse.SUPPRESS)
    worker.add_argument("--project", type=Path, required=True)
    worker.add_argument("--rounds", type=int, default=3)
    worker.add_argument("--query-repeats", type=int, default=30)
    worker.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quick", action="store_true", help="tiny scale, one run each (checks the harness)")
    parser.add_argument("--only", help=f"comma-separated sections to run: {', '.join(SECTIONS)}")
    parser.add_argument("--repeats", type=int, help="runs per build measurement (default 2)")
    parser.add_argument("--scales", help="comma-separated extract scales (default 1,10,100)")
    parser.add_argument("--out", type=Path, default=paths.bench_dir(), help="results folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    args = parser.parse_args(argv)

    if args.command == "app-worker":
        result = app_worker(args.project.resolve(), args.rounds, args.query_repeats)
        args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
        return 0

    plan = Plan(**vars(QUICK)) if args.quick else Plan()
    if args.only:
        wanted = tuple(s.strip() for s in args.only.split(",") if s.strip())
        unknown = set(wanted) - set(SECTIONS)
        if unknown:
            parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
        plan.sections = wanted
    if args.repeats:
        plan.build_repeats = plan.rebuild_repeats = args.repeats
    if args.scales:
        plan.scales = tuple(float(s) for s in args.scales.split(","))
    if not args.quick:
        plan.extract_cache = args.out / "extracts"
    plan.ci_record = paths.ci_last_run()
    plan.make_test_record = paths.ci_last_run().parent / "make_test.json"
    results = run_bench(plan, source=paths.REPO_ROOT, out_dir=args.out, lait_dir=paths.lait_dir(), keep=args.keep)
    print()
    print(render_table(results))
    print(f"results: {results['result_file']}")
    if not args.quick and not args.only and not args.repeats and not args.scales:
        write_performance_doc(results, paths.performance_doc())
        print(f"figures written to {paths.performance_doc()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
