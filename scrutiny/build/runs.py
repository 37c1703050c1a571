"""A build run: its identity, its own folder (scrutiny.paths.RunFolder), the phase timings it writes as data
(``timings.json``), dbt's parse state carried over from the last run, and pruning old run folders."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
import traceback
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny import paths
from scrutiny.errors import BuildFailed, InputError, describe_os_error

if TYPE_CHECKING:
    from scrutiny.build.report import BuildReport

#: Finished run folders kept besides the one that published the live warehouse (evidence and dbt's results).
KEPT_RUNS = 5


def new_run_id() -> str:
    """Sortable by start time, unique across concurrent builds."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


@contextlib.contextmanager
def running(run: paths.RunFolder) -> Iterator[None]:
    """Create the run folder and hold its lock while the run goes on."""
    run.root.mkdir(parents=True, exist_ok=True)
    with run.lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _finished(folder: Path) -> bool:
    """A run folder no build is using (its lock is free)."""
    lock = paths.RunFolder(folder).lock
    if not lock.exists():
        return True
    with lock.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def seed_parse_state(run: paths.RunFolder) -> Path | None:
    """Copy dbt's saved parse from the newest finished run that has one into this run's target folder; returns
    where it came from. dbt checks every file against it, so any earlier run's parse is safe to start from."""
    for folder in sorted((p for p in paths.runs_dir().iterdir() if p.is_dir() and p != run.root), reverse=True):
        earlier = paths.RunFolder(folder)
        if earlier.parse_state.is_file() and earlier.run_results.is_file() and _finished(folder):
            run.target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(earlier.parse_state, run.parse_state)
            return folder
    return None


def prune(keep: int, protect: set[str]) -> list[Path]:
    """Remove finished run folders beyond the ``keep`` newest, except the runs named in ``protect``."""
    removed: list[Path] = []
    folders = sorted((p for p in paths.runs_dir().iterdir() if p.is_dir()), reverse=True)
    for folder in folders[keep:]:
        if folder.name in protect or not _finished(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process and the child processes it has waited for (dbt)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class PhaseTimer:
    """Wall-clock and CPU seconds per build phase, written to a JSON file as each phase ends
    (``{"wall_seconds": {phase: seconds}, "cpu_seconds": {phase: seconds}}``). A phase's CPU time is this process's
    and that of the children it waited for in the phase (dbt's whole run counts in the phase that waits for it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started, cpu = time.monotonic(), cpu_seconds()
        try:
            yield
        finally:
            self.record(name, time.monotonic() - started, cpu_seconds() - cpu)

    def record(self, name: str, seconds: float, cpu: float | None = None) -> None:
        self.seconds[name] = round(seconds, 3)
        if cpu is not None:
            self.cpu[name] = round(cpu, 3)
        if self.path.parent.is_dir():
            with contextlib.suppress(OSError):  # timings are a by-product: a full disk must not mask the fault
                self.path.write_text(
                    json.dumps({"wall_seconds": self.seconds, "cpu_seconds": self.cpu}, indent=2), encoding="utf-8"
                )


@contextlib.contextmanager
def step(name: str, timings: PhaseTimer, report: BuildReport) -> Iterator[None]:
    """Time a step, and turn whatever fails in it into BuildFailed naming the step: input problems and OS faults
    (permissions, a full disk, a missing folder) as they are; anything else with a pointer to its traceback."""
    started, cpu = time.monotonic(), cpu_seconds()
    try:
        yield
    except BuildFailed:
        raise
    except InputError as error:
        raise BuildFailed.from_problems(name, error.problems, f"{name}: the input is not fit to build from:") from error
    except OSError as error:
        path, reason = describe_os_error(error)
        details = {"disk_full": path} if error.errno in (errno.ENOSPC, errno.EDQUOT) else None
        raise BuildFailed(name, f"{path or f'(a file of {name})'}: {reason}", details) from error
    except Exception as error:  # an unexpected fault still ends with the same report, the traceback in the log
        log = report.run_folder.build_log if report.run_folder.root.is_dir() else None
        if log is not None:
            log.write_text(traceback.format_exc(), encoding="utf-8")
        where = f"the traceback is in {log}" if log else f"({traceback.format_exc(limit=3)})"
        raise BuildFailed(name, f"unexpected error: {type(error).__name__}: {error}; {where}") from error
    finally:
        timings.record(name.lower().replace(" ", "_"), time.monotonic() - started, cpu_seconds() - cpu)
