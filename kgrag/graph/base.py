"""The `GraphStore` protocol, split by role: what a caller needs is all it sees.

- `GraphReader`: lookups, names, bounded traversals and scans: the planner, the verifier, differential
  diagnosis and graph answers read the graph and nothing else;
- `GraphWriter`: keyed, idempotent, atomic batch upserts and release records: the loaders;
- `GraphAuditor`: the integrity queries of `kgrag graph check`;
- `GraphStore`: all three, with `close`; every backend implements it whole (SQLite, Neo4j), and the conformance
  suite in tests/ runs the same checks, grouped by role, against each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, Protocol, runtime_checkable

from kgrag.graph.rows import EdgeRow
from kgrag.records import Concept, GraphPath, GraphStats, NameMatch, Relation, Release, Subgraph

NameMode = Literal["auto", "exact", "normalized", "prefix", "fulltext"]

# A node with more edges than this is a hub: k-hop expansion takes only this many of its edges,
# and path search does not walk *through* it (paths through "Autosomal recessive inheritance"
# link thousands of diseases and explain nothing).
DEFAULT_MAX_DEGREE = 200
# Edges returned by one neighbourhood query. A prompt cites tens of triples and ranking (PageRank,
# similarity) needs a few hundred candidates; materializing costs ~9 us per edge with its concepts,
# so 500 keeps 2-hop retrieval near 5 ms on the full HPO graph (benchmarks/bench_hpo.py).
DEFAULT_NEIGHBOR_LIMIT = 500
MAX_PATH_HOPS = 3


@runtime_checkable
class GraphWriter(Protocol):
    """What loaders call: keyed, idempotent, atomic batches (a batch is committed whole or not at all)."""

    def write_batch(self, concepts: Sequence[Concept], relations: Sequence[Relation],
                    edge_rows: Sequence[EdgeRow] = ()) -> None:
        """Upsert concepts and relations atomically: all of the batch is committed or none of it.

        Concepts merge with what is stored (non-empty scalars win, lists are unioned); relations are
        keyed by (subject, predicate, object, source, negated) and their list evidence is unioned.
        `edge_rows` are more relations in their bulk form (kgrag.graph.rows), written after `relations`.
        """
        ...

    def upsert_concepts(self, concepts: Iterable[Concept]) -> int: ...

    def upsert_relations(self, relations: Iterable[Relation]) -> int: ...

    def record_release(self, release: Release) -> None: ...


@runtime_checkable
class GraphReader(Protocol):
    """What the planner, the verifier, differential diagnosis and graph answers call: reads, all bounded."""

    backend: str

    def get(self, concept_id: str) -> Concept | None: ...

    def get_many(self, concept_ids: Iterable[str]) -> dict[str, Concept]: ...

    def find_by_name(
        self, text: str, *, mode: NameMode = "auto", kinds: Sequence[str] | None = None, limit: int = 10
    ) -> list[NameMatch]:
        """Concepts whose name or synonym matches `text`, best first; obsolete concepts are skipped."""
        ...

    def neighbors(
        self,
        concept_ids: Iterable[str],
        *,
        hops: int = 1,
        predicates: Sequence[str] | None = None,
        max_degree: int = DEFAULT_MAX_DEGREE,
        limit: int = DEFAULT_NEIGHBOR_LIMIT,
    ) -> Subgraph:
        """The k-hop neighbourhood (both directions) of the seeds and their `same_as` equivalents.

        `predicates=None` means every clinical predicate (identity and lifecycle edges are left out).
        """
        ...

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
        """Shortest undirected paths from `a` to `b` of at most `max_hops` edges (at most `limit`)."""
        ...

    def relations_between(self, a: str, b: str) -> list[Relation]:
        """Every edge, either direction, between the `same_as` clusters of `a` and `b`."""
        ...

    def equivalents(self, concept_id: str) -> set[str]:
        """The `same_as` cluster of an id, the id itself included (ids need not be nodes)."""
        ...

    def stats(self) -> GraphStats: ...

    def releases(self) -> list[Release]: ...

    def iter_concepts(self) -> Iterator[Concept]: ...

    def iter_relations(self, predicates: Sequence[str] | None = None) -> Iterator[Relation]:
        """Every edge, or only those whose predicate is in `predicates`, streamed in pages (memory flat):
        whole-graph readers such as the phenotype model of differential diagnosis need one predicate of
        half a million edges, and filtering in the store halves their load time."""
        ...


@runtime_checkable
class GraphAuditor(Protocol):
    """What `kgrag graph check` calls: the invariants loaders keep, counted, with a few examples."""

    def dangling_edges(self, *, limit: int = 5) -> tuple[int, list[Relation]]:
        """Edges with an endpoint that is not a loaded concept: how many, and the first `limit`.

        `same_as` links are left out: their object may by design be an id no source loads (a CAS number,
        a UMLS CUI before UMLS is loaded); `dangling_identities` checks the end that must exist."""
        ...

    def dangling_identities(self, *, limit: int = 5) -> tuple[int, list[Relation]]:
        """`same_as` links whose subject, the concept that asserts the identity, is not loaded."""
        ...

    def duplicate_edges(self, *, limit: int = 5) -> tuple[int, list[Relation]]:
        """Copies beyond the first of edges sharing one key (subject, predicate, object, source, negated),
        and one edge of each of the first `limit` such keys."""
        ...

    def edge_releases(self) -> dict[tuple[str, str], int]:
        """How many edges each (source, source_release) contributed."""
        ...


@runtime_checkable
class GraphStore(GraphReader, GraphWriter, GraphAuditor, Protocol):
    """A whole backend: every role, and `close`."""

    backend: str

    def close(self) -> None: ...
