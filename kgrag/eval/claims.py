"""Claim extraction and verdicts scored on a hand-labelled gold set of real sentences (`kgrag eval claims`).

The gold set (benchmarks/claims_gold/, see its README) gives each real sentence its claims as
(subject ids, predicate, object ids, negated) with the verdict a curator reads off the HPO graph, or no claim.
Each checker (the verifier as configured, and a named baseline in the same run) reads every sentence on its
own; its claims are matched one-to-one against the gold claims of that sentence:
- the predicates must agree, where `causes` and `associated_with` between a gene and a disease count as one
  relation (the gold set's verdict rule treats them as one family) and `associated_with` and `interacts_with`
  have no direction;
- negation must agree;
- each end must match: a gold end with ids matches a claim end whose concept is one of them (or a `same_as`
  twin); a gold end the graph lacks (`ids: []`) matches an unlinked claim end sharing at least half of its
  words.
Extraction precision is matched / claimed, recall matched / gold; verdict accuracy is over matched claims, with
a confusion matrix, and per verdict rule (the claim's `rule`) the share of its matched claims whose gold verdict
it gave: each rule's precision. `checkable` repeats precision and recall for the claims verification can act
on: gold claims whose verdict is not `unlinked` (recall), claims kgrag linked at both ends (precision).
The corrupted set (true sentences made false) gives the share of corrupted claims called
`contradicted` per kind of corruption; false contradictions are claims called `contradicted` whose gold verdict
is not, per 200 claimed.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgrag.claims import Verifier, cue_lexicon
from kgrag.errors import InputFileError
from kgrag.eval.stats import percentile
from kgrag.graph.base import GraphReader
from kgrag.records import VERDICTS, Claim, Verdict

if TYPE_CHECKING:
    from kgrag.api import KGRAG

ClaimReader = Callable[[str, str], Sequence[Claim]]
"""Reads one sentence (with the question it answers, for "it" and "this disease") into its claims and verdicts."""
SYMMETRIC = frozenset({"associated_with", "interacts_with"})
GENE_DISEASE = frozenset({"causes", "associated_with"})
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class GoldEnd:
    text: str
    ids: tuple[str, ...]  # empty: the graph has no concept for it


@dataclass(frozen=True, slots=True)
class GoldClaim:
    subject: GoldEnd
    predicate: str
    object: GoldEnd
    negated: bool
    verdict: Verdict
    kind: str = ""  # corrupted set: swapped_gene, swapped_inheritance, swapped_phenotype, negated


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    source: str
    sentence: str
    claims: tuple[GoldClaim, ...]
    skip: str = ""
    context: str = ""  # the question the sentence answers


def _end(data: Any, path: Path, line: int, role: str) -> GoldEnd:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not isinstance(data.get("ids"), list):
        raise InputFileError(path, line, f"{role}: expected {{\"text\": ..., \"ids\": [...]}}")
    return GoldEnd(data["text"], tuple(str(i) for i in data["ids"]))


def load_gold(path: Path) -> list[GoldSentence]:
    """Every sentence of a gold file (JSON Lines); a malformed line is `path:line: reason`."""
    found: list[GoldSentence] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            claims = []
            for item in record["claims"]:
                verdict, negated = item["verdict"], item.get("negated", False)
                if verdict not in VERDICTS:
                    raise InputFileError(path, number, f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
                if not isinstance(negated, bool):
                    raise InputFileError(path, number, f"negated must be true or false, not {negated!r}")
                claims.append(GoldClaim(_end(item["subject"], path, number, "subject"), str(item["predicate"]),
                                        _end(item["object"], path, number, "object"), negated, verdict,
                                        str(item.get("kind", ""))))
            found.append(GoldSentence(str(record["id"]), str(record.get("source", "")), str(record["sentence"]),
                                      tuple(claims), str(record.get("skip", "")), str(record.get("context", ""))))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFileError(path, number, f"not a gold record: {exc}") from None
    if not found:
        raise InputFileError(path, None, "no gold sentences in the file")
    return found


@dataclass
class Score:
    """What one checker got right on the gold set."""

    name: str
    sentences: int = 0
    gold: int = 0
    claimed: int = 0
    matched: int = 0
    verdict_right: int = 0
    false_contradictions: int = 0
    gold_linked: int = 0  # gold claims whose verdict is not unlinked: what verification can check
    claimed_linked: int = 0
    matched_gold_linked: int = 0
    matched_claimed_linked: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_predicate: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_rule: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.claimed if self.claimed else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def verdict_accuracy(self) -> float:
        return self.verdict_right / self.matched if self.matched else 0.0

    def to_dict(self) -> dict[str, Any]:
        per_predicate = {
            predicate: {"gold": c["gold"], "claimed": c["claimed"], "matched_gold": c["matched_gold"],
                        "matched_claimed": c["matched_claimed"], "verdict_right": c["verdict_right"],
                        "precision": _ratio(c["matched_claimed"], c["claimed"]),
                        "recall": _ratio(c["matched_gold"], c["gold"])}
            for predicate, c in sorted(self.by_predicate.items())}
        return {"name": self.name, "sentences": self.sentences, "gold_claims": self.gold, "claimed": self.claimed,
                "matched": self.matched, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "verdict_accuracy": round(self.verdict_accuracy, 4),
                "checkable": {"gold": self.gold_linked, "claimed": self.claimed_linked,
                              "precision": _ratio(self.matched_claimed_linked, self.claimed_linked),
                              "recall": _ratio(self.matched_gold_linked, self.gold_linked)},
                "false_contradictions": self.false_contradictions,
                "false_contradictions_per_200": round(200 * self.false_contradictions / self.claimed, 2)
                if self.claimed else 0.0,
                "confusion": {gold: dict(row) for gold, row in sorted(self.confusion.items())},
                "per_predicate": per_predicate,
                "per_rule": {rule: {"claimed": c["claimed"], "matched": c["matched"], "right": c["right"],
                                    "precision": _ratio(c["right"], c["matched"])}
                             for rule, c in sorted(self.by_rule.items())},
                "latency_ms": {"p50": round(percentile(self.latencies_ms, 0.5), 2),
                               "p95": round(percentile(self.latencies_ms, 0.95), 2)}}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


class ClaimMatcher:
    """Decides whether a claimed triple is a gold one (see the module docstring)."""

    def __init__(self, store: GraphReader) -> None:
        self.store = store
        self._twins: dict[str, frozenset[str]] = {}

    def _equivalents(self, ids: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for concept_id in ids:
            if concept_id not in self._twins:
                self._twins[concept_id] = frozenset(self.store.equivalents(concept_id))
            out |= self._twins[concept_id]
        return out

    def _end_matches(self, gold: GoldEnd, concept_id: str | None, text: str) -> bool:
        if gold.ids:
            return concept_id is not None and concept_id in self._equivalents(gold.ids)
        gold_words = set(_WORD.findall(gold.text.lower()))
        words = set(_WORD.findall(text.lower()))
        return bool(gold_words) and len(gold_words & words) * 2 >= len(gold_words)

    def matches(self, gold: GoldClaim, claim: Claim) -> bool:
        if gold.negated != claim.negated:
            return False
        same = gold.predicate == claim.predicate or {gold.predicate, claim.predicate} <= GENE_DISEASE
        if not same:
            return False
        ends = [(gold.subject, gold.object)]
        if gold.predicate in SYMMETRIC or claim.predicate in SYMMETRIC:
            ends.append((gold.object, gold.subject))
        return any(self._end_matches(s, claim.subject.concept_id, claim.subject.text)
                   and self._end_matches(o, claim.object.concept_id, claim.object.text) for s, o in ends)


def score(name: str, read: ClaimReader, gold: Sequence[GoldSentence], matcher: ClaimMatcher) -> Score:
    """`read` over every gold sentence that is not skipped, matched claim by claim."""
    result = Score(name)
    for item in gold:
        if item.skip:
            continue
        result.sentences += 1
        started = time.perf_counter()
        claims = list(read(item.sentence, item.context))
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.gold += len(item.claims)
        result.claimed += len(claims)
        result.gold_linked += sum(c.verdict != "unlinked" for c in item.claims)
        result.claimed_linked += sum(c.verdict != "unlinked" for c in claims)
        for claim in claims:
            result.by_predicate[claim.predicate]["claimed"] += 1
            result.by_rule[claim.rule or "?"]["claimed"] += 1
        for gold_claim in item.claims:
            result.by_predicate[gold_claim.predicate]["gold"] += 1
        unmatched = list(range(len(claims)))
        for gold_claim in item.claims:
            hit = next((i for i in unmatched if matcher.matches(gold_claim, claims[i])), None)
            if hit is None:
                continue
            unmatched.remove(hit)
            claim = claims[hit]
            result.matched += 1
            result.matched_gold_linked += gold_claim.verdict != "unlinked"
            result.matched_claimed_linked += claim.verdict != "unlinked"
            result.by_predicate[gold_claim.predicate]["matched_gold"] += 1
            result.by_predicate[claim.predicate]["matched_claimed"] += 1
            result.confusion[gold_claim.verdict][claim.verdict] += 1
            result.by_rule[claim.rule or "?"]["matched"] += 1
            result.by_rule[claim.rule or "?"]["right"] += claim.verdict == gold_claim.verdict
            if claim.verdict == gold_claim.verdict:
                result.verdict_right += 1
                result.by_predicate[gold_claim.predicate]["verdict_right"] += 1
            elif claim.verdict == "contradicted":
                result.false_contradictions += 1
        result.false_contradictions += sum(claims[i].verdict == "contradicted" for i in unmatched)
    return result


@dataclass
class CorruptedScore:
    """Per kind of corruption: how many corrupted claims were found, and called what they should be."""

    name: str
    kinds: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kinds": {
            kind: {"claims": c["claims"], "found": c["found"], "expected_verdict": c["expected"],
                   "share_expected": _ratio(c["expected"], c["claims"]),
                   "share_contradicted": _ratio(c["contradicted"], c["claims"]),
                   # the issue's target: of the claims the graph records completely enough to refute (gold verdict
                   # contradicted), the share called contradicted
                   "should_contradict": c["should_contradict"],
                   "share_contradicted_of_refutable": _ratio(c["contradicted_right"], c["should_contradict"])}
            for kind, c in sorted(self.kinds.items())}}


def score_corrupted(name: str, read: ClaimReader, corrupted: Sequence[GoldSentence],
                    matcher: ClaimMatcher) -> CorruptedScore:
    """A corrupted claim counts as caught only when the checker extracts it and gives the expected verdict."""
    result = CorruptedScore(name)
    for item in corrupted:
        claims = list(read(item.sentence, item.context))
        for gold_claim in item.claims:
            counts = result.kinds[gold_claim.kind or "corrupted"]
            counts["claims"] += 1
            counts["should_contradict"] += gold_claim.verdict == "contradicted"
            hit = next((c for c in claims if matcher.matches(gold_claim, c)), None)
            if hit is None:
                continue
            counts["found"] += 1
            counts["expected"] += hit.verdict == gold_claim.verdict
            counts["contradicted"] += hit.verdict == "contradicted"
            counts["contradicted_right"] += hit.verdict == gold_claim.verdict == "contradicted"
    return result


def gold_summary(gold: Sequence[GoldSentence]) -> Mapping[str, Any]:
    """What the gold set holds: sentences by source, claims by predicate and verdict."""
    kept = [g for g in gold if not g.skip]
    claims = [c for g in kept for c in g.claims]
    return {"sentences": len(kept), "skipped": len(gold) - len(kept),
            "no_claim": sum(1 for g in kept if not g.claims), "claims": len(claims),
            "sources": dict(Counter(g.source.split(":", 1)[0] for g in kept)),
            "predicates": dict(Counter(c.predicate for c in claims).most_common()),
            "verdicts": dict(Counter(c.verdict for c in claims).most_common())}


@dataclass(frozen=True, slots=True)
class ClaimsEvaluation:
    """Every checker scored on the gold set (and the corrupted set when given), the first one being kgrag's."""

    gold: Mapping[str, Any]
    scores: tuple[Score, ...]
    corrupted: tuple[CorruptedScore, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"gold": dict(self.gold), "checkers": [s.to_dict() for s in self.scores],
                "corrupted": [c.to_dict() for c in self.corrupted]}


