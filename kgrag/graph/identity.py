"""Cross-source identity: which ids name the same concept (`same_as` clusters)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from kgrag.records import Relation


def same_as_cluster(start: str, same_as_edges: Callable[[str], list[Relation]]) -> set[str]:
    """Breadth-first closure over `same_as` edges admitting at most one id per prefix.

    Sources xref loosely: several HPO terms share one UMLS CUI, so a plain transitive closure
    would make "Multicystic kidney dysplasia" and "Polycystic kidney dysplasia" one concept. Like
    clique-based node normalization, a cluster keeps the first id of each prefix reached (nearest
    first, then sorted), except alternative ids of a term (`source_relation == "alt_id"`), which
    are the same term by definition. Backends share this function so they agree on identity.
    """
    cluster = {start}
    prefixes = {start.partition(":")[0]}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for edge in sorted(same_as_edges(node), key=lambda e: e.other(node)):
            other = edge.other(node)
            prefix = other.partition(":")[0]
            if other in cluster or (prefix in prefixes and edge.source_relation != "alt_id"):
                continue
            cluster.add(other)
            prefixes.add(prefix)
            queue.append(other)
    return cluster
