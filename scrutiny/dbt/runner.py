"""The one way the project starts dbt. The build, `scrutiny docs` and the Spark parity harness all describe what
they want as a :class:`DbtCall` and run it here, in a child process (:func:`start`, :func:`run`) or, where dbt
must share this process (dbt-spark's session mode shares its SparkSession), in this one (:func:`invoke`).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny import paths


@dataclass(frozen=True)
class DbtCall:
    """One dbt command: what to run and where its output goes."""

    #: dbt's command and its own arguments, e.g. ``["build"]``, ``["docs", "generate"]``.
    command: list[str]
    target_path: Path
    log_path: Path
    dbt_vars: dict[str, object] = field(default_factory=dict)
    #: The profile target (profiles.yml); None is the profile's default (DuckDB).
    target: str | None = None
    #: The DuckDB file dbt writes (SCRUTINY_DBT_DATABASE); None leaves the environment as it is.
    database: str | None = None
    project: Path = field(default_factory=paths.project_dir)

    def arguments(self) -> list[str]:
        """dbt's command line, without the executable."""
        args = [
            *self.command,
            "--project-dir",
            str(self.project),
            "--profiles-dir",
            str(self.project),
            "--target-path",
            str(self.target_path),
            "--log-path",
            str(self.log_path),
        ]
        if self.target:
            args += ["--target", self.target]
        if self.dbt_vars:
            args += ["--vars", json.dumps(self.dbt_vars, sort_keys=True)]
        return args

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        if self.database is not None:
            env[paths.ENV_DBT_DATABASE] = self.database
        env.pop("DBT_TARGET_PATH", None)
        env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        return env


def executable() -> Path:
    """dbt from the same virtual environment as this Python."""
    return Path(sys.executable).parent / "dbt"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGTERM dbt if the build process dies (e.g. SIGKILL), so no orphan keeps writing."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@dataclass
class DbtProcess:
    """dbt running in its own process while the caller does other work."""

    call: DbtCall
    process: subprocess.Popen
    output: Path | None
    started: float

    def wait(self) -> int:
        return self.process.wait()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def stop(self) -> None:
        """End dbt early (the caller failed, or was interrupted)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(call: DbtCall, output: Path | None, cwd: Path | None = None) -> DbtProcess:
    """Start dbt in a child process that dies with this one; its output goes to ``output`` (None: inherited)."""
    command = [str(executable()), *call.arguments()]
    handle = output.open("w", encoding="utf-8") if output is not None else None
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd or call.project,
            env=call.environment(),
            stdout=handle,
            stderr=subprocess.STDOUT if handle else None,
            preexec_fn=_die_with_parent,
        )
    finally:
        if handle is not None:
            handle.close()  # the child holds its own copy
    return DbtProcess(call, process, output, time.monotonic())


def run(call: DbtCall, output: Path | None = None, cwd: Path | None = None) -> int:
    """Run dbt to the end in a child process; its exit status."""
    running = start(call, output, cwd)
    try:
        return running.wait()
    finally:
        running.stop()


def invoke(call: DbtCall) -> Any:
    """Run dbt inside this process (dbt's programmatic runner); returns its ``dbtRunnerResult``."""
    from dbt.cli.main import dbtRunner

    for name, value in call.environment().items():
        if os.environ.get(name) != value:
            os.environ[name] = value
    return dbtRunner().invoke(call.arguments())