def claim_readers(kg: KGRAG, questions: Iterable[str]) -> dict[str, ClaimReader]:
    """kgrag's verifier, and the baseline: the cue-lexicon extractor (the previous one) behind the same linker
    and verdicts. Each reads a sentence with its question's concepts as context. A question is linked once per
    answer, not per sentence, so the questions are linked here, outside the timed reading."""
    baseline = Verifier(kg.store, kg.verifier.linker, extract=cue_lexicon.extract)
    contexts = {question: kg.question_context(question) for question in set(questions)}
    return {"kgrag": lambda text, question: kg.verify(text, context=contexts[question]).claims,
            "cue lexicon (baseline)": lambda text, question: baseline.verify(text, context=contexts[question]).claims}


def evaluate_claims(readers: Mapping[str, ClaimReader], gold: Sequence[GoldSentence], store: GraphReader,
                    corrupted: Sequence[GoldSentence] = ()) -> ClaimsEvaluation:
    """Score each named reader (e.g. kgrag's verifier and the baseline extractor) on the same sentences."""
    matcher = ClaimMatcher(store)
    scores = tuple(score(name, read, gold, matcher) for name, read in readers.items())
    broken = tuple(score_corrupted(name, read, corrupted, matcher) for name, read in readers.items()) if corrupted \
        else ()
    return ClaimsEvaluation(gold_summary(gold), scores, broken)
