"""The project snapshot a benchmark builds (never the working tree), its environment, and the edits a data
engineer makes between builds: one pack seed value, one model."""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import subprocess
from pathlib import Path

from scrutiny import paths

#: The pack seed whose value the "edit one pack seed value" build changes: the ``note`` of its first figure (a value
#: no check constrains, so the edited build still passes and publishes; dbt sees the seed's data change).
SEED_TO_EDIT = "seeds/complaints/complaints_figures.csv"
SEED_COLUMN_TO_EDIT = "note"
#: The model the "edit one model" build changes (a staging model: the edit reaches every model downstream of it).
MODEL_TO_EDIT = "models/staging/complaints/stg_complaints__figures.sql"
IGNORED_IN_SNAPSHOT = {".venv", "warehouse", "build", "target", "logs", ".git", "dbt_packages", "__pycache__"}


def project_files(source: Path) -> list[Path]:
    """Files a fresh clone plus local edits holds: tracked and untracked-but-not-ignored (git), else a walk."""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=source,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [Path(p) for p in listed.split("\0") if p and (source / p).is_file()]
    files = []
    for root, dirs, names in os.walk(source):
        dirs[:] = [d for d in dirs if d not in IGNORED_IN_SNAPSHOT]
        files.extend(Path(root, n).relative_to(source) for n in names)
    return files


def snapshot_project(source: Path, dest: Path) -> Path:
    """Copy the project's files into dest (the benchmark builds there, never in the working tree)."""
    dest.mkdir(parents=True, exist_ok=True)
    for relative in project_files(source):
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, target)
    return dest


def bench_env(project: Path, work: Path, lait_dir: Path | None, vintages_dir: Path | None = None) -> dict[str, str]:
    """Environment for a build of the snapshot: its own live warehouse, build folder and LAIT folder; DfE's published
    versions only when ``vintages_dir`` is given, never the EES statistics (the pack and the current extract are
    what the build figures measure, wherever the snapshot sits)."""
    env = dict(os.environ)
    env.update(
        {
            paths.ENV_WAREHOUSE: str(work / "warehouse" / "scrutiny.duckdb"),
            paths.ENV_BUILD_DIR: str(work / "build"),
            paths.ENV_LAIT_DIR: str(lait_dir) if lait_dir else "",
            paths.ENV_LAIT_VINTAGES_DIR: str(vintages_dir) if vintages_dir else "",
            paths.ENV_EES_CSC_DIR: "",
            "DBT_PROFILES_DIR": str(project),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop(paths.ENV_DBT_DATABASE, None)
    env.pop("DBT_TARGET_PATH", None)
    return env


def edit_seed_value(project: Path, edit_number: int, relative: str = SEED_TO_EDIT) -> str:
    """Set one value of a pack seed, ``SEED_COLUMN_TO_EDIT`` of its first data row, to a new text per edit.

    Only that cell's bytes change (the row is rewritten in place, the other rows are left as they are). Returns
    the value written.
    """
    path = project / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[1]]))
    if len(lines[1].split(",")) != len(cells) or len(cells) != len(header):
        raise ValueError(f"{relative}: row 2 holds quoted commas or a different number of cells; pick another row")
    # letters, not digits: a figure-like number in a text cell is something the input checks may look for
    value = f"Edited by make bench ({chr(ord('a') + (edit_number - 1) % 26)})"
    cells[header.index(SEED_COLUMN_TO_EDIT)] = value
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return value


def edit_model(project: Path, edit_number: int, relative: str = MODEL_TO_EDIT) -> str:
    """Edit one model's SQL: a trailing comment that differs per edit (dbt's checksum of the model changes, its
    results do not). Returns the line written."""
    path = project / relative
    lines = [
        line for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n") if "edited by make bench" not in line
    ]
    comment = f"-- edited by make bench ({chr(ord('a') + (edit_number - 1) % 26)})"
    path.write_text("\n".join([*lines, comment]) + "\n", encoding="utf-8")
    return comment


def vintages_subset(vintages_dir: Path, dest: Path, count: int) -> Path:
    """The first ``count`` published versions of ``vintages_dir`` as a folder of their own (the manifest's first rows,
    links to their files): what `make bench-quick` builds instead of every version."""
    dest.mkdir(parents=True, exist_ok=True)
    with (vintages_dir / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, kept = reader.fieldnames or [], list(reader)[:count]
    with (dest / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    for row in kept:
        for name in (row["bds_file"], row.get("dictionary_file") or ""):
            if name and not (dest / name).exists():
                (dest / name).symlink_to(vintages_dir / name)
    return dest
