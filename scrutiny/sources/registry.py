"""The raw sources the build reads besides the project's own files, as data: one entry per source, its name (the
dbt source of the same name, ``source('lait', ...)``) and its folder (from scrutiny.paths; None when absent).
The build, its fingerprint and the Spark parity harness read this one list. A new raw source is one entry here
and its landing module in scrutiny.sources.landing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scrutiny import paths


@dataclass(frozen=True)
class RawSource:
    name: str
    #: The folder the source is read from (its environment variable or the default beside the repo), or None.
    folder: Callable[[], Path | None]
    description: str


RAW_SOURCES = (
    RawSource("lait", paths.lait_dir, "DfE's LAIT extract for all English authorities"),
    RawSource("ees_csc", paths.ees_csc_dir, "DfE's children's social care statistics (explore-education-statistics)"),
    RawSource("lait_vintages", paths.lait_vintages_dir, "every published version of DfE's LAIT extract"),
)


def names() -> list[str]:
    return [source.name for source in RAW_SOURCES]


def is_documentation(path: Path) -> bool:
    """A file a source folder holds for people, not for the build (README.md, notes in Markdown): not data, so
    neither fingerprinted nor required by the completeness check."""
    return path.suffix.lower() == ".md" or path.name.upper().startswith("README")


def source_folders() -> dict[str, Path | None]:
    """Each raw source's folder (None when absent), by name."""
    return {source.name: source.folder() for source in RAW_SOURCES}
