"""The raw sources the build lands for dbt: one list, used by the build, its fingerprint and the Spark parity
harness alike. A new raw source adds one entry to :func:`raw_sources`.

Each entry is (name, landing function, folder from scrutiny.paths or None when absent). A landing function has the
signature ``prepare(source_dir: Path | None, work_dir: Path) -> dict[str, str]``: it lands the source in
``work_dir`` and returns the dbt vars its models read; it raises scrutiny.errors.InputError for bad input, and
when the source is absent returns vars that make its models build empty-but-typed and logs one line saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scrutiny import lait, paths

Landing = Callable[[Path | None, Path], dict[str, str]]


def raw_sources() -> list[tuple[str, Landing, Path | None]]:
    """Every raw-source family the build lands for dbt: (name, its landing function, its folder or None)."""
    return [
        ("lait", lait.prepare, paths.lait_dir()),
    ]


def source_folders() -> dict[str, Path | None]:
    """Each raw source's folder (None when absent), by name."""
    return {name: folder for name, _, folder in raw_sources()}


def prepare_raw_sources(landing_root: Path | None = None) -> dict[str, str]:
    """Land every raw source for dbt and return the dbt vars that point at them. Each lands in a fixed folder of
    its own (under ``landing_root`` when given), so dbt's vars (and its parse) stay the same between builds."""
    dbt_vars: dict[str, str] = {}
    for name, prepare, source_dir in raw_sources():
        work_dir = landing_root / name if landing_root else paths.landing_dir(name)
        dbt_vars.update(prepare(source_dir, work_dir))
    return dbt_vars
