"""Operations shared by every GraphStore backend, derived from a few primitives each backend provides."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Sequence

from kgrag.graph.base import DEFAULT_MAX_DEGREE, DEFAULT_NEIGHBOR_LIMIT, MAX_PATH_HOPS
from kgrag.graph.identity import same_as_cluster
from kgrag.graph.rows import EdgeRow
from kgrag.graph.traversal import (
    CLINICAL_PREDICATES,
    PATH_PREDICATES,
    FrontierFetcher,
    frontier_neighborhood,
    frontier_shortest_paths,
    per_node,
)
from kgrag.records import Concept, GraphPath, Relation, Subgraph
from kgrag.storage import Closing


class BaseGraphStore(Closing):
    """The GraphStore operations every backend derives from its primitives: a backend implements
    `write_batch`, `get_many` and `_edges_of` (the edges of one node), and inherits upserts, identity
    clusters, k-hop neighbourhoods and shortest paths, so all backends answer them the same way. A backend
    that can fetch a whole frontier in one round trip overrides `_frontier_edges` and nothing else."""

    @abstractmethod
    def _edges_of(self, node: str, predicates: Sequence[str], limit: int | None) -> list[Relation]: ...

    @abstractmethod
    def get_many(self, concept_ids: Iterable[str]) -> dict[str, Concept]: ...

    @abstractmethod
    def write_batch(self, concepts: Sequence[Concept], relations: Sequence[Relation],
                    edge_rows: Sequence[EdgeRow] = ()) -> None: ...

    def upsert_concepts(self, concepts: Iterable[Concept]) -> int:
        batch = list(concepts)
        self.write_batch(batch, [])
        return len(batch)

    def upsert_relations(self, relations: Iterable[Relation]) -> int:
        batch = list(relations)
        self.write_batch([], batch)
        return len(batch)

    def equivalents(self, concept_id: str) -> set[str]:
        return same_as_cluster(concept_id, lambda node: self._edges_of(node, ("same_as",), None))

    def neighbors(
        self,
        concept_ids: Iterable[str],
        *,
        hops: int = 1,
        predicates: Sequence[str] | None = None,
        max_degree: int = DEFAULT_MAX_DEGREE,
        limit: int = DEFAULT_NEIGHBOR_LIMIT,
    ) -> Subgraph:
        wanted = tuple(predicates) if predicates is not None else CLINICAL_PREDICATES
        return frontier_neighborhood(concept_ids, self._frontier_edges(wanted), self.equivalents, self.get_many,
                                     hops=hops, max_degree=max_degree, limit=limit)

    def paths(
        self,
        a: str,
        b: str,
        *,
        max_hops: int = MAX_PATH_HOPS,
        predicates: Sequence[str] | None = None,
        max_degree: int = DEFAULT_MAX_DEGREE,
        limit: int = 10,
    ) -> list[GraphPath]:
        wanted = tuple(predicates) if predicates is not None else PATH_PREDICATES
        return frontier_shortest_paths(a, b, self._frontier_edges(wanted), max_degree=max_degree,
                                       max_hops=max_hops, limit=limit)

    def _frontier_edges(self, predicates: Sequence[str]) -> FrontierFetcher:
        """The edges of a frontier over `predicates`: by default `_edges_of` one node at a time, lazily."""
        return per_node(lambda node, cap: self._edges_of(node, predicates, cap))
