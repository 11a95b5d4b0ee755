"""Reciprocal-rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): score(d) = sum over rankings of
1 / (k + rank(d)). It needs no score calibration between BM25 and cosine, which live on unrelated scales;
k = 60 is the paper's value and damps the weight of the very top ranks."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def reciprocal_rank_fusion(rankings: Mapping[str, Sequence[Key]], k: int = 60
                           ) -> list[tuple[Key, float, dict[str, int]]]:
    """Fused (key, score, {ranking name: 1-based rank}) best first; ties keep first-seen order."""
    if k < 1:
        raise ValueError("the fusion constant k must be at least 1")
    scores: dict[Key, float] = {}
    ranks: dict[Key, dict[str, int]] = {}
    for name, ranking in rankings.items():
        for position, key in enumerate(ranking, start=1):
            if name in ranks.get(key, {}):
                continue  # a key listed twice in one ranking counts once, at its best rank
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + position)
            ranks.setdefault(key, {})[name] = position
    order = sorted(scores, key=lambda key: -scores[key])
    return [(key, scores[key], ranks[key]) for key in order]
