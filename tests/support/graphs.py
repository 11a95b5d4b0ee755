"""Graphs the tests write themselves: the Marfan / homocystinuria fixture graph most answering tests use, and
`seed_graph` to write one into the configured data dir."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import TypeVar

from graph_schema import NodeKind
from kgrag.graph import GraphStore, SQLiteGraphStore
from kgrag.graph.derived import BaseGraphStore
from kgrag.records import Concept, Relation, Release


def seed_graph(fill: Callable[[GraphStore], None]) -> None:
    """Create the embedded graph of the configured data dir (KGRAG_DATA_DIR, see `data_dir`) and let `fill`
    write into it."""
    from kgrag.config import load_settings

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = SQLiteGraphStore(settings.graph_path)
    try:
        fill(store)
    finally:
        store.close()


HPO = "HPO"


RELEASE = "2025-01-16"


CONCEPTS = [
    Concept("OMIM:154700", "Marfan syndrome", NodeKind.DISEASE),
    Concept("ORPHA:558", "Marfan syndrome", NodeKind.DISEASE),
    Concept("OMIM:236200", "Homocystinuria", NodeKind.DISEASE),
    Concept("HP:0001083", "Ectopia lentis", NodeKind.PHENOTYPE, synonyms=("Lens dislocation",)),
    Concept("HP:0001166", "Arachnodactyly", NodeKind.PHENOTYPE, synonyms=("Spider fingers",)),
    Concept("HP:0001519", "Disproportionate tall stature", NodeKind.PHENOTYPE),
    Concept("NCBIGene:2200", "FBN1", NodeKind.GENE),
    Concept("NCBIGene:875", "CBS", NodeKind.GENE),
]


def edge(subject: str, predicate: str, obj: str, negated: bool = False) -> Relation:
    return Relation(subject, predicate, obj, HPO, RELEASE, negated=negated)


RELATIONS = [
    edge("OMIM:154700", "has_phenotype", "HP:0001083"),
    edge("OMIM:154700", "has_phenotype", "HP:0001166"),
    edge("OMIM:154700", "has_phenotype", "HP:0001519"),
    edge("ORPHA:558", "has_phenotype", "HP:0001083"),  # the same fact from the Orphanet entry
    edge("OMIM:236200", "has_phenotype", "HP:0001083"),
    edge("OMIM:236200", "has_phenotype", "HP:0001166", negated=True),
    edge("NCBIGene:2200", "associated_with", "OMIM:154700"),
    edge("NCBIGene:875", "associated_with", "OMIM:236200"),
]


def load_fixture_graph(store: GraphStore) -> None:
    store.write_batch(CONCEPTS, RELATIONS)
    store.record_release(Release(HPO, RELEASE, "phenotype.hpoa", "sha256:test"))



AnyStore = TypeVar("AnyStore", bound=BaseGraphStore)


def per_node_traversal(store: AnyStore) -> AnyStore:
    """`store` traversing as it did before frontier queries: a shallow copy (the same connection, the same
    patched methods) whose `_frontier_edges` is the base class's one-node-at-a-time adapter. The baseline the
    Neo4j frontier traversal is compared with, in its tests and in benchmarks/bench_neo4j.py."""
    view = copy.copy(store)
    view._frontier_edges = functools.partial(BaseGraphStore._frontier_edges, view)  # type: ignore[method-assign]
    return view
