"""Genes named by symbol in one source and by id in another become one concept.

HPO keys genes by NCBI Gene id, DrugBank targets by HGNC id; both give the approved symbol as the
name. When a loader writes a Gene, a Gene already in the graph with exactly that symbol as its name
and an id of another namespace gets a `same_as` link. Whichever source loads second makes the link.
"""

from __future__ import annotations

from graph_schema import NodeKind
from kgrag.graph.base import GraphReader
from kgrag.records import Concept, Relation


def symbol_links(store: GraphReader, gene: Concept, source: str, release: str) -> list[Relation]:
    prefix = gene.id.partition(":")[0]
    links = []
    for match in store.find_by_name(gene.name, mode="exact", kinds=[str(NodeKind.GENE)], limit=5):
        other = match.concept
        if match.matched == other.name and other.id.partition(":")[0] != prefix:
            links.append(Relation(gene.id, "same_as", other.id, source, release, "gene symbol"))
    return links
