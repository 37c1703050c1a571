"""The input fingerprint: one SHA-256 over everything a build reads, so a build whose inputs have not changed
since the live warehouse was published can stop at once.

What it covers: the project's build inputs (scrutiny.paths.PROJECT_INPUT_FOLDERS and PROJECT_INPUT_FILES: models,
seeds, macros, suites, source documents, the pipeline's code, dbt_project.yml, profiles.yml, the lock file) by
path and bytes; from ``tests/``, only the files dbt reads (singular tests and property files), not the pytest
or Spark-parity files beside them; the content of every data file under every raw-source folder the build lands
(scrutiny.sources.registry), read in full each time, by its name in the folder (not the folder's path: the same files
moved elsewhere are no change; README.md and other documentation beside them are not data); and the user's dbt
vars. Python caches are not inputs. Developer tools (``tools/``) and tests are not inputs: editing them leaves
the warehouse up to date.

Why the raw files are read in full, with no cache: a cache keyed by a file's name, size and modification time
misses an edit that keeps the size and restores the time, which is exactly the edit to catch. Hashing is cheap
beside a build (its time is a row of `make bench`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from scrutiny import paths
from scrutiny.errors import InputError, Problem
from scrutiny.sources import registry

#: Settings recorded with what was published (where the raw sources were read from). Not part of the fingerprint:
#: the sources' files are, so the same files read from another folder are not a change.
INPUT_SETTINGS = (paths.ENV_LAIT_DIR, paths.ENV_LAIT_VINTAGES_DIR)


@dataclass(frozen=True)
class SourceFiles:
    """A raw-source folder as the build read it: the folder (None when not configured) and the SHA-256 of each
    file under it, by path relative to the folder."""

    folder: str | None
    files: dict[str, str] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """The source's content: whether it is configured, and each file's name and bytes. Not the folder's path:
        the same files read from another folder build the same warehouse."""
        return hashlib.sha256(json.dumps([self.folder is not None, self.files], sort_keys=True).encode()).hexdigest()

    @property
    def landing_key(self) -> str:
        """The content and the folder: what a landing depends on (its dbt vars name files in the folder)."""
        return hashlib.sha256(json.dumps([self.folder, self.files], sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    project_files: int
    #: The pipeline's own code, alone (part of every landed source's address).
    code_sha256: str
    sources: dict[str, SourceFiles]
    #: SHA-256 of each project input file, by path relative to the project (what scrutiny.build.plan compares).
    file_sha256: dict[str, str] = field(default_factory=dict)
    #: The settings that reach dbt (environment) and the user's dbt vars, as the fingerprint read them.
    settings: dict[str, str | None] = field(default_factory=dict)
    user_vars: dict = field(default_factory=dict)

    def as_record(self) -> dict:
        return {
            "sha256": self.sha256,
            "files": self.project_files,
            "raw_sources": {n: {"folder": s.folder, "files": s.files} for n, s in self.sources.items()},
            "project_files": self.file_sha256,
            "settings": self.settings,
            "user_vars": self.user_vars,
        }


def project_input_files(project: Path) -> list[Path]:
    """Every file of the project a build reads, in a stable order."""
    files = [project / name for name in paths.PROJECT_INPUT_FILES if (project / name).is_file()]
    for folder in paths.PROJECT_INPUT_FOLDERS:
        files += [f for f in sorted((project / folder).rglob("*")) if f.is_file() and "__pycache__" not in f.parts]
    tests = project / paths.DBT_TEST_FOLDER
    files += [f for f in sorted(tests.rglob("*")) if f.is_file() and f.suffix in paths.DBT_TEST_FILE_SUFFIXES]
    return files




def _files_under(folder: Path) -> list[Path]:
    """Every data file under ``folder``, recursively (not documentation); an unreadable folder raises (pathlib's
    rglob would skip it)."""
    found: list[Path] = []
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    pending.append(Path(entry.path))
                elif entry.is_file() and not registry.is_documentation(Path(entry.path)):
                    found.append(Path(entry.path))
    return sorted(found)


def source_files(folder: Path | None) -> SourceFiles:
    """Every file under a raw-source folder (recursively) with its SHA-256; InputError when it cannot be read."""
    if folder is None:
        return SourceFiles(None)
    files: dict[str, str] = {}
    try:
        if folder.is_dir():
            for path in _files_under(folder):
                files[path.relative_to(folder).as_posix()] = paths.file_sha256(path)
    except OSError as error:
        where = error.filename or folder
        raise InputError(
            Problem(
                str(where), f"cannot be read ({error.strerror or error}): the build reads every file under {folder}"
            )
        ) from error
    return SourceFiles(str(folder), files)


def input_fingerprint(
    project: Path, source_folders: dict[str, Path | None] | None = None, dbt_vars: dict | None = None
) -> Fingerprint:
    """The fingerprint of a build of ``project`` reading the raw-source folders ``source_folders`` (name ->
    folder or None; default: the build's raw sources) with the user's dbt vars ``dbt_vars``."""
    if source_folders is None:
        source_folders = registry.source_folders()
    digest = hashlib.sha256()
    code = hashlib.sha256()
    files = project_input_files(project)
    file_sha256: dict[str, str] = {}
    for path in files:
        name = path.relative_to(project).as_posix()
        content = path.read_bytes()
        entry = name.encode() + b"\0" + content + b"\0"
        digest.update(entry)
        file_sha256[name] = hashlib.sha256(content).hexdigest()
        if path.parts[len(project.parts)] == paths.PIPELINE_FOLDER:
            code.update(entry)
    sources = {name: source_files(folder) for name, folder in sorted(source_folders.items())}
    settings = {name: os.environ.get(name) for name in INPUT_SETTINGS}
    extra = [{n: s.digest for n, s in sources.items()}, dbt_vars or {}]
    digest.update(json.dumps(extra, default=str, sort_keys=True).encode())
    return Fingerprint(
        digest.hexdigest(),
        len(files),
        code.hexdigest(),
        sources,
        file_sha256,
        settings,
        json.loads(json.dumps(dbt_vars or {}, default=str, sort_keys=True)),
    )
