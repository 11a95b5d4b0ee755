"""Typed results of `retrieve` and `ask`: evidence with its numbered ids, the plan, citations and the Answer.

Every record has `to_dict()`, which is exactly what `kgrag ask --json` prints, so scripts and the app read
the same shape the API returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from graph_schema import get_predicate
from kgrag.records.diagnosis import Differential
from kgrag.records.graph import Passage, Relation, Release, Subgraph
from kgrag.records.mentions import MentionMethod
from kgrag.records.serialize import Record, serialize

CitationMethod = Literal["model", "attributed"]
Verdict = Literal["supported", "contradicted", "not_in_kg", "unlinked"]
VERDICTS: tuple[Verdict, ...] = ("supported", "contradicted", "not_in_kg", "unlinked")


Stage = Literal["loading", "linking", "retrieving", "generating", "verifying", "revising"]
"""What `ask` is doing, in order, as reported to an `on_stage` callback (the app shows it while it works)."""
StageCallback = Callable[[Stage], None]


def edge_text(relation: Relation, subject_name: str, object_name: str) -> str:
    """An edge in words: "Marfan syndrome has phenotype Ectopia lentis" (negated: "does not have phenotype")."""
    label = get_predicate(relation.predicate).label
    return f"{subject_name} {_negate(label) if relation.negated else label} {object_name}"


QuestionForm = Literal["multiple_choice", "yes_no", "open"]
"""What kind of question was asked (`kgrag.answering.question` detects it)."""


@dataclass(frozen=True, slots=True)
class ParsedQuestion(Record):
    """A question as `ask` reads it: the stem, its form, and for multiple choice its options."""

    text: str  # the stem: the question without inline options
    form: QuestionForm
    options: Mapping[str, str] = field(default_factory=dict)  # letter -> option text, in order


@dataclass(frozen=True, slots=True)
class LinkedConcept(Record):
    """A concept the question (or one of its options) mentions."""

    id: str
    name: str
    kind: str
    mention: str
    start: int
    end: int
    score: float
    where: str = "question"  # "question" or "option A", "option B", ...
    negated: bool = False
    uncertain: bool = False
    method: MentionMethod = "dictionary"


@dataclass(frozen=True, slots=True)
class KGFact(Record):
    """One graph edge offered to the model as `[K#]`, verbalized with the names of its ends."""

    json_hidden: ClassVar[frozenset[str]] = frozenset({"subject_name", "object_name"})  # inside `text`
    json_constant: ClassVar[Mapping[str, str]] = {"kind": "kg"}
    json_computed: ClassVar[tuple[str, ...]] = ("text", "source")

    id: str
    relation: Relation
    subject_name: str
    object_name: str
    score: float

    @property
    def text(self) -> str:
        return edge_text(self.relation, self.subject_name, self.object_name)

    @property
    def source(self) -> str:
        release = f" {self.relation.source_release}" if self.relation.source_release else ""
        return f"{self.relation.source}{release}"


@dataclass(frozen=True, slots=True)
class PassageEvidence(Record):
    """One passage offered to the model as `[P#]`."""

    json_constant: ClassVar[Mapping[str, str]] = {"kind": "passage"}
    json_computed: ClassVar[tuple[str, ...]] = ("text", "source")

    id: str
    passage: Passage
    score: float
    similarity: float | None = None

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def source(self) -> str:
        return self.passage.citation


Evidence = KGFact | PassageEvidence


EVIDENCE_MARKER = re.compile(r"\[\s*([KP]\d+(?:\s*[,;]\s*[KP]\d+)*)\s*\]", re.IGNORECASE)
"""How a text cites evidence: `[K1]`, `[P2]`, and lists such as `[K1, P2]` or `[K1; K3]`."""


def cited_ids(text: str) -> list[str]:
    """Evidence ids in the order the answer first cites them."""
    seen: dict[str, None] = {}
    for match in EVIDENCE_MARKER.finditer(text):
        for part in re.split(r"[,;]", match.group(1)):
            seen.setdefault(part.strip().upper(), None)
    return list(seen)


def evidence_by_id(facts: Sequence[KGFact], passages: Sequence[PassageEvidence]) -> dict[str, Evidence]:
    """`K1`, `P1`, ... -> the evidence they name, as offered to the model."""
    found: dict[str, Evidence] = {fact.id: fact for fact in facts}
    found.update({passage.id: passage for passage in passages})
    return found


def _negate(label: str) -> str:
    """ "has phenotype" -> "does not have phenotype", "is a" -> "is not a" (HPO NOT annotations)."""
    first, _, rest = label.partition(" ")
    if first == "has":
        return f"does not have {rest}"
    if first == "is":
        return f"is not {rest}"
    return f"does not {label}"


@dataclass(frozen=True, slots=True)
class ClaimEnd(Record):
    json_renamed: ClassVar[Mapping[str, str]] = {"concept_id": "id"}

    text: str
    concept_id: str | None  # None: the words name no concept in the graph
    name: str = ""


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """One (subject, predicate, object) statement of an answer, with its verdict and the edges behind it.

    `names` maps every concept id in `evidence` to its name, so the evidence reads as words with ids
    (`evidence_text`) wherever it is shown: the app, the CLI and JSON alike."""

    json_hidden: ClassVar[frozenset[str]] = frozenset({"names"})  # rendered into each evidence edge

    sentence: str
    start: int  # the sentence's span in the checked text
    end: int
    subject: ClaimEnd
    predicate: str
    object: ClaimEnd
    negated: bool
    uncertain: bool
    verdict: Verdict
    evidence: tuple[Relation, ...] = ()  # edges that decide the verdict (or, for not_in_kg, a related path)
    reason: str = ""
    citations: tuple[str, ...] = ()  # markers in the claim's sentence
    citation_problems: tuple[str, ...] = ()
    extractor: Literal["rules", "llm"] = "rules"
    names: Mapping[str, str] = field(default_factory=dict)
    rule: str = ""  # the verdict rule that decided it (kgrag.claims.verdicts.RULES)

    def evidence_text(self, relation: Relation) -> str:
        """"Marfan syndrome (OMIM:154700) has phenotype Ectopia lentis (HP:0001083)"."""
        def end(concept_id: str) -> str:
            name = self.names.get(concept_id)
            return f"{name} ({concept_id})" if name and name != concept_id else concept_id
        return edge_text(relation, end(relation.subject), end(relation.object))

    def to_dict(self) -> dict[str, Any]:
        """Each evidence edge with its ends' names and its text, so JSON readers need no lookup."""
        return serialize(self) | {"evidence": [
            r.to_dict() | {"subject_name": self.names.get(r.subject, ""), "object_name": self.names.get(r.object, ""),
                           "text": self.evidence_text(r)} for r in self.evidence]}


