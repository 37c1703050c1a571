"""What kind of build runs: a full one (and why), or an incremental one that rebuilds only what changed.

An incremental build starts from a byte copy of the live warehouse and asks dbt to build only what changed since
the build that published it, and everything downstream: ``dbt build --select state:modified+ --state <the
published build's manifest>`` (dbt compares every model's SQL and config, every seed's checksum, every test and
source definition), plus ``source:<name>+`` for each raw source whose files' content changed (the same path with
new bytes is invisible to dbt) and ``<seed>+`` for each seed file that changed (dbt only checksums seeds under
1 MiB). What was published is compared file by file (the published record keeps each project file's SHA-256 and
each raw-source file's).

A full build, with the reason said, when the incremental one could not be trusted to equal it: ``--force``; no
readable live warehouse, no record of what it was built from, or no manifest of the build that published it; a
changed macro (dbt marks its callers modified, but not what a macro changes through another macro), seed schema
YAML, ``dbt_project.yml``, ``profiles.yml``, lock file, source document, the pipeline's code or ``--vars``; a
model or seed file removed (its table would stay in the copy). Changed suites (``expectations/``) rebuild
nothing but re-run every Great Expectations validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from scrutiny import paths
from scrutiny.build import fingerprint

#: Project files whose change means a full build, by their first path part (or whole name), with the reason.
FULL_BUILD_FILES = {
    "dbt_project.yml": "dbt_project.yml changed",
    "profiles.yml": "profiles.yml changed",
    "requirements.lock": "the lock file changed",
    "macros": "macros changed",
    paths.PIPELINE_FOLDER: "the pipeline's code changed",
    "data": "source documents changed",
}
#: Project folders dbt itself compares against the published manifest (state:modified).
DBT_STATE_FOLDERS = ("models", "seeds", "tests", "analyses")
EXPECTATIONS_FOLDER = "expectations"


@dataclass(frozen=True)
class BuildPlan:
    """A full build (``full_reason`` says why) or an incremental one (what changed and dbt's selection)."""

    full_reason: str | None
    changed_files: tuple[str, ...] = ()
    changed_seeds: tuple[str, ...] = ()
    changed_sources: tuple[str, ...] = ()
    #: Some suite changed: every validation runs again (nothing carried).
    expectations_changed: bool = False
    #: dbt's --select arguments (incremental builds only).
    selectors: tuple[str, ...] = field(default=())

    @property
    def incremental(self) -> bool:
        return self.full_reason is None

    @property
    def runs_dbt(self) -> bool:
        """Whether dbt has anything to do: always for a full build; for an incremental one, when a file dbt reads
        or a raw source changed."""
        return not self.incremental or bool(self.selectors)

    def describe(self) -> str:
        """What changed, in words ("2 seeds changed, the lait extract changed")."""
        if self.full_reason:
            return f"full build: {self.full_reason}"
        parts = []
        if self.changed_seeds:
            parts.append(_count(len(self.changed_seeds), "seed") + " changed")
        others = [f for f in self.changed_files if not _is_seed_csv(f) and not f.startswith(EXPECTATIONS_FOLDER + "/")]
        if others:
            parts.append(_count(len(others), "model or test file") + " changed")
        parts += [f"the {name} extract changed" for name in self.changed_sources]
        if self.expectations_changed:
            parts.append("suites changed (every validation runs again)")
        return "incremental: " + (", ".join(parts) or "nothing dbt reads changed")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _is_seed_csv(name: str) -> bool:
    return name.startswith("seeds/") and name.endswith(".csv")


def _full(reason: str) -> BuildPlan:
    return BuildPlan(full_reason=reason)




def changed_files(before: dict[str, str], now: dict[str, str]) -> tuple[list[str], list[str]]:
    """(files added or changed, files removed) between two {path: sha256} maps."""
    changed = sorted(name for name, digest in now.items() if before.get(name) != digest)
    removed = sorted(set(before) - set(now))
    return changed, removed


def _full_build_reason(changed: list[str], removed: list[str]) -> str | None:
    """Why these changed and removed project files need a full build, or None when dbt's state comparison (and the
    suites) cover them."""
    for name in [*changed, *removed]:
        top = PurePosixPath(name).parts[0]
        if name in FULL_BUILD_FILES or top in FULL_BUILD_FILES:
            return f"{FULL_BUILD_FILES.get(name) or FULL_BUILD_FILES[top]} ({name})"
        if top == "seeds" and not name.endswith(".csv"):
            return f"a seed schema changed ({name})"
        if top == "tests" and name.endswith(".csv"):
            return f"a unit-test fixture changed ({name})"
        if top not in (*DBT_STATE_FOLDERS, EXPECTATIONS_FOLDER):
            return f"{name} changed"
    for name in removed:
        if PurePosixPath(name).parts[0] in ("models", "seeds", "analyses"):
            return f"{name} was removed"
    return None


def plan(
    inputs: fingerprint.Fingerprint,
    record: dict | None,
    *,
    force: bool,
    live_readable: bool,
    manifest: Path | None,
) -> BuildPlan:
    """The build to run, given what the build reads now (``inputs``), the published record (``record``: None when
    there is none for the live file), whether the live file can be read, and the published build's manifest
    (``manifest``: None when it is missing or is not the one the record names)."""
    if force:
        return _full("--force")
    if not live_readable:
        return _full("no readable live warehouse to start from")
    if record is None:
        return _full("no record of what the live warehouse was built from")
    if "project_files" not in record:
        return _full("the published record has no per-file fingerprints (published by an earlier version)")
    if manifest is None:
        return _full("no dbt manifest of the published build")
    if (record.get("user_vars") or {}) != inputs.user_vars:
        return _full("--vars changed")
    changed, removed = changed_files(record["project_files"], inputs.file_sha256)
    reason = _full_build_reason(changed, removed)
    if reason:
        return _full(reason)
    published_sources = record.get("raw_sources") or {}
    sources = tuple(
        name
        for name, now in sorted(inputs.sources.items())
        if fingerprint.SourceFiles(
            (published_sources.get(name) or {}).get("folder"), (published_sources.get(name) or {}).get("files") or {}
        ).digest
        != now.digest
    )
    seeds = tuple(f for f in changed if _is_seed_csv(f))
    dbt_changes = [f for f in [*changed, *removed] if PurePosixPath(f).parts[0] in DBT_STATE_FOLDERS]
    selectors: list[str] = []
    if dbt_changes or sources:
        selectors.append("state:modified+")
        selectors += [f"{PurePosixPath(f).stem}+" for f in seeds]
        selectors += [f"source:{name}+" for name in sources]
    return BuildPlan(
        full_reason=None,
        changed_files=tuple([*changed, *removed]),
        changed_seeds=seeds,
        changed_sources=sources,
        expectations_changed=any(f.startswith(EXPECTATIONS_FOLDER + "/") for f in [*changed, *removed]),
        selectors=tuple(selectors),
    )


def published_manifest(record: dict | None) -> Path | None:
    """The manifest of the build that published the live warehouse, when it is there and is the one the record
    names (its SHA-256); else None."""
    manifest = paths.published_state_dir() / paths.DBT_MANIFEST
    if record is None or not record.get("manifest_sha256") or not manifest.is_file():
        return None
    return manifest if paths.file_sha256(manifest) == record["manifest_sha256"] else None
