"""Typed records exchanged between ingestors, stores and the CLI.

Graph records are frozen slotted dataclasses, not pydantic models: ingest builds millions of them
and needs no per-field validation there (ids are validated by graph_schema when records are made).
What a question retrieves and what `ask` answers live in `kgrag.records.answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from graph_schema import NodeKind

EvidenceValue = str | tuple[str, ...]
NameMatchType = Literal["exact", "normalized", "prefix", "fulltext"]


def evidence_data(evidence: Mapping[str, EvidenceValue]) -> dict[str, str | list[str]]:
    """Evidence as plain JSON data (tuples become lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in evidence.items()}


@dataclass(frozen=True, slots=True)
class Concept:
    """A node: one concept from one or more sources, keyed by its CURIE."""

    id: str
    name: str
    kind: NodeKind = NodeKind.CONCEPT
    synonyms: tuple[str, ...] = ()
    semantic_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    definition: str = ""
    obsolete: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        for key in ("synonyms", "semantic_types", "sources"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed edge `(subject)-[predicate]->(object)` as asserted by one source.

    `negated` marks a curated negative statement (HPO qualifier NOT): the source says the
    relation does *not* hold. `evidence` holds source-specific qualifiers (evidence code,
    frequency, references); list values are merged when the same edge is loaded again.
    """

    subject: str
    predicate: str
    object: str
    source: str
    source_release: str = ""
    source_relation: str = ""
    negated: bool = False
    evidence: Mapping[str, EvidenceValue] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str, bool]:
        return (self.subject, self.predicate, self.object, self.source, self.negated)

    def other(self, node_id: str) -> str:
        return self.object if self.subject == node_id else self.subject

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "predicate": self.predicate, "object": self.object,
            "source": self.source, "source_release": self.source_release,
            "source_relation": self.source_relation, "negated": self.negated,
            "evidence": evidence_data(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Release:
    """One loaded source file: what it was, which version, its checksum and what it added."""

    source: str
    version: str
    file: str
    checksum: str
    loaded_at: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"] = dict(self.counts)
        return data


@dataclass(frozen=True, slots=True)
class NameMatch:
    concept: Concept
    matched: str
    match_type: NameMatchType
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept.to_dict(), "matched": self.matched,
                "match_type": self.match_type, "score": self.score}


@dataclass(frozen=True, slots=True)
class Subgraph:
    """Concepts and relations around a set of seed ids. Relations may end at ids with no node."""

    seeds: tuple[str, ...]
    concepts: Mapping[str, Concept]
    relations: tuple[Relation, ...]
    truncated: bool = False  # a degree cap or the overall limit dropped edges

    def to_dict(self) -> dict[str, Any]:
        return {
            "seeds": list(self.seeds),
            "concepts": [c.to_dict() for c in self.concepts.values()],
            "relations": [r.to_dict() for r in self.relations],
            "truncated": self.truncated,
        }


@dataclass(frozen=True, slots=True)
class GraphPath:
    """A path `nodes[0] - relations[0] - nodes[1] ...`; relations may point either way."""

    nodes: tuple[str, ...]
    relations: tuple[Relation, ...]

    @property
    def hops(self) -> int:
        return len(self.relations)

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": list(self.nodes), "relations": [r.to_dict() for r in self.relations]}


@dataclass(frozen=True, slots=True)
class GraphStats:
    nodes: int
    edges: int
    by_kind: Mapping[str, int]
    by_predicate: Mapping[str, int]
    releases: tuple[Release, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "by_kind": dict(self.by_kind),
            "by_predicate": dict(self.by_predicate),
            "releases": [r.to_dict() for r in self.releases],
        }


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of one document, the unit that is embedded, searched and cited.

    `start`/`end` are character offsets into the document's text (title excluded; sections joined by
    one space, as `ingest.literature.Document.text`), so `[P1]` can point at the exact words.
    """

    passage_id: int
    doc_id: str
    ordinal: int  # position within its document
    section: str  # the section the span starts in (BACKGROUND, METHODS, abstract, body, ...)
    start: int
    end: int
    text: str
    title: str = ""
    journal: str = ""
    year: str = ""
    source: str = ""
    concepts: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        return f"{self.doc_id}#{self.start}-{self.end}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["concepts"] = list(self.concepts)
        data["citation"] = self.citation
        return data


SearchMode = Literal["bm25", "dense", "hybrid"]


@dataclass(frozen=True, slots=True)
class PassageHit:
    """One search result: the passage, its fused or single-retriever score, and its rank in each retriever."""

    passage: Passage
    score: float
    ranks: Mapping[str, int] = field(default_factory=dict)  # {"bm25": 3, "dense": 1}; 1-based
    # Cosine similarity of query and passage when the dense retriever found it: unlike fused RRF scores it is
    # comparable across queries, so the planner can use it as a relevance threshold.
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "ranks": dict(self.ranks), "similarity": self.similarity,
                "passage": self.passage.to_dict()}
