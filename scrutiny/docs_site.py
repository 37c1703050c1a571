"""`scrutiny docs`: dbt's documentation site (lineage; every model and column described) for the published
warehouse. dbt reads the catalogue from a copy of the live warehouse, so the site describes exactly what analysts
query, without another build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from scrutiny import dbt_runner, paths
from scrutiny.errors import BuildFailed
from scrutiny.raw_sources import prepare_raw_sources


def generate() -> Path:
    """Write the site into paths.dbt_docs_dir(); returns its index.html. Raises BuildFailed when there is no
    published warehouse or dbt fails."""
    live = paths.warehouse_path()
    if not live.is_file():
        raise BuildFailed("dbt docs", f"There is no published warehouse at {live}: run `make build` first.")
    folder = paths.dbt_docs_folder()
    folder.root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(live, folder.previous_live)
    call = _call(["docs", "generate"], prepare_raw_sources(folder.landed))
    if dbt_runner.run(call, folder.dbt_output) != 0:
        raise BuildFailed("dbt docs", f"dbt docs generate failed; its output is in {folder.dbt_output}")
    return paths.dbt_docs_index(folder)


def serve(port: int) -> int:
    """Serve the generated site on 127.0.0.1:``port`` until interrupted."""
    return dbt_runner.run(_call(["docs", "serve", "--port", str(port), "--host", "127.0.0.1"], {}), None)


def _call(command: list[str], dbt_vars: dict[str, str]) -> dbt_runner.DbtCall:
    folder = paths.dbt_docs_folder()
    return dbt_runner.DbtCall(command, folder.target, folder.logs, dbt_vars, database=str(folder.previous_live))
