"""Every command ends a failure in one message naming the step and the path, without a traceback: also when the
fault is raised in a worker process (`matrix --la all` writes authorities in a process pool)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scrutiny import paths

COMMANDS = {
    "matrix": (["matrix", "--la", "all"], "matrix FAILED at step: write the data matrix", "matrix"),
    "export": (["export", "--out", "{folder}/export"], "export FAILED at step: export the marts", "export"),
    "docs": (["docs"], "docs FAILED at step: dbt docs", ""),
    "briefing": (
        ["briefing", "--la", "882", "--since", "2025-06-01"],
        "briefing FAILED at step: write the briefing",
        "briefing",
    ),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_read_only_folder_ends_the_command_in_one_message(
    command: str, built_warehouse: Path, tmp_path: Path, build_tools
) -> None:
    arguments, heading, under = COMMANDS[command]
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    env = {**os.environ, paths.ENV_WAREHOUSE: str(built_warehouse), paths.ENV_BUILD_DIR: str(folder)}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "scrutiny", *(a.format(folder=folder) for a in arguments)],
            cwd=paths.REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            preexec_fn=build_tools.without_file_permission_override,
        )
    finally:
        folder.chmod(0o755)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert heading in output, output
    assert f"{folder / under}".rstrip("/") in output and "Permission denied" in output, output
    assert "Traceback" not in output and "RemoteTraceback" not in output, output
