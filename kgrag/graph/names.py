"""How name matches score and rank, shared by every backend so they order search results the same way.

Exact beats normalized beats prefix beats full-text; a concept's preferred name beats its synonyms; a
prefix scores by how much of the name it covers. Full-text scores come from each backend's own
relevance measure, squashed below 0.7 so they never outrank a name match.
"""

from __future__ import annotations

from kgrag.records import NameMatch


def exact_score(preferred: bool) -> float:
    return 1.0 if preferred else 0.98


def normalized_score(preferred: bool) -> float:
    return 0.95 if preferred else 0.9


def prefix_score(query_norm: str, label_norm: str, preferred: bool) -> float:
    return round(0.8 * len(query_norm) / len(label_norm) + (0.05 if preferred else 0.0), 4)


def match_order(match: NameMatch) -> tuple[float, int, str]:
    """Sort key: best score first, then shorter names, then ids (deterministic)."""
    return (-match.score, len(match.concept.name), match.concept.id)
