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
#: Folder holding every published version of DfE's LAIT extract with its manifest; empty means absent.
ENV_LAIT_VINTAGES_DIR = "SCRUTINY_LAIT_VINTAGES_DIR"
#: Folder holding DfE's children's social care statistics (explore-education-statistics CSVs); empty means absent.
ENV_EES_CSC_DIR = "SCRUTINY_EES_CSC_DIR"
#: Folder for candidates, quarantine, data docs and other build output.
ENV_BUILD_DIR = "SCRUTINY_BUILD_DIR"


def warehouse_path() -> Path:
    """The live warehouse file (default: warehouse/scrutiny.duckdb under the repo)."""
    return Path(os.environ.get(ENV_WAREHOUSE) or REPO_ROOT / "warehouse" / "scrutiny.duckdb")


def build_dir() -> Path:
    """Build output folder (default: build/ under the repo, git-ignored)."""
    return Path(os.environ.get(ENV_BUILD_DIR) or REPO_ROOT / "build")


def _source_dir(env: str, default: Path) -> Path | None:
    """A raw-source folder: the environment variable when set (empty = not available), else the default when it
    exists (the team's machines keep the shared data beside the repo), else None."""
    configured = os.environ.get(env)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    return default if default.is_dir() else None


def lait_dir() -> Path | None:
    """DfE's LAIT extract folder (default ../shared/lait beside the repo), or None."""
    return _source_dir(ENV_LAIT_DIR, REPO_ROOT.parent / "shared" / "lait")


def lait_vintages_dir() -> Path | None:
    """Every published version of the LAIT extract with its manifest (default ../shared/lait/vintages), or None."""
    return _source_dir(ENV_LAIT_VINTAGES_DIR, REPO_ROOT.parent / "shared" / "lait" / "vintages")


def ees_csc_dir() -> Path | None:
    """DfE's children's social care EES CSVs (default ../shared/ees_csc beside the repo), or None."""
    return _source_dir(ENV_EES_CSC_DIR, REPO_ROOT.parent / "shared" / "ees_csc")


# --- build pipeline layout (scrutiny.build / scrutiny.publish / scrutiny.gate) ---------------------------


def project_dir() -> Path:
    """The dbt project the build runs (the folder holding dbt_project.yml, seeds/, expectations/)."""
    return REPO_ROOT


def seeds_dir() -> Path:
    """Seed CSVs and their YAML (schema of every input file)."""
    return project_dir() / "seeds"


def source_documents_registry() -> Path:
    """Registry of source documents: path + sha256 of each registered text."""
    return seeds_dir() / "reference" / "source_documents.csv"


def neighbour_group_registry() -> Path:
    """Registry of statistical-neighbour groups: which DfE workbook holds each model's members, labels, dates."""
    return seeds_dir() / "reference" / "neighbour_group_versions.csv"


def expectations_dir() -> Path:
    """Great Expectations suites, one JSON file per suite, committed with the project."""
    return project_dir() / "expectations"


def candidates_dir() -> Path:
    """Where dbt builds candidate warehouses: beside the live file, so publishing is a same-filesystem rename."""
    return warehouse_path().parent / ".candidates"


def quarantine_dir() -> Path:
    """Rejected candidates and their failure reports, one folder per run id."""
    return build_dir() / "quarantine"


def dbt_target_dir() -> Path:
    """dbt's target folder, the same for every build so dbt can parse only what changed (partial parsing)."""
    return build_dir() / "dbt_target"


def landing_dir(source: str) -> Path:
    """Where a raw-source family (``lait``, ...) is landed for dbt; a fixed place per source, so dbt's vars do not
    change between builds."""
    return build_dir() / "landed" / source


def matrix_dir(la_number: int | None = None) -> Path:
    """Where ``scrutiny matrix`` writes an authority's data matrix (workbook and HTML page): one folder per DfE
    LA number under build/matrix/."""
    root = build_dir() / "matrix"
    return root if la_number is None else root / str(la_number)


def export_dir() -> Path:
    """Where `scrutiny export` writes the marts as Parquet, the pack's workbook and their README."""
    return build_dir() / "export"


def runs_dir() -> Path:
    """Per-run working folders: dbt target and logs, table snapshots GX validates, landed extracts."""
    return build_dir() / "runs"


def gx_project_dir() -> Path:
    """Great Expectations output (the Data Docs site); build output, git-ignored."""
    return build_dir() / "gx"


def data_docs_site(gx_dir: Path) -> Path:
    """The Data Docs site the quality gate writes under a GX folder."""
    return gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site"


def data_docs_index() -> Path:
    """The Data Docs home page the GX checkpoint rebuilds on every build."""
    return data_docs_site(gx_project_dir()) / "index.html"


def build_lock_file() -> Path:
    """One build at a time per live warehouse: builds take an exclusive lock on this file."""
    return warehouse_path().parent / ".build.lock"


def published_inputs_file() -> Path:
    """Beside the live warehouse: the fingerprint of the inputs it was built from (scrutiny.build skips a
    build whose inputs have not changed since)."""
    live = warehouse_path()
    return live.with_name(live.name + ".inputs.json")
