"""Where things live. Every path the pipeline, its tools, the tests and the app use comes from here."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex: how the pipeline identifies a file's content everywhere (the source
    document registry, the input fingerprint, DfE's versions, the published manifest)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


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
#: Folder for run folders, quarantine, landed extracts and other build output.
ENV_BUILD_DIR = "SCRUTINY_BUILD_DIR"
#: Where the Spark target keeps its warehouse and metastore (profiles.yml; the Spark parity harness sets it).
ENV_SPARK_DIR = "SCRUTINY_SPARK_DIR"

# --- the project ---------------------------------------------------------------------------------------------

#: What a build reads from the project (relative to the project folder): dbt's folders, the suites, the source
#: documents, the pipeline's code and the files that pin dbt's behaviour. ``tests/`` is read for dbt's own files
#: only (see DBT_TEST_FILE_SUFFIXES); the pytest and Spark-parity files there, and ``tools/``, are not inputs.
#: The pipeline's own code, a project folder.
PIPELINE_FOLDER = "scrutiny"
PROJECT_INPUT_FOLDERS = ("models", "seeds", "macros", "analyses", "expectations", "data", PIPELINE_FOLDER)
PROJECT_INPUT_FILES = ("dbt_project.yml", "profiles.yml", "requirements.lock")
DBT_TEST_FOLDER = "tests"
#: The files dbt reads from its test path: singular tests, property files and unit-test fixtures.
DBT_TEST_FILE_SUFFIXES = (".sql", ".yml", ".yaml", ".csv")


def project_dir() -> Path:
    """The dbt project the build runs (the folder holding dbt_project.yml, seeds/, expectations/)."""
    return REPO_ROOT


def seeds_dir(project: Path | None = None) -> Path:
    """Seed CSVs and their YAML (schema of every input file)."""
    return (project or project_dir()) / "seeds"


def source_documents_registry(project: Path | None = None) -> Path:
    """Registry of source documents: path + sha256 of each registered text."""
    return seeds_dir(project) / "reference" / "source_documents.csv"


def shared_cells_seed(project: Path | None = None) -> Path:
    """The seed of printed cells the source documents state once for several transcribed figures."""
    return seeds_dir(project) / "reference" / "shared_cells.csv"


def local_authorities_seed(project: Path | None = None) -> Path:
    """The code list every local-authority reference in a seed must be found in."""
    return seeds_dir(project) / "reference" / "local_authorities.csv"


def expectations_dir(project: Path | None = None) -> Path:
    """Great Expectations suites, one JSON file per suite, committed with the project."""
    return (project or project_dir()) / "expectations"


def marts_models_dir(project: Path | None = None) -> Path:
    """The dbt models analysts and the app query (one .sql file per mart)."""
    return (project or project_dir()) / "models" / "marts"


def app_views_dir(project: Path | None = None) -> Path:
    """The app's pages, one module each."""
    return (project or project_dir()) / "streamlit_app" / "views"


# --- raw sources (never committed; read where the user keeps them) ----------------------------------------------


def _source_dir(env: str, default: Path) -> Path | None:
    """A raw-source folder: the environment variable when set (empty = not available), else the default when it
    exists (a checkout beside the shared data folder finds it without configuration), else None."""
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


# --- the live warehouse ----------------------------------------------------------------------------------------


def warehouse_path() -> Path:
    """The live warehouse file (default: warehouse/scrutiny.duckdb under the repo)."""
    return Path(os.environ.get(ENV_WAREHOUSE) or REPO_ROOT / "warehouse" / "scrutiny.duckdb")


def published_record_file() -> Path:
    """Beside the live warehouse: what the build that published it read and wrote (input fingerprint, run id,
    the live file's identity). scrutiny.build.steps skips a build whose inputs have not changed since."""
    live = warehouse_path()
    return live.with_name(live.name + ".inputs.json")


