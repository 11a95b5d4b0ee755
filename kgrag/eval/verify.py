"""An evaluation set for claim verification, generated from the loaded graph, and its scoring.

True claims: real edges (sampled with a seeded reservoir over the whole graph, so memory stays flat), each
rendered with several paraphrase templates of its predicate. False claims, type-preserving:
- swapped object: the same subject and predicate with another concept of the object's kind that has no edge of
  that predicate family to the subject (expected: not_in_kg);
- negated: a true edge stated as absent, "X does not present with Y" (expected: contradicted);
- curated negatives: HPO NOT annotations stated positively (expected: contradicted).
Only the seed is needed to regenerate a set; a different seed is a held-out set.

Scores per verdict are precision, recall and F1 over the three expected labels (a claim the verifier calls
`unlinked` is wrong for every label). The baseline is a co-occurrence checker: "supported" when both concept
names occur in the sentence and any edge links them, else not_in_kg; it never says contradicted.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graph_schema import get_predicate
from kgrag.claims import Verifier
from kgrag.errors import UserError
from kgrag.eval.stats import percentile
from kgrag.graph.base import GraphReader
from kgrag.linking.dictionary import Linker
from kgrag.records import Relation

LABELS = ("supported", "contradicted", "not_in_kg")

# predicate -> (positive templates, negated templates); {s} subject name, {o} object name
TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "has_phenotype": (("{s} is characterized by {o}.", "{o} is a feature of {s}.", "{s} presents with {o}."),
                      ("{s} does not present with {o}.", "{o} is not a feature of {s}.")),
    "associated_with": (("{s} is associated with {o}.", "{o} is linked to {s}."),
                        ("{s} is not associated with {o}.",)),
    "has_mode_of_inheritance": (("{s} is inherited in {o}.",), ("{s} is not inherited in {o}.",)),
    "is_a": (("{s} is a type of {o}.",), ("{s} is not a type of {o}.",)),
    "treats": (("{s} is used to treat {o}.", "{o} is treated with {s}."), ("{s} does not treat {o}.",)),
    "contraindicated_for": (("{s} is contraindicated in {o}.",), ()),
    "causes_adverse_effect": (("{s} can cause the adverse effect {o}.",), ()),
    "interacts_with": (("{s} interacts with {o}.",), ("{s} does not interact with {o}.",)),
}


@dataclass(frozen=True, slots=True)
class GeneratedClaim:
    sentence: str
    expected: str
    kind: str  # true, swapped_object, negated, curated_negative
    relation: Relation

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "expected": self.expected, "kind": self.kind,
                "relation": self.relation.to_dict()}


def sample_relations(store: GraphReader, count: int, rng: random.Random) -> list[Relation]:
    """A uniform sample (reservoir) of edges whose predicate has templates."""
    sample: list[Relation] = []
    seen = 0
    for relation in store.iter_relations():
        if relation.predicate not in TEMPLATES:
            continue
        seen += 1
        if len(sample) < count:
            sample.append(relation)
        else:
            slot = rng.randrange(seen)
            if slot < count:
                sample[slot] = relation
    return sample


def generate(store: GraphReader, size: int = 1000, seed: int = 13) -> list[GeneratedClaim]:
    """About `size` claims: half true paraphrases, half false (swapped objects, negations, curated negatives)."""
    rng = random.Random(seed)
    # A few spare edges: not every edge finds a false twin.
    edges = sample_relations(store, max(1, size // 2 + size // 20), rng)
    concepts = store.get_many({n for e in edges for n in (e.subject, e.object)})
    by_kind: dict[str, list[str]] = {}
    for concept_id in sorted(concepts):  # sorted: set order changes with each process's hash seed
        by_kind.setdefault(str(concepts[concept_id].kind), []).append(concept_id)
    claims: list[GeneratedClaim] = []
    parents: dict[str, list[str]] = {}
    for edge in edges:
        subject, obj = concepts.get(edge.subject), concepts.get(edge.object)
        if subject is None or obj is None:
            continue
        positive, negative = TEMPLATES[edge.predicate]
        if edge.negated:  # a curated "NOT": stating it positively is contradicted
            claims.append(GeneratedClaim(rng.choice(positive).format(s=subject.name, o=obj.name), "contradicted",
                                         "curated_negative", edge))
            continue
        claims.append(GeneratedClaim(rng.choice(positive).format(s=subject.name, o=obj.name), "supported", "true",
                                     edge))
        if negative and rng.random() < 0.5:
            claims.append(GeneratedClaim(rng.choice(negative).format(s=subject.name, o=obj.name), "contradicted",
                                         "negated", edge))
        else:
            other = _unrelated(store, edge, by_kind.get(str(obj.kind), []), rng, parents)
            if other is not None and other in concepts:
                claims.append(GeneratedClaim(rng.choice(positive).format(s=subject.name, o=concepts[other].name),
                                             "not_in_kg", "swapped_object", edge))
    rng.shuffle(claims)
    return claims[:size]


def _unrelated(store: GraphReader, edge: Relation, pool: Sequence[str], rng: random.Random,
               parents: dict[str, list[str]]) -> str | None:
    """A concept of the object's kind that the subject has no edge of this family to, directly or through a more
    specific concept (a swapped "Abnormality of the eye" would be true for a disease annotated with a cataract)."""
    family = get_predicate(edge.predicate).family
    annotated = [r.other(edge.subject) for r in store.neighbors([edge.subject], hops=1, limit=2000).relations
                 if get_predicate(r.predicate).family == family]
    implied = set(annotated).union(*(_ancestors(store, node, parents) for node in annotated)) if annotated else set()
    for _ in range(10):
        candidate = rng.choice(pool) if pool else None
        if candidate is None or candidate == edge.object or candidate in implied:
            continue
        related = store.relations_between(edge.subject, candidate)
        if not any(get_predicate(r.predicate).family == family for r in related):
            return candidate
    return None


def _ancestors(store: GraphReader, node: str, parents: dict[str, list[str]], depth: int = 12) -> set[str]:
    """is_a ancestors, walked upward edge by edge (independently of the verifier under test); `parents` caches
    each node's direct parents across one generation run."""
    seen: set[str] = set()
    frontier = [node]
    for _ in range(depth):
        found = []
        for current in frontier:
            if current not in parents:
                parents[current] = [r.object for r in store.neighbors([current], hops=1, predicates=["is_a"]).relations
                                    if r.subject == current]
            found += [p for p in parents[current] if p not in seen]
        if not found:
            break
        seen.update(found)
        frontier = found
    return seen


