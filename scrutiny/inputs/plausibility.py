"""Plausible sizes, shared by the seed frames the Great Expectations input suites check (scrutiny.inputs.frames)
and the checks on raw extracts (scrutiny.sources.lait.checks), so each rule is written once.

- Magnitude: a number is implausible when it is more than ``factor`` (scrutiny.settings.magnitude_factor(),
  default 1,000) times
  the median magnitude of the non-zero values of its group (the same unit of a seed; the same measure of DfE's
  extract). The bound comes from the data's own scale, so it holds for counts of children and for millions of
  pounds alike, and one absurd value (1e12 among counts in the hundreds) cannot move it. A group needs three or
  more non-zero values for the bound to bite (with two, the median is their mean). One SQL query computes it
  (:func:`bounds_query`), in DuckDB, for a small seed frame and for an extract of millions of rows alike.
- Bounds by unit: a number lies within its unit's bounds (seed vocabularies: a percentage 0-100, a count, a rate
  or an amount never negative), or its measure's own documented range (seed unit_bound_exceptions, with the
  reason). The unit is the seed row's, an EES measure's (seed ees_csc_measures) or a LAIT measure's axis label's
  (seed lait_unit_labels). :func:`measure_bounds` gives each measure's :class:`Bounds`.
- Neighbour groups: a statistical-neighbour model lists :data:`NEIGHBOURS_PER_AUTHORITY` neighbours for each
  authority (DfE's children's services models, and the pack's list for Southend).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

#: Neighbours per authority in a statistical-neighbour model (DfE's April 2021 and May 2025 models, and the pack).
NEIGHBOURS_PER_AUTHORITY = 10
#: The seeds the bounds by unit come from (relative to seeds/).
VOCABULARIES = "reference/vocabularies.csv"
EXCEPTIONS = "reference/unit_bound_exceptions.csv"
LAIT_UNIT_LABELS = "reference/lait_unit_labels.csv"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bounds_query(source_sql: str, group_columns: list[str], value_column: str, factor: float) -> str:
    """The rows of ``source_sql`` with ``upper_bound``: the largest plausible magnitude of ``value_column`` in its
    group (null when the group has no non-zero finite value, so no bound)."""
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


#: Where a measure comes from, as seed unit_bound_exceptions names it.
SOURCE_LAIT = "lait"
SOURCE_EES = "ees_csc"
SOURCE_PACK = "pack"


@dataclass(frozen=True)
class Bounds:
    """The plausible range of a measure's values (None: unbounded on that side) and where it comes from: its
    unit's bounds (seed vocabularies) or the measure's own range (seed unit_bound_exceptions, with the reason)."""

    min_value: float | None
    max_value: float | None
    unit: str | None = None
    reason: str | None = None

    def admits(self, value: float) -> bool:
        return (self.min_value is None or value >= self.min_value) and (
            self.max_value is None or value <= self.max_value
        )

    def describe(self) -> str:
        """The bounds in words: "a percent's bounds (0 to 100, seeds/reference/vocabularies.csv)"."""
        low = None if self.min_value is None else f"{self.min_value:g}"
        high = None if self.max_value is None else f"{self.max_value:g}"
        span = f"{low} to {high}" if low and high else (f"{low} or more" if low else f"{high} or less")
        if self.reason:
            return f"the measure's own range ({span}: {self.reason})"
        return f"a {self.unit}'s bounds ({span}, seeds/{VOCABULARIES})"


def _number(text: str | None) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def seed_rows(seeds: Path, relative: str) -> list[dict[str, str]]:
    """The rows of the seed at ``relative`` under the seeds folder ``seeds`` (none when it is missing)."""
    path = seeds / relative
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def unit_bounds(seeds: Path) -> dict[str, Bounds]:
    """Each unit's bounds (vocabulary ``unit`` of seed vocabularies), by unit code; units with none left out."""
    found = {}
    for row in seed_rows(seeds, VOCABULARIES):
        if row.get("vocabulary") != "unit":
            continue
        bounds = Bounds(_number(row.get("min_value")), _number(row.get("max_value")), row["code"])
        if bounds.min_value is not None or bounds.max_value is not None:
            found[row["code"]] = bounds
    return found


def measure_bounds(seeds: Path, source: str, units: dict[str, str]) -> dict[str, Bounds]:
    """The bounds of each measure of ``source`` (``units``: measure -> unit code): its unit's, or its own where
    seed unit_bound_exceptions lists it. Measures with no bounds are left out."""
    by_unit = unit_bounds(seeds)
    found = {m: by_unit[u] for m, u in units.items() if u in by_unit}
    for row in seed_rows(seeds, EXCEPTIONS):
        if row.get("source") == source:
            measure = row["measure"]
            found[measure] = Bounds(
                _number(row.get("min_value")), _number(row.get("max_value")), units.get(measure), row["reason"]
            )
    return found


def lait_unit_labels(seeds: Path) -> dict[str, str]:
    """The unit of each axis label of DfE's LAIT data dictionary (seed lait_unit_labels)."""
    return {row["unit_label"]: row["unit"] for row in seed_rows(seeds, LAIT_UNIT_LABELS)}
