"""Latency percentiles for the evaluation reports and the benchmarks: one definition, so a p95 in a report and
a p95 in a benchmark table mean the same thing."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank `q` quantile (0 <= q <= 1) of non-empty `values`: an observed value, never an
    interpolation between two."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
