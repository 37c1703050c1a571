"""The build's adjustable limits: one place, each with its default, its environment variable and its meaning.

Command-line options (``scrutiny build --row-drop-tolerance 0.5``) set the environment variable for the build,
so every module reads a limit the same way, here.
"""

from __future__ import annotations

import os

#: A relation of the published warehouse (mart, staging or intermediate table) may lose at most this share of
#: its rows from one publish to the next; more is a collapse and fails the build (scrutiny.gate.coverage).
ENV_ROW_DROP_TOLERANCE = "SCRUTINY_ROW_DROP_TOLERANCE"
DEFAULT_ROW_DROP_TOLERANCE = 0.25

#: A number may be at most this many times the median magnitude (of the non-zero values) of its group: the same
#: unit in a seed, the same measure in DfE's extract (scrutiny.inputs.plausibility). The largest ratio in the real data
#: is 280 (DfE's 10_ICPC: England's total against the median authority); in the seeds, 117.
ENV_MAGNITUDE_FACTOR = "SCRUTINY_MAGNITUDE_FACTOR"
DEFAULT_MAGNITUDE_FACTOR = 1000.0


def _number(env: str, default: float, low: float, high: float | None) -> float:
    text = os.environ.get(env, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError as error:
        raise ValueError(f"{env}={text!r} is not a number") from error
    if value < low or (high is not None and value > high):
        raise ValueError(f"{env}={text!r} is outside {low}..{high if high is not None else 'infinity'}")
    return value


def row_drop_tolerance() -> float:
    """The share of its rows (0..1) a relation may lose from one publish to the next."""
    return _number(ENV_ROW_DROP_TOLERANCE, DEFAULT_ROW_DROP_TOLERANCE, 0.0, 1.0)


def magnitude_factor() -> float:
    """How many times its group's median magnitude a number may be (at least 1)."""
    return _number(ENV_MAGNITUDE_FACTOR, DEFAULT_MAGNITUDE_FACTOR, 1.0, None)
