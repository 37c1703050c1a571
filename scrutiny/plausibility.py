"""Plausible sizes, shared by the seed frames the Great Expectations input suites check (scrutiny.input_frames)
and the checks on raw extracts (scrutiny.lait_checks), so each rule is written once.

- Magnitude: a number is implausible when it is more than ``settings.magnitude_factor()`` (default 1,000) times
  the median magnitude of the non-zero values of its group (the same unit of a seed; the same measure of DfE's
  extract). The bound comes from the data's own scale, so it holds for counts of children and for millions of
  pounds alike, and one absurd value (1e12 among counts in the hundreds) cannot move it. A group needs three or
  more non-zero values for the bound to bite (with two, the median is their mean).
- Neighbour groups: a statistical-neighbour model lists :data:`NEIGHBOURS_PER_AUTHORITY` neighbours for each
  authority (DfE's children's services models, and the pack's list for Southend).
"""

from __future__ import annotations

import pandas as pd

from scrutiny import settings

#: Neighbours per authority in a statistical-neighbour model (DfE's April 2021 and May 2025 models, and the pack).
NEIGHBOURS_PER_AUTHORITY = 10


def magnitude_bounds(frame: pd.DataFrame, group_columns: list[str], value_column: str) -> pd.Series:
    """Per row, the largest plausible magnitude of ``value_column`` in its group (NaN: the group has no non-zero
    value, so no bound)."""
    magnitude = frame[value_column].abs()
    nonzero = magnitude.where(magnitude > 0)
    median = nonzero.groupby([frame[c] for c in group_columns], dropna=False).transform("median")
    return median * settings.magnitude_factor()


def implausible(frame: pd.DataFrame, group_columns: list[str], value_column: str) -> pd.DataFrame:
    """The rows whose value is larger in magnitude than its group's bound, with the bound (``upper_bound``)."""
    bounds = magnitude_bounds(frame, group_columns, value_column)
    beyond = frame[value_column].abs() > bounds
    return frame[beyond].assign(upper_bound=bounds[beyond])
