"""Latency helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from kgrag.eval.stats import percentile

__all__ = ["percentile", "timed"]
T = TypeVar("T")


def timed(fn: Callable[[T], object], inputs: Sequence[T]) -> list[float]:
    """Milliseconds per call of `fn` on each input, in order."""
    out = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return out
