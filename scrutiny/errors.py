"""The pipeline's error types: every expected fault names the file (and row and column where there is one).

- :class:`Problem` is one defect in one input, located as precisely as the file allows.
- :class:`InputError` is raised by a landing or checking step with the problems it found; the build turns it
  into a failed step without a traceback.
- :class:`BuildFailed` is a failed build step with its report; the build quarantines the candidate (when one
  exists), leaves the live warehouse unchanged and says so.
"""

from __future__ import annotations

from dataclasses import dataclass


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
