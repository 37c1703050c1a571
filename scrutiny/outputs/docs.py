"""`scrutiny docs`: dbt's documentation site (lineage; every model and column described) for the published
warehouse. dbt reads the catalogue from a copy of the live warehouse, so the site describes exactly what analysts
query, without another build. dbt also writes the site as one self-contained file (``--static``: the manifest and
catalogue inlined), copied to ``paths.static_docs_file()`` to open or send without a server.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scrutiny import paths
from scrutiny.dbt import runner as dbt_runner
from scrutiny.errors import BuildFailed
from scrutiny.sources.landing import prepare_raw_sources

#: What `dbt docs generate --static` writes beside index.html in its target folder.
STATIC_NAME = "static_index.html"


def generate() -> Path:
    """Write the site into paths.dbt_docs_dir() and its single-file copy to paths.static_docs_file(); returns the
    site's index.html. Raises BuildFailed when there is no published warehouse or dbt fails."""
    live = paths.warehouse_path()
    if not live.is_file():
        raise BuildFailed("dbt docs", f"There is no published warehouse at {live}: run `make build` first.")
    folder = paths.dbt_docs_folder()
    folder.root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(live, folder.previous_live)
    call = _call(["docs", "generate", "--static"], prepare_raw_sources(folder.landed))
    if dbt_runner.run(call, folder.dbt_output) != 0:
        raise BuildFailed("dbt docs", f"dbt docs generate failed; its output is in {folder.dbt_output}")
    _publish_static(folder.target / STATIC_NAME, paths.static_docs_file())
    return paths.dbt_docs_index(folder)


def _publish_static(written: Path, destination: Path) -> None:
    """Copy dbt's single-file site into place atomically (a reader never sees half a file)."""
    if not written.is_file():
        raise BuildFailed("dbt docs", f"dbt docs generate --static wrote no {written}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    shutil.copyfile(written, partial)
    os.replace(partial, destination)


def serve(port: int) -> int:
    """Serve the generated site on 127.0.0.1:``port`` until interrupted."""
    return dbt_runner.run(_call(["docs", "serve", "--port", str(port), "--host", "127.0.0.1"], {}), None)


def _call(command: list[str], dbt_vars: dict[str, str]) -> dbt_runner.DbtCall:
    folder = paths.dbt_docs_folder()
    return dbt_runner.DbtCall(command, folder.target, folder.logs, dbt_vars, database=str(folder.previous_live))
