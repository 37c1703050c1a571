"""`make bench`: a reproducible benchmark of the build, the rebuilds, the app and the LAIT scale curve.

    python -m tools.bench                 # the full benchmark (under 10 minutes on an idle 2-core machine)
    python -m tools.bench --quick         # tiny scale, one run of each: checks the harness itself (~1 min)
    python -m tools.bench --only app      # one section: build, rebuild, app, scale (comma separated)

Everything runs on a snapshot of the project (tracked and untracked-but-not-ignored files, i.e. what a fresh
clone plus your edits holds) copied into a temporary folder, with its own live warehouse, build folder and dbt
target, so the benchmark never touches ``warehouse/`` and can modify a seed for the "touch one seed" rebuild.

Sections (medians over repeated runs, spread = max - min):

1. ``build``: ``python -m scrutiny build --force`` end to end (``--force``: every run builds), with its
   phases as the build times them (its ``--report`` JSON: input checks, raw-source landing, GX input suites
   beside dbt, GX warehouse suites, history, publish) and dbt's own (parse, seeds, models, tests, from its
   ``run_results.json``); also the CPU time (user + system), which unlike wall time does not grow when other
   work shares the machine.
2. ``rebuild``: ``python -m scrutiny build`` again with nothing changed (the build finds its inputs' fingerprint
   equal to the live warehouse's and stops), and after touching one seed (its content changes, its data does
   not: one cell gains quotes, so the fingerprint and dbt's checksum change and the whole build runs).
3. ``app``: in a separate process (so its peak memory is its own): every page under streamlit_app/views with
   Streamlit's AppTest, first render (process warm, data cache cleared) and re-render after a widget change; then
   every distinct query the pages ran (recorded through ``streamlit_app.data.add_query_listener``) timed on one kept
   read-only
   connection with a cursor per query, as the app does: p50/p95 (and, for comparison, a fresh connection each).
4. ``scale``: synthetic all-authority extracts at 10x/100x the real DfE extract's rows, same columns and
   period/area shape (extra synthetic measures), generated with DuckDB and kept in build/bench/extracts; build
   time and peak memory at each size. 1x is the real extract, i.e. section 1's median build.
5. Peak memory: for every build and for the app process, the peak resident set of the largest single process
   (``wait4``'s ru_maxrss over the process and its descendants) and the peak of the sum over the process tree
   (sampled from /proc every 100 ms).

Results: ``build/bench/bench-<timestamp>.json`` and ``build/bench/latest.json``; a table on screen; and the figures
block of ``docs/performance.md`` rewritten (a full run only, not ``--quick`` or ``--only``).

Modules: ``run`` (the plan and the sections in order), ``builds`` (one measured build and its phases),
``app_timing`` (the app worker), ``extracts`` (synthetic LAIT extracts), ``project`` (the snapshot),
``measure`` (processes, memory, the machine), ``report`` (budgets, the table, docs/performance.md), ``stats``.
"""
