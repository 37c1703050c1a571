"""Landing the raw sources for dbt. Each source's module checks and lands it (:data:`LANDINGS`): a landing function
has the signature ``prepare(source_dir: Path | None, work_dir: Path) -> dict[str, str]``: it lands the source in
``work_dir`` and returns the dbt vars its models read; it raises scrutiny.errors.InputError for bad input, and
when the source is absent returns vars that make its models build empty-but-typed and logs one line saying so.

The build lands each source in a folder named by the content it was landed from (:func:`land`): the same files
land in the same folder, once, written under a lock and marked complete last, and are never changed after. So
builds running at once never share a file that changes under them, and dbt's vars (and its partial parse) stay
the same while the inputs do.

:func:`missing_since_publish` is the completeness check: a file that was directly in a raw source's folder when
the live warehouse was published and is not there now fails the build, unless the user says to build without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from scrutiny import paths, settings
from scrutiny.errors import BuildFailed, Problem
from scrutiny.sources import ees, lait_vintages
from scrutiny.sources.lait import land as lait
from scrutiny.sources.registry import RAW_SOURCES, is_documentation
from scrutiny.warehouse.lock import held

Landing = Callable[[Path | None, Path], dict[str, str]]

#: Each raw source's landing function, by the name the registry gives it.
LANDINGS: dict[str, Landing] = {
    "lait": lait.prepare,
    "ees_csc": ees.prepare,
    "lait_vintages": lait_vintages.prepare,
}


def raw_sources() -> list[tuple[str, Landing, Path | None]]:
    """Every raw source the build lands for dbt: (name, its landing function, its folder or None)."""
    return [(source.name, LANDINGS[source.name], source.folder()) for source in RAW_SOURCES]


def prepare_raw_sources(landing_root: Path) -> dict[str, str]:
    """Land every raw source for dbt, each in its own folder under ``landing_root`` (a folder of the caller's
    own), and return the dbt vars that point at them. For tools that land without a build (the Spark parity
    harness, `scrutiny docs`); the build lands through :func:`land`."""
    dbt_vars: dict[str, str] = {}
    for name, prepare, source_dir in raw_sources():
        work_dir = landing_root / name
        work_dir.mkdir(parents=True, exist_ok=True)
        dbt_vars.update(prepare(source_dir, work_dir))
    return dbt_vars


def landing_address(name: str, content_digest: str, code_digest: str, settings: dict[str, object]) -> str:
    """The folder name for a source landed from this content, by this pipeline code, with these settings."""
    key = json.dumps([name, content_digest, code_digest, settings], sort_keys=True).encode()
    return hashlib.sha256(key).hexdigest()[:20]


def land(name: str, prepare: Landing, folder: Path | None, address: str) -> dict[str, str]:
    """The dbt vars of ``name`` landed from ``folder`` into ``landing_dir(name)/address``: reused when another
    build already landed the same content there, else landed now (under a lock, marked complete last)."""
    landed = paths.landed_folder(name, address)
    marker = landed.marker
    with held(landed.lock):
        if marker.is_file():
            return json.loads(marker.read_text(encoding="utf-8"))
        shutil.rmtree(landed.root, ignore_errors=True)  # an incomplete landing (a build killed while writing it)
        landed.root.mkdir(parents=True)
        try:
            dbt_vars = prepare(folder, landed.root)
            scratch = marker.with_name(marker.name + ".tmp")
            scratch.write_text(json.dumps(dbt_vars, sort_keys=True), encoding="utf-8")
            os.replace(scratch, marker)
        except BaseException:  # bad input or a full disk: nothing half-landed stays behind
            shutil.rmtree(landed.root, ignore_errors=True)
            raise
    return dbt_vars


def missing_since_publish(
    published: dict[str, dict], current: dict[str, tuple[Path | None, set[str]]], allowed: set[str]
) -> list[Problem]:
    """Files each raw source's folder held when the live warehouse was published (``published``: name ->
    {"folder", "files"}) that it does not hold now (``current``: name -> (folder, file names)); sources in
    ``allowed`` may lose files. A configured folder that does not exist is a problem whatever was published."""
    problems: list[Problem] = []
    for name, (folder, files) in sorted(current.items()):
        if name in allowed:
            continue
        flag = f"--allow-missing-{name}"
        if folder is not None and not folder.is_dir():
            problems.append(
                Problem(
                    str(folder),
                    f"the {name} folder does not exist: set it to the folder that holds the {name} files, to an "
                    f"empty value to build without them, or pass {flag}",
                    check="completeness",
                )
            )
            continue
        before = published.get(name) or {}
        # the files directly in the folder: a subfolder (DfE's vintages beside the extract) is its own source
        lost = sorted({f for f in before.get("files") or () if "/" not in f and not is_documentation(Path(f))} - files)
        where = str(folder) if folder is not None else f"the {name} folder (not configured)"
        problems.extend(
            Problem(
                f"{where}/{file}" if folder is not None else file,
                f"was in the {name} source when the live warehouse was published and is missing now: restore it, "
                f"or pass {flag} to publish without it",
                check="completeness",
            )
            for file in lost
        )
    return problems


def land_all(
    digests: dict[str, str], files: dict[str, set[str]], code_digest: str, published: dict[str, dict], allowed: set[str]
) -> dict[str, str]:
    """The build's landing: check completeness against what was published (``published``: the record's raw
    sources), then land every source at its content address (``digests``: each source's content digest; ``files``:
    the files directly in its folder) and return the dbt vars. BuildFailed names every missing file."""
    current = {name: (folder, files[name]) for name, _, folder in raw_sources()}
    problems = missing_since_publish(published, current, allowed)
    if problems:
        intro = "A raw source is incomplete (the live warehouse was built with these files):"
        raise BuildFailed.from_problems("raw sources", problems, intro)
    dbt_vars: dict[str, str] = {}
    knobs = {"magnitude_factor": settings.magnitude_factor()}
    for name, prepare, folder in raw_sources():
        dbt_vars.update(land(name, prepare, folder, landing_address(name, digests[name], code_digest, knobs)))
    return dbt_vars
