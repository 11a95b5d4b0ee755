"""The typed records every layer shares, below everything that produces them: one import surface,
`from kgrag.records import Concept, Answer, LinkedMention`.

- `graph`: what the graph holds and its stores return (Concept, Relation, Release, Subgraph, GraphStats, ...)
  and literature passages (Passage, PassageHit);
- `mentions`: a span of text linked to concepts (LinkedMention);
- `answers`: what a question retrieves and what `ask` answers (Retrieval, Answer, Claim, Citation, ...);
- `diagnosis`: a differential and its evidence (Differential, Candidate, Finding, ...);
- `checks`: integrity check results (`kgrag graph check`, `kgrag index check`).

Every record is a frozen slotted dataclass: ingest builds millions of graph records, and a dataclass costs
nothing per field where pydantic would validate each one. Each serializes itself with `to_dict()` (JSON data).
"""

from __future__ import annotations

from kgrag.records.answers import (  # noqa: F401
    EVIDENCE_MARKER,
    VERDICTS,
    Answer,
    Citation,
    CitationMethod,
    Claim,
    ClaimEnd,
    Evidence,
    GraphAnswer,
    GraphAnswerItem,
    GraphAnswerKind,
    KGFact,
    LinkedConcept,
    ParsedQuestion,
    PassageEvidence,
    Plan,
    QuestionForm,
    Retrieval,
    Stage,
    StageCallback,
    Verdict,
    cited_ids,
    edge_text,
    evidence_by_id,
)
from kgrag.records.checks import (  # noqa: F401
    CheckResult,
    Found,
)
from kgrag.records.diagnosis import (  # noqa: F401
    AbsentMatch,
    Candidate,
    Differential,
    Finding,
    Resolution,
    TermMatch,
)
from kgrag.records.graph import (  # noqa: F401
    Concept,
    EvidenceValue,
    GraphPath,
    GraphStats,
    NameMatch,
    NameMatchType,
    Passage,
    PassageHit,
    Relation,
    Release,
    SearchMode,
    Subgraph,
    evidence_data,
)
from kgrag.records.mentions import (  # noqa: F401
    LinkedMention,
    MentionMethod,
)

__all__ = [
    "AbsentMatch", "Answer", "Candidate", "CheckResult", "Citation", "CitationMethod", "Claim", "ClaimEnd",
    "Concept", "Differential", "EVIDENCE_MARKER", "Evidence", "EvidenceValue", "Finding", "Found", "GraphAnswer",
    "GraphAnswerItem", "GraphAnswerKind", "GraphPath", "GraphStats", "KGFact", "LinkedConcept", "LinkedMention",
    "MentionMethod", "NameMatch", "NameMatchType", "ParsedQuestion", "Passage", "PassageEvidence", "PassageHit",
    "Plan", "QuestionForm", "Relation", "Release", "Resolution", "Retrieval", "SearchMode", "Stage",
    "StageCallback", "Subgraph", "TermMatch", "VERDICTS", "Verdict", "cited_ids", "edge_text", "evidence_by_id",
    "evidence_data",
]
