"""What the quality gate found: one :class:`Outcome` per expectation and table (as the validation history records
it), a stage's :class:`GateResult`, and a failing outcome described in words."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Outcome:
    """One expectation's result on one table, as recorded in data_quality.expectation_results."""

    run_id: str
    validated_at: str
    stage: str
    suite: str
    expectation: str
    table_name: str
    column_name: str | None
    success: bool
    observed_value: str | None
    unexpected_count: int | None
    element_count: int | None
    sample_unexpected: str | None
    kwargs: str
    source_file: str | None = None
    #: Set on a result carried from an earlier build (its table was not rebuilt, so not validated again): the run
    #: that validated it. None: validated by this run.
    carried_from_run_id: str | None = None


@dataclass
class GateResult:
    stage: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.problems and all(o.success for o in self.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.success for o in self.outcomes)

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]


def describe_failure(outcome: Outcome) -> str:
    """One failing expectation as a message naming suite, expectation, table, column and sample values."""
    kwargs = json.loads(outcome.kwargs)
    rule = ", ".join(
        f"{k}={v}" for k, v in kwargs.items() if k not in {"column", "column_A", "column_B", "result_format"}
    )
    table = outcome.table_name + (f" ({outcome.source_file})" if outcome.source_file else "")
    parts = [
        f"suite {outcome.suite}",
        f"expectation {outcome.expectation}" + (f" [{rule}]" if rule else ""),
        f"table {table}",
    ]
    if outcome.column_name:
        parts.append(f"column {outcome.column_name}")
    text = ": ".join([", ".join(parts), f"observed {outcome.observed_value}"])
    if outcome.sample_unexpected:
        text += f"; offending values: {outcome.sample_unexpected}"
    return text


def carried(previous: list[Outcome], stage: str, validated: GateResult, run_id: str) -> list[Outcome]:
    """The previous publish's results of ``stage`` for every suite and table this run did not validate again,
    marked as carried (``carried_from_run_id``: the run that validated them) and filed under ``run_id``."""
    again = {(o.suite, o.table_name) for o in validated.outcomes}
    kept = [o for o in previous if o.stage == stage and (o.suite, o.table_name) not in again]
    return [
        Outcome(**{**vars(o), "run_id": run_id, "carried_from_run_id": o.carried_from_run_id or o.run_id}) for o in kept
    ]
