"""Fixtures for `make test-spark` (not collected by `make test`: pytest's testpaths is tests/python)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark_run():
    """Build on DuckDB and on Spark once, validate the Spark build with GX and compare every mart."""
    pytest.importorskip("pyspark", reason="needs .venv-spark (make test-spark)")
    from tools.spark_parity.harness import run_both

    return run_both()
