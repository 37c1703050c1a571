"""The pipeline's error types: every expected fault names the file (and row and column where there is one).

- :class:`Problem` is one defect in one input, located as precisely as the file allows.
- :class:`InputError` is raised by a landing or checking step with the problems it found; the build turns it
  into a failed step without a traceback.
- :class:`BuildFailed` is a failed build step with its report; the build quarantines the candidate (when one
  exists), leaves the live warehouse unchanged and says so.
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One input defect, located as precisely as the file allows."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    check: str = "input"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f"{',' if self.row is not None else ''} column {self.column}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """An input is unfit to build from; ``problems`` say where and what was expected."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildFailed(Exception):
    """The build stopped; ``report`` says what failed, where, and with which values."""

    def __init__(self, step: str, report: str, details: dict | None = None) -> None:
        super().__init__(report)
        self.step = step
        self.report = report
        self.details = details or {}
        self.build_report = None

    @classmethod
    def from_problems(cls, step: str, problems: list[Problem], intro: str, listed: int = 40) -> BuildFailed:
        """A failed step that found input problems: ``intro``, then one line per problem (the first ``listed``)."""
        lines = [f"  {p}" for p in problems[:listed]]
        more = f"\n  ... and {len(problems) - listed} more" if len(problems) > listed else ""
        return cls(step, intro + "\n" + "\n".join(lines) + more, {"problems": [vars(p) for p in problems]})


def disk_full(path: str | Path) -> str:
    """Which filesystem filled, in words: the mount point holding ``path``, its free and total space."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    mount = folder.resolve()
    while not os.path.ismount(mount) and mount != mount.parent:
        mount = mount.parent
    try:
        usage = shutil.disk_usage(mount)
        space = f"{usage.free:,} of {usage.total:,} bytes free"
    except OSError:
        space = "its free space cannot be read"
    return f"the filesystem mounted at {mount} is full ({space})"


def describe_os_error(error: OSError) -> tuple[str, str]:
    """(the path, what happened) for an OS fault. A copy that fails names the file it was writing (the
    destination), not the one it read; a full disk names the filesystem that filled."""
    full = error.errno in (errno.ENOSPC, errno.EDQUOT)
    path = (error.filename2 if full else None) or error.filename
    reason = error.strerror or str(error)
    if full and path:
        reason = f"{reason}: {disk_full(path)}"
    return (str(path) if path else ""), reason


def not_utf8(path: Path, name: str) -> Problem | None:
    """A Problem naming the line (and, for a CSV, the column) of the first byte of a text input (a seed, one of
    DfE's CSVs) that is not UTF-8; else None. ``name``: how to name the file (e.g. its path in the project)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        header = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")]), [])
        before = data[line_start : error.start].decode("utf-8", errors="replace")
        field = next(csv.reader([before]), [""])
        column = header[len(field) - 1] if path.suffix == ".csv" and 0 < len(field) <= len(header) else None
        return Problem(
            name,
            f"byte 0x{data[error.start]:02x} is not UTF-8 (save the file as UTF-8)",
            line,
            column,
            "encoding",
        )
    return None
