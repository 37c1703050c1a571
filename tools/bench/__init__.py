"""`make bench`: every performance budget, measured on this machine beside the dbt floor, in one table.

    python -m tools.bench                 # the full benchmark (about 15 minutes on an idle 2-core machine)
    python -m tools.bench --quick         # tiny extracts, one run of each: checks the harness itself (~5 min)
    python -m tools.bench --only app      # some sections: build, rebuild, versions, app, browser, scale

Everything runs on a snapshot of the project (tracked and untracked-but-not-ignored files, i.e. what a fresh
clone plus your edits holds) copied into a temporary folder, with its own live warehouse, build folder and dbt
target, so the benchmark never touches ``warehouse/`` and can edit a seed and a model.

Sections (medians over repeated runs, spread = max - min):

0. the dbt floor: ``dbt build`` of a one-seed, one-model dbt-duckdb project (``floor``), run before each forced full
   build and each seed edit, alternately with them, so the floor and the builds see the same load.
1. ``build``: ``python -m scrutiny build --force`` end to end, with its phases as the build times them (its
   ``--report`` JSON) and dbt's own (parse, seeds, models, tests, from its ``run_results.json``); also the CPU
   time (user + system), which unlike wall time does not grow when other work shares the machine.
2. ``rebuild``: ``python -m scrutiny build`` (not forced) with nothing changed; after editing one value of a pack
   seed; after editing one model (``project``: which seed, which column, which model).
2b. ``versions``: a forced full build with every published version of DfE's extract (the ``vintages`` folder beside
   it) as well; `--quick` builds the first two versions only (its row then says not every version was built).
3. ``app``: in a separate process, every page under streamlit_app/views with Streamlit's AppTest, first render
   and re-render after a widget change; then every distinct query the pages ran (recorded through
   ``streamlit_app.data.add_query_listener``) timed on one kept read-only connection, as the app does.
4. ``browser``: the app served by ``streamlit run``, every page with a select box in Debian's chromium, the
   re-render after a change timed inside the page until it settles (``tools.app_browser_timing`` measures,
   ``browser_timing`` summarises).
5. ``scale``: synthetic all-authority extracts at 10x/100x the real DfE extract's rows, same columns and
   period/area shape (extra synthetic measures), generated with DuckDB and kept in build/bench/extracts; build
   time and peak memory at each size. 1x is the real extract, i.e. section 1's median build.
6. ``.ci/run``'s and ``make test``'s own records of their last runs (build/ci/last_run.json, build/ci/make_test.json,
   written by .ci/record): their wall times are the last two rows.
Peak memory: the peak resident set of the largest single process (``wait4``'s ru_maxrss) and the peak of the sum
over the process tree (sampled from /proc every 100 ms).

Results: ``build/bench/bench-<timestamp>.json`` and ``build/bench/latest.json``; on screen the details, then the
budget table (figure, measured, budget, ok or MISSED, with the commit and the load); and the figures block of
``docs/performance.md`` rewritten (a full run only, not ``--quick``, ``--only``, ``--repeats`` or ``--scales``).

Modules: ``run`` (the plan and the sections in order), ``builds`` (one measured build and its phases), ``floor``
(the dbt floor), ``app_timing`` (the AppTest worker), ``browser_timing`` (the browser figures), ``extracts``
(synthetic LAIT extracts), ``project`` (the snapshot and the edits), ``measure`` (processes, memory, the machine),
``report`` (budgets, the tables, docs/performance.md), ``stats``.
"""
