"""Medians, spreads and percentiles of repeated measurements."""

from __future__ import annotations

import math
import statistics


def summarise(values: list[float]) -> dict:
    """Median and spread of repeated measurements (spread = max - min)."""
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "spread": None, "values": []}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "spread": max(values) - min(values),
        "values": [round(v, 4) for v in values],
    }


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (pct in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered) - 1e-9)))
    return ordered[rank - 1]
