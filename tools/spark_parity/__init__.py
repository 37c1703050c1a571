"""The same dbt project on Apache Spark (dbt-spark, session mode, pyspark ``local[2]``), compared with DuckDB.

``make test-spark`` runs ``tests/spark`` with ``.venv-spark`` (``requirements-spark.lock``); those tests call
:func:`tools.spark_parity.harness.run_both` once. It:

1. lands the raw sources exactly as the DuckDB build does (scrutiny.sources.landing, the same dbt vars);
2. starts ``dbt build --target duckdb`` (a child process, into a scratch file) and, meanwhile,
3. builds on Spark in THIS process (dbt-spark's session mode then shares one SparkSession and one JVM with the
   checks below): ``dbt run-operation register_raw_sources`` (the raw extracts as Spark tables over the same
   files) then ``dbt build --target spark`` (seeds, models, every data test); both through scrutiny.dbt.runner;
4. compares every mart built on Spark with the DuckDB-built one (``compare``; the two per-focus views on three
   focus authorities);
5. validates the Spark-built tables with the warehouse-stage suites through the pipeline's own gate
   (``gx_on_spark``: the gate's batch-source and warehouse-reader seams, with pandas row conditions translated).

The Spark warehouse and its Derby metastore live under ``SCRUTINY_SPARK_DIR`` (profiles.yml), which the harness
points at a fresh folder under ``build/spark`` each run.
"""
