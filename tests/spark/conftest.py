"""Fixtures for `make test-spark` (not collected by `make test`: pytest's testpaths is tests/python)."""

from __future__ import annotations

import os

import pytest

from scrutiny import paths


@pytest.fixture(scope="session")
def spark_run():
    """Build on DuckDB and on Spark once, validate the Spark build with GX and compare every mart."""
    pytest.importorskip("pyspark", reason="needs .venv-spark (make test-spark)")
    from tools.spark_parity.harness import run_both

    # the published versions of the extract (20.8 million rows) are built empty on both engines here: the Spark
    # build proves the vintage models compile, build and compare empty; make test covers their contents on DuckDB
    os.environ.setdefault(paths.ENV_LAIT_VINTAGES_DIR, "")
    return run_both()
