"""Verdicts: each claim of a text checked against the graph.

Verdicts use graph_schema's predicate metadata and `same_as` clusters (`relations_between`):
- supported: an edge of the claim's predicate family in the claim's direction (either way for symmetric
  predicates), or one to a more specific concept (an edge to "Ectopia lentis" supports a claim about
  "Abnormality of the lens", its is_a ancestor);
- contradicted: an edge whose predicate contradicts the claim's (treats vs contraindicated_for), a curated
  negative edge (HPO NOT) for a positive claim, or a positive edge for a negated claim;
- not_in_kg: both ends linked, no such edge; the shortest path of up to 2 hops is given as related evidence;
- unlinked: a cue was found but one side names no concept in the graph.

Sentences come from `kgrag.claims.sentences`, triples from the configured extractor (the cue lexicon of
`kgrag.claims.cue_lexicon` by default), and, with `KGRAG_CLAIM_EXTRACTION=llm`, from the answering model's JSON
claim list (`kgrag.claims.llm`, validated and re-linked by kgrag).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from graph_schema import NodeKind, get_predicate
from kgrag.answer import VERDICTS, Claim, ClaimEnd, Evidence, KGFact, Verdict
from kgrag.citing import cited_ids
from kgrag.claims import cue_lexicon
from kgrag.claims.cue_lexicon import UNCERTAIN
from kgrag.claims.llm import LLMClaimExtractor
from kgrag.claims.sentences import sentences
from kgrag.claims.triples import Triple
from kgrag.graph.base import GraphStore
from kgrag.limits import Deadline
from kgrag.link import LinkedMention, Linker
from kgrag.models import Relation

MAX_CLAIMS = 50  # an answer with more is checked up to here and says so
MAX_ANCESTOR_DEPTH = 12
MAX_READINGS = 3  # concept ids tried per mention
SentenceExtractor = Callable[[str, Sequence[LinkedMention], "LinkedMention | None", "LinkedMention | None"],
                             list[Triple]]
"""(sentence, its mentions, what "it" refers to, what "this disease" refers to) -> the sentence's triples."""


@dataclass(frozen=True, slots=True)
class Verification:
    claims: tuple[Claim, ...]
    groundedness: float | None  # supported / (claims with a verdict other than unlinked); None without any
    notes: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [c.to_dict() for c in self.claims], "groundedness": self.groundedness,
                "counts": dict(self.counts), "notes": list(self.notes)}



