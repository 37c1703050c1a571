"""Where things live. Every path the pipeline, the tests and the app use comes from here."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

#: The published (live) warehouse that analysts and the app read.
ENV_WAREHOUSE = "SCRUTINY_WAREHOUSE"
#: The DuckDB file dbt writes to (profiles.yml); the build points it at a candidate file.
ENV_DBT_DATABASE = "SCRUTINY_DBT_DATABASE"
#: Folder holding DfE's LAIT extract; unset or empty means "not available".
ENV_LAIT_DIR = "SCRUTINY_LAIT_DIR"
#: Folder for candidates, quarantine, data docs and other build output.
ENV_BUILD_DIR = "SCRUTINY_BUILD_DIR"


def warehouse_path() -> Path:
    """The live warehouse file (default: warehouse/scrutiny.duckdb under the repo)."""
    return Path(os.environ.get(ENV_WAREHOUSE) or REPO_ROOT / "warehouse" / "scrutiny.duckdb")


def build_dir() -> Path:
    """Build output folder (default: build/ under the repo, git-ignored)."""
    return Path(os.environ.get(ENV_BUILD_DIR) or REPO_ROOT / "build")


def lait_dir() -> Path | None:
    """The LAIT extract folder if configured, else None.

    Default: ../shared/lait beside the repo when it exists (the layout of this team's machines).
    """
    configured = os.environ.get(ENV_LAIT_DIR)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    default = REPO_ROOT.parent / "shared" / "lait"
    return default if default.is_dir() else None
