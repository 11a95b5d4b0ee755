"""Claim verification: re-extract an answer's claims as triples and check each against the graph.

Extraction is deterministic by default. Each sentence is linked (dictionary + dense fallback), then a cue lexicon maps
the words between two mentions to a canonical predicate ("is a feature of" -> has_phenotype, reversed;
"is used to treat" -> treats; "is contraindicated in" -> contraindicated_for). The subject is the nearest
mention before the cue and the objects are the mentions after it up to the next cue, so "Features of Marfan
syndrome include ectopia lentis and arachnodactyly" gives two claims. Negation comes from the cue ("does not
cause") or from the linker's NegEx flags; "may", "might" and "possibly" mark a claim uncertain. With
`KGRAG_CLAIM_EXTRACTION=llm`, claims the answering model lists as JSON (`kgrag.llm_claims`, validated and
re-linked by kgrag) join them.

Verdicts use graph_schema's predicate metadata and `same_as` clusters (`relations_between`):
- supported: an edge of the claim's predicate family in the claim's direction (either way for symmetric
  predicates), or one to a more specific concept (an edge to "Ectopia lentis" supports a claim about
  "Abnormality of the lens", its is_a ancestor);
- contradicted: an edge whose predicate contradicts the claim's (treats vs contraindicated_for), a curated
  negative edge (HPO NOT) for a positive claim, or a positive edge for a negated claim;
- not_in_kg: both ends linked, no such edge; the shortest path of up to 2 hops is given as related evidence;
- unlinked: a cue was found but one side names no concept in the graph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from graph_schema import NodeKind, get_predicate
from kgrag.answer import VERDICTS, Claim, ClaimEnd, Evidence, KGFact, Verdict
from kgrag.citing import cited_ids
from kgrag.graph.base import GraphStore
from kgrag.limits import Deadline
from kgrag.link import LinkedMention, Linker
from kgrag.llm_claims import LLMClaimExtractor
from kgrag.models import Relation

MAX_CLAIMS = 50  # an answer with more is checked up to here and says so
MAX_ANCESTOR_DEPTH = 12
MAX_READINGS = 3  # concept ids tried per mention
# A sentence ends at . ! ? or a line break followed by space and a capital, digit or bracket: "16p13.11" and
# "e.g. lens" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"])|\n+")
_UNCERTAIN = re.compile(r"\b(may|might|possibly|perhaps|could)\b", re.I)

_BE = r"(?:is|are|be|was|were)(?:\s+not)?"  # "may be associated with", "is not a feature of"
# (pattern over the words between two mentions, predicate, reversed: the object is written first)
_CUE_TEMPLATES: tuple[tuple[str, str, bool], ...] = (
    (r"{be} (?:a |an )?(?:common |typical |characteristic |key |clinical )?(?:feature|sign|symptom|"
     r"manifestation|finding)s? (?:of|in)", "has_phenotype", True),
    (r"{be} (?:seen|found|present|observed|common) in", "has_phenotype", True),
    (r"{be} characteri[sz]ed by|(?:presents?|presenting) with|(?:features|symptoms|signs|manifestations) "
     r"(?:include|are)|includes?|(?:has|have|shows?|causes?) (?:features such as )?", "has_phenotype", False),
    (r"{be} (?:used|given|indicated|prescribed) (?:to treat|for|in)|treats?|{be} (?:a )?"
     r"(?:treatment|therapy) (?:for|of)|relieves?", "treats", False),
    (r"{be} treated with", "treats", True),
    (r"{be} contraindicated (?:in|for|with)|should not be (?:given|used) (?:to|in|with|for)",
     "contraindicated_for", False),
    (r"(?:can |may )?cause (?:the )?(?:adverse|side) effects?|{be} (?:an )?adverse effects? of",
     "causes_adverse_effect", False),
    (r"{be} (?:inherited|transmitted) (?:in )?(?:an? )?", "has_mode_of_inheritance", False),
    (r"{be} (?:strongly |often )?(?:associated|linked|related) (?:with|to)|(?:mutations|variants) in",
     "associated_with", False),
    (r"{be} (?:a |an )?(?:type|kind|form|subtype) of|{be} an?", "is_a", False),
    (r"interacts? with", "interacts_with", False),
    (r"{be} caused by", "causes", True),
    (r"(?:can |may )?(?:causes?|leads? to|results? in)", "causes", False),
)
_CUES = tuple((pattern.replace("{be}", _BE), predicate, reverse) for pattern, predicate, reverse in _CUE_TEMPLATES)
# "It", "This condition", "the disease": resolved to the antecedent (the previous sentence's subject).
_ANAPHOR = re.compile(r"(?:^|\s)(?:it|(?:this|that|the|these) (?:condition|disease|disorder|syndrome|illness)s?)$",
                      re.I)
_NEGATION = re.compile(r"\b(not|no|never|n't|neither|nor)\b", re.I)


@dataclass(frozen=True, slots=True)
class Verification:
    claims: tuple[Claim, ...]
    groundedness: float | None  # supported / (claims with a verdict other than unlinked); None without any
    notes: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [c.to_dict() for c in self.claims], "groundedness": self.groundedness,
                "counts": dict(self.counts), "notes": list(self.notes)}


@dataclass(frozen=True, slots=True)
class _Triple:
    subject: LinkedMention | str
    predicate: str
    object: LinkedMention | str
    negated: bool
    uncertain: bool
    extractor: Literal["rules", "llm"] = "rules"

    @property
    def key(self) -> tuple[str, str, str, bool]:
        def side(value: LinkedMention | str) -> str:
            return value if isinstance(value, str) else value.concept_ids[0]
        return side(self.subject), self.predicate, side(self.object), self.negated


class Verifier:
    def __init__(self, store: GraphStore, linker: Linker | None, extractor: LLMClaimExtractor | None = None) -> None:
        """`extractor`: an LLM claim extractor whose validated claims join the rule-based ones."""
        self.store = store
        self.linker = linker
        self.extractor = extractor
        self._ancestors = lru_cache(maxsize=50_000)(self._parents)

    def verify(self, text: str, evidence: Mapping[str, Evidence] | None = None,
               context: Sequence[LinkedMention] = (), deadline: Deadline | None = None) -> Verification:
        """Every claim of `text` with its verdict. `evidence` (id -> offered evidence) enables the citation check;
        `context` (the question's mentions) is what an opening "It ..." or "This condition ..." refers to.
        Past `deadline` the remaining sentences are left unchecked, and a note says how many."""
        claims: list[Claim] = []
        notes: list[str] = []
        found = sentences(text)
        proposed: dict[int, list[_Triple]] = {}
        if self.extractor is not None and found:
            llm_claims, llm_notes = self.extractor.extract([sentence for _, sentence in found])
            notes += llm_notes
            for item in llm_claims:
                uncertain = bool(_UNCERTAIN.search(found[item.sentence][1]))
                proposed.setdefault(item.sentence, []).append(
                    _Triple(item.subject, item.predicate, item.object, item.negated, uncertain, "llm"))
        antecedent = context[0] if context else None
        disease = self._latest_disease(context, None)
        for number, (start, sentence) in enumerate(found):
            if deadline is not None and deadline.expired():
                notes.append(f"claim checking stopped at {deadline.setting}={deadline.seconds:g} s: "
                             f"{len(found) - number} of {len(found)} sentences were not checked")
                break
            markers = tuple(cited_ids(sentence))
            mentions = self.linker.link(sentence) if self.linker is not None else []
            triples = extract(sentence, mentions, antecedent, disease)
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

    def _judge(self, sentence: str, start: int, triple: _Triple, markers: tuple[str, ...]) -> Claim:
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

    def _decisive_reading(self, subject_ids: list[str], triple: _Triple, object_ids: list[str]
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


def sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) for each non-empty sentence of `text`."""
    found: list[tuple[int, str]] = []
    begin = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary is not None else len(text)
        piece = text[begin:end]
        if piece.strip():
            found.append((begin + len(piece) - len(piece.lstrip()), piece.strip()))
        if boundary is not None:
            begin = boundary.end()
    return found


def _same_family(edge: Relation, predicate: str, subjects: set[str]) -> bool:
    meta, claimed = get_predicate(edge.predicate), get_predicate(predicate)
    if meta.family != claimed.family or not meta.clinical:
        return False
    return meta.symmetric or edge.subject in subjects


def extract(sentence: str, mentions: Sequence[LinkedMention], antecedent: LinkedMention | None = None,
            disease: LinkedMention | None = None) -> list[_Triple]:
    """Triples of one sentence from its linked mentions and the cue lexicon. `antecedent` is what "it" refers to
    (the previous sentence's subject, or the question's concept for an answer); `disease` is what "this
    condition" or "the disease" refers to (the latest disease mentioned)."""
    cues = _find_cues(sentence)
    triples: list[_Triple] = []
    uncertain_sentence = bool(_UNCERTAIN.search(sentence))
    for index, (start, end, predicate, reverse, negated) in enumerate(cues):
        before = [m for m in mentions if m.end <= start]
        limit = cues[index + 1][0] if index + 1 < len(cues) else len(sentence)
        after = [m for m in mentions if m.start >= end and m.end <= limit]
        left: LinkedMention | str = before[-1] if before else _words_before(sentence, start)
        rights: list[LinkedMention | str] = list(after) or [_words_after(sentence, end, limit)]
        anaphor = _ANAPHOR.search(left) if isinstance(left, str) else None
        referent = (antecedent if anaphor.group().strip().lower() == "it" else disease) if anaphor else None
        if anaphor is not None and referent is not None:  # the words stay; the concept is the referent's
            left = replace(referent, text=anaphor.group().strip(), negated=False, uncertain=False)
        for right in rights:
            if not left or not right:
                continue
            subject, obj = (right, left) if reverse else (left, right)
            flags = [m for m in (subject, obj) if isinstance(m, LinkedMention)]
            triples.append(_Triple(subject, predicate, obj, negated or any(m.negated for m in flags),
                                   uncertain_sentence or any(m.uncertain for m in flags)))
    return triples


def _find_cues(sentence: str) -> list[tuple[int, int, str, bool, bool]]:
    """(start, end, predicate, reversed, negated) of each cue, left to right, without overlaps."""
    found: list[tuple[int, int, str, bool, bool]] = []
    taken: list[tuple[int, int]] = []
    for pattern, predicate, reverse in _CUES:
        negatable = rf"\b(?:(?:does|do|did|is|are|was|were|can|should)\s+(?:not|n't)\s+)?(?:{pattern})\b"
        for match in re.finditer(negatable, sentence, re.I):
            if any(match.start() < b and a < match.end() for a, b in taken):
                continue
            taken.append(match.span())
            negated = bool(_NEGATION.search(match.group()))
            found.append((match.start(), match.end(), predicate, reverse, negated))
    return sorted(found)


def _words_before(sentence: str, start: int) -> str:
    words = re.findall(r"[\w-]+", sentence[:start])
    return " ".join(words[-3:])


def _words_after(sentence: str, end: int, limit: int) -> str:
    words = re.findall(r"[\w-]+", sentence[end:limit])
    return " ".join(words[:4])


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
