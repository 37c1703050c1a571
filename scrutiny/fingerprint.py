"""The input fingerprint: one SHA-256 over everything a build reads, so a build whose inputs have not changed
since the live warehouse was published can stop at once.

What it covers: the project's build inputs (scrutiny.paths.PROJECT_INPUT_FOLDERS and PROJECT_INPUT_FILES: models,
seeds, macros, suites, source documents, the pipeline's code, dbt_project.yml, profiles.yml, the lock file) by
path and bytes; from ``tests/``, only the files dbt reads (singular tests and property files), not the pytest
or Spark-parity files beside them; every raw-source folder the build lands (scrutiny.raw_sources) by its
files' names, sizes and modification times; and the settings that reach dbt (environment, the user's dbt
vars). Python caches are not inputs.
Developer tools (``tools/``) and tests are not inputs: editing them leaves the warehouse up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from scrutiny import paths, raw_sources

#: Settings that change what dbt builds without changing a file.
INPUT_SETTINGS = (paths.ENV_LAIT_DIR,)


def project_input_files(project: Path) -> list[Path]:
    """Every file of the project a build reads, in a stable order."""
    files = [project / name for name in paths.PROJECT_INPUT_FILES if (project / name).is_file()]
    for folder in paths.PROJECT_INPUT_FOLDERS:
        files += [f for f in sorted((project / folder).rglob("*")) if f.is_file() and "__pycache__" not in f.parts]
    tests = project / paths.DBT_TEST_FOLDER
    files += [f for f in sorted(tests.rglob("*")) if f.is_file() and f.suffix in paths.DBT_TEST_FILE_SUFFIXES]
    return files


def _folder_listing(folder: Path | None) -> list[list[object]]:
    """Name, size and modification time of each file directly in a raw-source folder."""
    if folder is None or not folder.is_dir():
        return []
    listing: list[list[object]] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        stat = path.stat()
        listing.append([path.name, stat.st_size, stat.st_mtime_ns])
    return listing


def input_fingerprint(
    project: Path, source_folders: dict[str, Path | None] | None = None, dbt_vars: dict | None = None
) -> dict:
    """The fingerprint of a build of ``project`` reading the raw-source folders ``source_folders`` (name ->
    folder or None; default: the build's raw sources) with the user's dbt vars ``dbt_vars``."""
    if source_folders is None:
        source_folders = raw_sources.source_folders()
    digest = hashlib.sha256()
    files = project_input_files(project)
    for path in files:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    sources = {name: [str(folder), _folder_listing(folder)] for name, folder in sorted(source_folders.items())}
    settings = {name: os.environ.get(name) for name in INPUT_SETTINGS}
    digest.update(json.dumps([sources, settings, dbt_vars or {}], default=str, sort_keys=True).encode())
    return {
        "sha256": digest.hexdigest(),
        "files": len(files),
        "raw_source_files": sum(len(listing) for _, listing in sources.values()),
    }
