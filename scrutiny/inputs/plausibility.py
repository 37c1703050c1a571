"""Plausible sizes, shared by the seed frames the Great Expectations input suites check (scrutiny.inputs.frames)
and the checks on raw extracts (scrutiny.sources.lait.checks), so each rule is written once.

- Magnitude: a number is implausible when it is more than ``factor`` (scrutiny.settings.magnitude_factor(),
  default 1,000) times
  the median magnitude of the non-zero values of its group (the same unit of a seed; the same measure of DfE's
  extract). The bound comes from the data's own scale, so it holds for counts of children and for millions of
  pounds alike, and one absurd value (1e12 among counts in the hundreds) cannot move it. A group needs three or
  more non-zero values for the bound to bite (with two, the median is their mean). One SQL query computes it
  (:func:`bounds_query`), in DuckDB, for a small seed frame and for an extract of millions of rows alike.
- Neighbour groups: a statistical-neighbour model lists :data:`NEIGHBOURS_PER_AUTHORITY` neighbours for each
  authority (DfE's children's services models, and the pack's list for Southend).
"""

from __future__ import annotations

import duckdb
import pandas as pd

#: Neighbours per authority in a statistical-neighbour model (DfE's April 2021 and May 2025 models, and the pack).
NEIGHBOURS_PER_AUTHORITY = 10


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bounds_query(source_sql: str, group_columns: list[str], value_column: str, factor: float) -> str:
    """The rows of ``source_sql`` with ``upper_bound``: the largest plausible magnitude of ``value_column`` in its
    group, ``factor`` times its median magnitude (null when the group has no non-zero finite value, so no bound)."""
    groups = ", ".join(_quote(c) for c in group_columns)
    value = _quote(value_column)
    return f"""
        with source as ({source_sql}),
        scale as (
            select {groups}, median(abs({value})) filter (where {value} <> 0) as median_magnitude
            from source
            where isfinite({value})
            group by {groups}
        )
        select source.*, scale.median_magnitude * {float(factor)!r} as upper_bound
        from source
        left join scale using ({groups})
    """


def with_bounds(frame: pd.DataFrame, group_columns: list[str], value_column: str, factor: float) -> pd.DataFrame:
    """A frame with each row's ``upper_bound`` (see :func:`bounds_query`), in the frame's row order."""
    ordered = frame.reset_index(drop=True).assign(_order=range(len(frame)))
    with duckdb.connect() as con:
        con.register("frame", ordered)
        bounded = con.execute(bounds_query("select * from frame", group_columns, value_column, factor)).df()
    return bounded.sort_values("_order").drop(columns="_order").reset_index(drop=True)