@dataclass(frozen=True, slots=True)
class Plan(Record):
    """Which evidence the prompt uses, and why (shown to the user, so it must read as a reason)."""

    use_kg: bool
    use_passages: bool
    reason: str


GraphAnswerKind = Literal["differential", "features", "genes", "inheritance", "shared_genes", "treatments",
                          "contraindications"]
"""Questions the graph answers by itself (`kgrag.answering.graph_answers`)."""


@dataclass(frozen=True, slots=True)
class GraphAnswerItem(Record):
    """One thing the graph answer lists (a gene, a mode of inheritance, a phenotype, a candidate disease), with
    the `[K#]` facts that say so."""

    id: str
    name: str
    fact_ids: tuple[str, ...]
    detail: str = ""  # e.g. the annotation frequency, or "explains 4 of 4 findings"


@dataclass(frozen=True, slots=True)
class GraphAnswer(Record):
    """What the graph says by itself about a question it can answer, built from its facts without the model:
    deterministic, cited with the same `[K#]` ids the prompt offers, with the sources and releases behind it."""

    kind: GraphAnswerKind
    subject_ids: tuple[str, ...]
    subject_names: tuple[str, ...]
    items: tuple[GraphAnswerItem, ...]
    text: str
    sources: tuple[str, ...]
    total: int  # how many items the graph records (more than `items` when the list was cut)
    choice: str | None = None  # for multiple choice: the option the graph evidence favours, when one does


@dataclass(frozen=True, slots=True)
class Retrieval(Record):
    """Everything retrieved for one question, ranked and numbered, before the model is called."""

    json_renamed: ClassVar[Mapping[str, str]] = {"linked": "linked_concepts"}

    question: ParsedQuestion
    linked: tuple[LinkedConcept, ...]
    plan: Plan
    facts: tuple[KGFact, ...]
    passages: tuple[PassageEvidence, ...]
    subgraph: Subgraph
    timings: Mapping[str, float] = field(default_factory=dict)  # stage -> milliseconds
    graph_answer: GraphAnswer | None = None
    differential: Differential | None = None  # the ranked differential when the question lists findings

    @property
    def evidence(self) -> dict[str, Evidence]:
        return evidence_by_id(self.facts, self.passages)


@dataclass(frozen=True, slots=True)
class Citation(Record):
    """An evidence id the answer relies on, resolved to what it points at.

    `method` is "model" when the model wrote the marker and "attributed" when kgrag attached the evidence to a
    sentence afterwards because the model cited nothing (small models often do not), so readers can tell.
    """

    id: str
    kind: Literal["kg", "passage"]
    text: str
    source: str
    method: CitationMethod = "model"


@dataclass(frozen=True, slots=True)
class Answer(Record):
    json_renamed: ClassVar[Mapping[str, str]] = {"text": "answer"}
    json_hidden: ClassVar[frozenset[str]] = frozenset({"facts", "passages"})  # one "evidence" list, below

    question: str
    text: str
    form: QuestionForm
    choice: str | None  # the option letter or "yes"/"no"/"maybe" when the form has one and it could be parsed
    citations: tuple[Citation, ...]
    linked_concepts: tuple[LinkedConcept, ...]
    plan: Plan
    facts: tuple[KGFact, ...]
    passages: tuple[PassageEvidence, ...]
    subgraph: Subgraph
    model: str
    prompt_version: str
    kg_releases: tuple[Release, ...]
    timings: Mapping[str, float]
    claims: tuple[Claim, ...] = ()  # each claim of the text with its verdict and evidence
    groundedness: float | None = None  # supported / verifiable claims; None when no claim could be checked
    # The model's text when verification replaced it (revised once, or withheld by `abstain`); else None.
    original_text: str | None = None
    notices: tuple[str, ...] = ()  # things the reader must know: no graph evidence, invented citation ids, ...
    unknown_citations: tuple[str, ...] = ()
    graph_answer: GraphAnswer | None = None  # what the graph says by itself, shown before the model's text
    differential: Differential | None = None

    def to_dict(self) -> dict[str, Any]:
        """The graph facts and passages offered to the model as one "evidence" list, in prompt order."""
        return serialize(self) | {"evidence": [e.to_dict() for e in (*self.facts, *self.passages)]}
