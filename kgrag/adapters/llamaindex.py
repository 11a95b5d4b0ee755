"""kgrag's retrieval as a llama-index retriever: graph facts and passages come back as scored text nodes.

    from kgrag import KGRAG
    from kgrag.adapters.llamaindex import KGRAGRetriever
    retriever = KGRAGRetriever(KGRAG.from_settings())
    engine = RetrieverQueryEngine.from_args(retriever, llm=...)

Each node keeps its evidence id (`K3`, `P1`) and provenance in metadata, so a llama-index pipeline can cite
exactly what kgrag would have cited. Needs `pip install kgrag[llamaindex]`.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from kgrag.api import KGRAG
from kgrag.records import KGFact, PassageEvidence


class KGRAGRetriever(BaseRetriever):
    def __init__(self, kgrag: KGRAG, *, use_kg: bool = True, use_passages: bool = True, **kwargs: Any) -> None:
        self._kgrag = kgrag
        self._use_kg = use_kg
        self._use_passages = use_passages
        super().__init__(**kwargs)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        retrieval = self._kgrag.retrieve(query_bundle.query_str, use_kg=self._use_kg,
                                         use_passages=self._use_passages)
        nodes = [fact_node(fact) for fact in retrieval.facts]
        nodes += [passage_node(passage) for passage in retrieval.passages]
        return nodes


def fact_node(fact: KGFact) -> NodeWithScore:
    relation = fact.relation
    node = TextNode(id_=f"kg:{relation.subject}|{relation.predicate}|{relation.object}|{int(relation.negated)}",
                    text=fact.text, metadata={
                        "evidence_id": fact.id, "kind": "kg", "subject": relation.subject,
                        "predicate": relation.predicate, "object": relation.object, "negated": relation.negated,
                        "source": relation.source, "source_release": relation.source_release})
    return NodeWithScore(node=node, score=fact.score)


def passage_node(evidence: PassageEvidence) -> NodeWithScore:
    passage = evidence.passage
    node = TextNode(id_=f"passage:{passage.passage_id}", text=passage.text, metadata={
        "evidence_id": evidence.id, "kind": "passage", "doc_id": passage.doc_id, "citation": passage.citation,
        "title": passage.title, "year": passage.year, "similarity": evidence.similarity})
    return NodeWithScore(node=node, score=evidence.score)