class Verifier:
    def __init__(self, store: GraphStore, linker: Linker | None, extractor: LLMClaimExtractor | None = None,
                 extract: SentenceExtractor = cue_lexicon.extract) -> None:
        """`extract` reads one sentence's linked mentions into triples; `extractor`: an LLM claim extractor whose
        validated claims join the rule-based ones."""
        self.store = store
        self.linker = linker
        self.extractor = extractor
        self.extract = extract
        self._ancestors = lru_cache(maxsize=50_000)(self._parents)

    def verify(self, text: str, evidence: Mapping[str, Evidence] | None = None,
               context: Sequence[LinkedMention] = (), deadline: Deadline | None = None) -> Verification:
        """Every claim of `text` with its verdict. `evidence` (id -> offered evidence) enables the citation check;
        `context` (the question's mentions) is what an opening "It ..." or "This condition ..." refers to.
        Past `deadline` the remaining sentences are left unchecked, and a note says how many."""
        claims: list[Claim] = []
        notes: list[str] = []
        found = sentences(text)
        proposed: dict[int, list[Triple]] = {}
        if self.extractor is not None and found:
            llm_claims, llm_notes = self.extractor.extract([sentence for _, sentence in found])
            notes += llm_notes
            for item in llm_claims:
                uncertain = bool(UNCERTAIN.search(found[item.sentence][1]))
                proposed.setdefault(item.sentence, []).append(
                    Triple(item.subject, item.predicate, item.object, item.negated, uncertain, "llm"))
        antecedent = context[0] if context else None
        disease = self._latest_disease(context, None)
        for number, (start, sentence) in enumerate(found):
            if deadline is not None and deadline.expired():
                notes.append(f"claim checking stopped at {deadline.setting}={deadline.seconds:g} s: "
                             f"{len(found) - number} of {len(found)} sentences were not checked")
                break
            markers = tuple(cited_ids(sentence))
            mentions = self.linker.link(sentence) if self.linker is not None else []
            triples = self.extract(sentence, mentions, antecedent, disease)
            subjects = [t.subject for t in triples if isinstance(t.subject, LinkedMention)]
            antecedent = subjects[0] if subjects else (mentions[0] if mentions else antecedent)
            disease = self._latest_disease(mentions, disease)
            known = {t.key for t in triples}
            triples += [t for t in proposed.get(number, []) if t.key not in known]  # rules first, then the model's
            capped = len(claims) + len(triples) > MAX_CLAIMS
            for triple in triples[:MAX_CLAIMS - len(claims)]:
                claim = self._judge(sentence, start, triple, markers)
                claims.append(_check_citations(claim, mentions, evidence) if evidence is not None else claim)
            if capped or (len(claims) == MAX_CLAIMS and number + 1 < len(found)):
                notes.append(f"only the first {MAX_CLAIMS} claims were checked")
                break
        counts: dict[str, int] = {verdict: sum(c.verdict == verdict for c in claims) for verdict in VERDICTS}
        judged = len(claims) - counts["unlinked"]
        groundedness = round(counts["supported"] / judged, 4) if judged else None
        if not claims:
            notes.append("no checkable claim: no sentence links two concepts with a recognized relation")
        return Verification(tuple(claims), groundedness, tuple(notes), counts)

    def _latest_disease(self, mentions: Sequence[LinkedMention], current: LinkedMention | None
                        ) -> LinkedMention | None:
        """The last mention whose preferred concept is a disease ("this condition" never means a gene)."""
        concepts = self.store.get_many(m.concept_ids[0] for m in mentions)
        diseases = [m for m in mentions if m.concept_ids[0] in concepts
                    and concepts[m.concept_ids[0]].kind == NodeKind.DISEASE]
        return diseases[-1] if diseases else current

    # -- verdicts ------------------------------------------------------------------------------------------------

    def _judge(self, sentence: str, start: int, triple: Triple, markers: tuple[str, ...]) -> Claim:
        subject_ids = self._readings(triple.subject, triple.predicate, "subject")
        object_ids = self._readings(triple.object, triple.predicate, "object")

        def claim(subject: ClaimEnd, obj: ClaimEnd, verdict: Verdict, evidence: Sequence[Relation],
                  reason: str) -> Claim:
            ends = {node for edge in evidence for node in (edge.subject, edge.object)}
            names = {cid: concept.name for cid, concept in self.store.get_many(ends).items()} if ends else {}
            return Claim(sentence, start, start + len(sentence), subject, triple.predicate, obj, triple.negated,
                         triple.uncertain, verdict, tuple(evidence), reason, citations=markers,
                         extractor=triple.extractor, names=names)

        if not subject_ids or not object_ids:
            subject, obj = self._end(triple.subject, subject_ids), self._end(triple.object, object_ids)
            missing = subject.text if not subject_ids else obj.text
            return claim(subject, obj, "unlinked", (), f"{missing!r} names no concept in the graph")
        subject_id, object_id, (verdict, edges, reason) = self._decisive_reading(subject_ids, triple, object_ids)
        return claim(self._end(triple.subject, [subject_id]), self._end(triple.object, [object_id]), verdict, edges,
                     reason)

    def _decisive_reading(self, subject_ids: list[str], triple: Triple, object_ids: list[str]
                          ) -> tuple[str, str, tuple[Verdict, list[Relation], str]]:
        """A mention may have several readings ("Ectopia lentis" the phenotype and the OMIM disease): the first
        pair the graph decides (supported or contradicted) wins; without one, the best-fitting pair's verdict."""
        fallback = None
        for subject_id in subject_ids:
            for object_id in object_ids:
                result = self._verdict(subject_id, triple.predicate, object_id, triple.negated)
                if result[0] in ("supported", "contradicted"):
                    return subject_id, object_id, result
                fallback = fallback or (subject_id, object_id, result)
        assert fallback is not None  # both id lists are non-empty
        return fallback

    def _readings(self, side: LinkedMention | str, predicate: str, role: str) -> list[str]:
        """The mention's concept ids that fit the predicate's kinds for this role (all of them if none fits)."""
        if isinstance(side, str):
            return []
        ids = list(side.concept_ids[:MAX_READINGS])
        meta = get_predicate(predicate)
        wanted = meta.subject_kinds if role == "subject" else meta.object_kinds
        if not wanted:
            return ids
        concepts = self.store.get_many(ids)
        fitting = [cid for cid in ids if cid in concepts and concepts[cid].kind in wanted]
        return fitting or ids

    def _verdict(self, subject: str, predicate: str, obj: str, negated: bool
                 ) -> tuple[Verdict, list[Relation], str]:
        claimed = get_predicate(predicate)
        subjects = self.store.equivalents(subject)
        edges = self.store.relations_between(subject, obj)
        same = [e for e in edges if _same_family(e, claimed.name, subjects)]
        refuting = [e for e in edges if e.predicate in claimed.contradicts and not e.negated
                    and (e.subject in subjects or get_predicate(e.predicate).symmetric)]
        positive = [e for e in same if not e.negated]
        negative = [e for e in same if e.negated]
        if negated:
            if positive:
                return "contradicted", positive, "the graph states the relation the claim denies"
            if negative:
                return "supported", negative, "the graph records the relation as absent"
            return "not_in_kg", self._related(subject, obj), "the graph does not record this relation"
        if positive:
            return "supported", positive, "an edge states it"
        if refuting:
            return "contradicted", refuting, f"the graph says {get_predicate(refuting[0].predicate).label}"
        if negative:
            return "contradicted", negative, "the graph records the relation as absent"
        general = self._generalized(subjects, claimed.name, obj)
        if general:
            return "supported", general, "an edge to a more specific concept states it"
        return "not_in_kg", self._related(subject, obj), "both concepts are in the graph, but no such edge"

    def _generalized(self, subjects: set[str], predicate: str, obj: str) -> list[Relation]:
        """Edges from the subject to a concept whose is_a ancestors include the claim's object."""
        if get_predicate(predicate).family != "phenotype":
            return []
        targets = self.store.equivalents(obj)
        found = self.store.neighbors(sorted(subjects), hops=1, predicates=[predicate], limit=2000)
        for edge in found.relations:
            if edge.negated or edge.subject not in subjects:
                continue
            if targets & self._ancestor_set(edge.object):
                return [edge]
        return []

    def _ancestor_set(self, node: str) -> frozenset[str]:
        seen: set[str] = set()
        frontier = [node]
        for _ in range(MAX_ANCESTOR_DEPTH):
            frontier = [p for n in frontier for p in self._ancestors(n) if p not in seen]
            if not frontier:
                break
            seen.update(frontier)
        return frozenset(seen)

    def _parents(self, node: str) -> tuple[str, ...]:
        edges = self.store.neighbors([node], hops=1, predicates=["is_a"], limit=500).relations
        return tuple(e.object for e in edges if e.subject == node)

    def _related(self, a: str, b: str) -> list[Relation]:
        paths = self.store.paths(a, b, max_hops=2, limit=1)
        return list(paths[0].relations) if paths else []

    def _end(self, side: LinkedMention | str, ids: Sequence[str]) -> ClaimEnd:
        if isinstance(side, str) or not ids:
            return ClaimEnd(side if isinstance(side, str) else side.text, None)
        concept = self.store.get(ids[0])
        return ClaimEnd(side.text, ids[0], concept.name if concept else "")




def _same_family(edge: Relation, predicate: str, subjects: set[str]) -> bool:
    meta, claimed = get_predicate(edge.predicate), get_predicate(predicate)
    if meta.family != claimed.family or not meta.clinical:
        return False
    return meta.symmetric or edge.subject in subjects




def _check_citations(claim: Claim, mentions: Sequence[LinkedMention], evidence: Mapping[str, Evidence]) -> Claim:
    """Each marker in the claim's sentence must exist and its evidence must be about the sentence's concepts."""
    problems: list[str] = []
    concepts = {cid for m in mentions for cid in m.concept_ids}
    if not claim.citations:
        problems.append("uncited: the sentence makes a claim without citing evidence")
    for marker in claim.citations:
        item = evidence.get(marker)
        if item is None:
            problems.append(f"[{marker}] cites evidence that was never offered")
            continue
        about = ({item.relation.subject, item.relation.object} if isinstance(item, KGFact)
                 else set(item.passage.concepts))
        if concepts and not about & concepts:
            problems.append(f"[{marker}] is not about this sentence's concepts")
    return replace(claim, citation_problems=tuple(problems))
