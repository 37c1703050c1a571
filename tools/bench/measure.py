"""Running a command and measuring it: wall time, CPU time, and peak memory of the process and its descendants;
and what machine the figures come from."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu_model": None,
        "memory_bytes": None,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_bytes"] = int(line.split()[1]) * 1024
                break
    return info


def versions() -> dict:
    found = {}
    for package in ("duckdb", "dbt-core", "dbt-duckdb", "streamlit", "great-expectations", "pandas"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            found[package] = version(package)
    return found


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss_bytes(pid: int) -> int:
    """Current resident memory of a process and all its descendants."""
    children = _children_map()
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
        stack.extend(children.get(current, []))
    return total


@dataclass
class Measured:
    command: list[str]
    returncode: int
    seconds: float
    peak_rss_bytes: int  # largest single process in the tree (wait4 ru_maxrss)
    peak_tree_rss_bytes: int  # largest sampled sum over the process tree
    cpu_seconds: float = 0.0  # user + system CPU of the process and its descendants (load-independent)
    lines: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, output line)

    @property
    def output(self) -> str:
        return "\n".join(line for _, line in self.lines)


def run_measured(command: list[str], *, cwd: Path, env: dict, timeout: float = 900) -> Measured:
    """Run a command, time-stamp each output line, and measure its peak memory (itself and descendants)."""
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    lines: list[tuple[float, str]] = []
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.1):
            with contextlib.suppress(Exception):
                peak_tree = max(peak_tree, tree_rss_bytes(process.pid))

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.monotonic() - start, line.rstrip("\n")))

    sampler = threading.Thread(target=sample, daemon=True)
    reader = threading.Thread(target=read, daemon=True)
    sampler.start()
    reader.start()
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
        done.set()
    seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=10)
    sampler.join(timeout=2)
    return Measured(
        command=command,
        returncode=process.returncode,
        seconds=seconds,
        peak_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
        peak_tree_rss_bytes=max(peak_tree, usage.ru_maxrss * 1024),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        lines=lines,
    )