def published_state_dir() -> Path:
    """Beside the live warehouse: dbt's manifest of the build that published it (``manifest.json``), the state an
    incremental build compares the project with (``dbt build --select state:modified+ --state``)."""
    live = warehouse_path()
    return live.with_name(live.name + ".state")


def build_lock_file() -> Path:
    """One build at a time per live warehouse: builds of it take an exclusive lock on this file beside it."""
    live = warehouse_path()
    return live.with_name(live.name + ".lock")


def neighbour_group_registry() -> Path:
    """Registry of statistical-neighbour groups: which DfE workbook holds each model's members, labels, dates."""
    return seeds_dir() / "reference" / "neighbour_group_versions.csv"


# --- build output ----------------------------------------------------------------------------------------------


def build_dir() -> Path:
    """Build output folder (default: build/ under the repo, git-ignored)."""
    return Path(os.environ.get(ENV_BUILD_DIR) or REPO_ROOT / "build")


def runs_dir() -> Path:
    """One working folder per build run (see RunFolder)."""
    return build_dir() / "runs"


#: The candidate's name inside its run folder. dbt runs in the run folder and is given this relative name, so
#: its profile (and its partial parse) is the same for every build while every build writes its own file.
CANDIDATE_NAME = "candidate.duckdb"


#: What dbt writes in its target folder: the results of every node, the project graph, and its saved parse.
DBT_RUN_RESULTS = "run_results.json"
DBT_MANIFEST = "manifest.json"
DBT_PARSE_STATE = "partial_parse.msgpack"


@dataclass(frozen=True)
class RunFolder:
    """Everything one build run writes, and nothing another run writes: the candidate warehouse, dbt's target
    folder and logs, the phase timings, the report, GX's snapshots and Data Docs."""

    root: Path

    @property
    def run_id(self) -> str:
        return self.root.name

    @property
    def candidate(self) -> Path:
        """The warehouse dbt builds; renamed over the live file when every check passed."""
        return self.root / CANDIDATE_NAME

    @property
    def target(self) -> Path:
        """dbt's target folder (run_results.json, manifest.json, partial_parse.msgpack)."""
        return self.root / "target"

    @property
    def run_results(self) -> Path:
        return self.target / DBT_RUN_RESULTS

    @property
    def manifest(self) -> Path:
        return self.target / DBT_MANIFEST

    @property
    def parse_state(self) -> Path:
        return self.target / DBT_PARSE_STATE

    @property
    def state(self) -> Path:
        """The published build's dbt manifest, copied here for an incremental build (dbt's ``--state``)."""
        return self.root / "state"

    @property
    def landed(self) -> Path:
        """Raw sources landed by a tool that runs dbt without a build (`scrutiny docs`)."""
        return self.root / "landed"

    @property
    def gx(self) -> Path:
        """Great Expectations' Data Docs for this run."""
        return self.root / "gx"

    @property
    def build_log(self) -> Path:
        """Tracebacks of unexpected faults."""
        return self.root / "build.log"

    @property
    def lock(self) -> Path:
        """Held while the run is going (a run folder whose lock is free belongs to a finished run)."""
        return self.root / ".running"

    @property
    def logs(self) -> Path:
        """dbt's log folder."""
        return self.root / "logs"

    @property
    def dbt_output(self) -> Path:
        """What dbt printed."""
        return self.root / "dbt.out"

    @property
    def timings(self) -> Path:
        """Seconds per build phase, as JSON, written as each phase ends."""
        return self.root / "timings.json"

    @property
    def report(self) -> Path:
        """The build's outcome as JSON (written when the build ends)."""
        return self.root / "report.json"

    @property
    def previous_live(self) -> Path:
        """A byte copy of the live warehouse, read to carry its validation history forward."""
        return self.root / "previous_live.duckdb"

    def snapshots(self, stage: str) -> Path:
        """Parquet snapshots of the tables a Great Expectations stage validated."""
        return self.root / "snapshots" / stage


def run_folder(run_id: str) -> RunFolder:
    return RunFolder(runs_dir() / run_id)