@dataclass(frozen=True, slots=True)
class VerifyScores:
    n: int
    per_verdict: dict[str, dict[str, float]]
    accuracy: float
    latency_ms_p50: float
    latency_ms_p95: float
    by_kind: dict[str, float]  # accuracy per kind of generated claim

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "per_verdict": self.per_verdict, "accuracy": self.accuracy,
                "latency_ms": {"p50": self.latency_ms_p50, "p95": self.latency_ms_p95},
                "accuracy_by_kind": self.by_kind}


def score(claims: Sequence[GeneratedClaim], judge: Callable[[str], str]) -> VerifyScores:
    """Per-verdict precision / recall / F1 of `judge` (sentence -> verdict) and its latency per claim."""
    predicted: list[str] = []
    latencies: list[float] = []
    for claim in claims:
        started = time.perf_counter()
        predicted.append(judge(claim.sentence))
        latencies.append((time.perf_counter() - started) * 1000)
    per_verdict = {}
    for label in LABELS:
        tp = sum(p == label and c.expected == label for p, c in zip(predicted, claims, strict=True))
        fp = sum(p == label and c.expected != label for p, c in zip(predicted, claims, strict=True))
        fn = sum(p != label and c.expected == label for p, c in zip(predicted, claims, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_verdict[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                              "support": tp + fn}
    correct = [p == c.expected for p, c in zip(predicted, claims, strict=True)]
    kinds = {c.kind for c in claims}
    by_kind = {kind: round(sum(ok for ok, c in zip(correct, claims, strict=True) if c.kind == kind)
                           / sum(c.kind == kind for c in claims), 4) for kind in sorted(kinds)}

    def pct(q: float) -> float:
        return round(percentile(latencies, q), 3) if latencies else 0.0

    return VerifyScores(len(claims), per_verdict, round(sum(correct) / len(claims), 4) if claims else 0.0,
                        pct(0.5), pct(0.95), by_kind)


def kgrag_judge(verifier: Verifier) -> Callable[[str], str]:
    """The verdict of the sentence's first claim (generated sentences state one claim each)."""
    def judge(sentence: str) -> str:
        claims = verifier.verify(sentence).claims
        return claims[0].verdict if claims else "unlinked"
    return judge


def cooccurrence_judge(store: GraphReader, linker: Linker) -> Callable[[str], str]:
    """The baseline: the concepts the linker finds in the sentence (each mention's best reading); any edge
    between two of them makes it "supported", anything else "not_in_kg"."""
    def judge(sentence: str) -> str:
        ids = list(dict.fromkeys(m.concept_ids[0] for m in linker.link(sentence, context=False)))
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if any(get_predicate(r.predicate).clinical for r in store.relations_between(a, b)):
                    return "supported"
        return "not_in_kg"
    return judge


def evaluate_verification(verifier: Verifier, size: int = 1000, seed: int = 13
                          ) -> tuple[list[GeneratedClaim], VerifyScores, VerifyScores]:
    """Generate the set from the verifier's graph, then score the verifier and the co-occurrence baseline (with the
    same linker) on it, in that order."""
    store, linker = verifier.store, verifier.linker
    if linker is None:
        raise UserError("the graph is empty: load a source first (e.g. `kgrag ingest hpo`)")
    claims = generate(store, size, seed)
    if not claims:
        raise UserError("the graph has no edges to generate claims from: load a source first (kgrag ingest hpo)")
    verifier.verify("warm up")  # the linker and caches load outside the timed loop
    judge = kgrag_judge(verifier)
    return claims, score(claims, judge), score(claims, cooccurrence_judge(store, linker))
