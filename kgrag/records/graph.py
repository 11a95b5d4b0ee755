"""Graph records exchanged between ingestors, stores and the CLI (serialized by `kgrag.records.serialize`).

Graph records are frozen slotted dataclasses, not pydantic models: ingest builds millions of them
and needs no per-field validation there (ids are validated by graph_schema when records are made).
What a question retrieves and what `ask` answers live in `kgrag.records.answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from graph_schema import NodeKind
from kgrag.records.serialize import Record, serialize

EvidenceValue = str | tuple[str, ...]
NameMatchType = Literal["exact", "normalized", "prefix", "fulltext"]


def evidence_data(evidence: Mapping[str, EvidenceValue]) -> dict[str, str | list[str]]:
    """Evidence as plain JSON data (tuples become lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in evidence.items()}


@dataclass(frozen=True, slots=True)
class Concept(Record):
    """A node: one concept from one or more sources, keyed by its CURIE."""

    id: str
    name: str
    kind: NodeKind = NodeKind.CONCEPT
    synonyms: tuple[str, ...] = ()
    semantic_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    definition: str = ""
    obsolete: bool = False


@dataclass(frozen=True, slots=True)
class Relation(Record):
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


@dataclass(frozen=True, slots=True)
class Release(Record):
    """One loaded source file: what it was, which version, its checksum and what it added."""

    source: str
    version: str
    file: str
    checksum: str
    loaded_at: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NameMatch(Record):
    concept: Concept
    matched: str
    match_type: NameMatchType
    score: float


@dataclass(frozen=True, slots=True)
class Subgraph(Record):
    """Concepts and relations around a set of seed ids. Relations may end at ids with no node."""

    seeds: tuple[str, ...]
    concepts: Mapping[str, Concept]
    relations: tuple[Relation, ...]
    truncated: bool = False  # a degree cap or the overall limit dropped edges

    def to_dict(self) -> dict[str, Any]:
        return serialize(self) | {"concepts": [c.to_dict() for c in self.concepts.values()]}  # a list, not a map


@dataclass(frozen=True, slots=True)
class GraphPath(Record):
    """A path `nodes[0] - relations[0] - nodes[1] ...`; relations may point either way."""

    nodes: tuple[str, ...]
    relations: tuple[Relation, ...]

    @property
    def hops(self) -> int:
        return len(self.relations)


@dataclass(frozen=True, slots=True)
class GraphStats(Record):
    nodes: int
    edges: int
    by_kind: Mapping[str, int]
    by_predicate: Mapping[str, int]
    releases: tuple[Release, ...]


@dataclass(frozen=True, slots=True)
class Passage(Record):
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

    json_computed: ClassVar[tuple[str, ...]] = ("citation",)

    @property
    def citation(self) -> str:
        return f"{self.doc_id}#{self.start}-{self.end}"


SearchMode = Literal["bm25", "dense", "hybrid"]


@dataclass(frozen=True, slots=True)
class PassageHit(Record):
    """One search result: the passage, its fused or single-retriever score, and its rank in each retriever."""

    passage: Passage
    score: float
    ranks: Mapping[str, int] = field(default_factory=dict)  # {"bm25": 3, "dense": 1}; 1-based
    # Cosine similarity of query and passage when the dense retriever found it: unlike fused RRF scores it is
    # comparable across queries, so the planner can use it as a relevance threshold.
    similarity: float | None = None