def quarantine_dir() -> Path:
    """Rejected candidates and their failure reports, one folder per run id."""
    return build_dir() / "quarantine"


@dataclass(frozen=True)
class QuarantineFolder:
    """What a failed run leaves for inspection: its candidate (if any), the failure report, and a live file that
    could not be read."""

    root: Path

    @property
    def candidate(self) -> Path:
        return self.root / CANDIDATE_NAME

    @property
    def failure_text(self) -> Path:
        return self.root / "failure.txt"

    @property
    def failure_json(self) -> Path:
        return self.root / "failure.json"

    @property
    def unreadable_live(self) -> Path:
        return self.root / "unreadable_live.duckdb"

    @property
    def unreadable_live_report(self) -> Path:
        return self.root / "unreadable_live.txt"


def quarantine_folder(run_id: str) -> QuarantineFolder:
    return QuarantineFolder(quarantine_dir() / run_id)


def landing_dir(source: str) -> Path:
    """Where a raw-source family (``lait``, ...) is landed for dbt: one subfolder per content landed (named by its
    digest), written once and never changed (scrutiny.sources.landing.land)."""
    return build_dir() / "landed" / source


@dataclass(frozen=True)
class LandedFolder:
    """One landing of a raw source: its files, the marker written last (the dbt vars; without it the landing is
    incomplete), and the lock held while it is written."""

    root: Path

    @property
    def marker(self) -> Path:
        return self.root / "dbt_vars.json"

    @property
    def lock(self) -> Path:
        return self.root.with_name(self.root.name + ".lock")


def briefing_dir(la_number: int | None = None) -> Path:
    """Where ``scrutiny briefing`` writes an authority's briefings (HTML and Word): build/briefing/<LA>/."""
    root = build_dir() / "briefing"
    return root if la_number is None else root / str(la_number)


def matrix_dir(la_number: int | None = None) -> Path:
    """Where ``scrutiny matrix`` writes an authority's data matrix (workbook and HTML page): one folder per DfE
    LA number under build/matrix/."""
    root = build_dir() / "matrix"
    return root if la_number is None else root / str(la_number)


def export_dir() -> Path:
    """Where `scrutiny export` writes the marts as Parquet, the pack's workbook and their README."""
    return build_dir() / "export"


def landed_folder(source: str, address: str) -> LandedFolder:
    return LandedFolder(landing_dir(source) / address)


def data_docs_site(gx_dir: Path) -> Path:
    """The Data Docs site the quality gate writes under a GX folder."""
    return gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site"


def data_docs_index(gx_dir: Path) -> Path:
    """The Data Docs home page the GX checkpoint rebuilds."""
    return data_docs_site(gx_dir) / "index.html"


def dbt_docs_folder() -> RunFolder:
    """dbt's documentation site (`scrutiny docs`), laid out as a run folder: its target folder (the site), logs,
    the raw sources landed for it and the copy of the live warehouse it describes (``previous_live``)."""
    return RunFolder(build_dir() / "dbt_docs")


def dbt_docs_index(folder: RunFolder) -> Path:
    return folder.target / "index.html"


def static_docs_file() -> Path:
    """dbt's documentation site as one self-contained HTML file (`make docs`), to open or send without a server."""
    return build_dir() / "docs" / "index.html"


# --- developer tools (tools/) ----------------------------------------------------------------------------------


def bench_dir() -> Path:
    """`make bench` results (JSON per run, latest.json) and its cached synthetic extracts."""
    return build_dir() / "bench"


def ci_last_run() -> Path:
    """`.ci/run`'s record of its last run (wall time, outcome, commit, load), which `make bench` reports."""
    return REPO_ROOT / "build" / "ci" / "last_run.json"


def performance_doc() -> Path:
    """The page `make bench` writes its latest figures to."""
    return REPO_ROOT / "docs" / "performance.md"


def spark_dir() -> Path:
    """The Spark parity harness's working folder (both builds, the Spark warehouse and metastore)."""
    return build_dir() / "spark"
