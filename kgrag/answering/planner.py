"""The KG-RAG planner: link the question, retrieve a subgraph and passages, rank them, decide what to use.

Stages, each timed in `Retrieval.timings` (milliseconds):
- link: dictionary mentions in the question and, for multiple choice, in each option.
- subgraph: a bounded k-hop neighbourhood of the linked concepts (`same_as` clusters included by the store),
  filtered by the predicates the question's wording asks about, plus short paths between the question's
  concepts and each option's (or between the question's own concepts).
- passages: hybrid BM25 + dense search; BM25 also sees the linked concepts' names and synonyms.
- rank: personalized PageRank from the linked seeds over the retrieved subgraph (networkx), combined with how
  much of the far end's name the question itself uses, with a bonus for edges on a question-option path.

The plan then keeps graph evidence only when a confident link found edges, and passages only when the best
one is close to the question in embedding space (cosine similarity, comparable across questions where fused
RRF scores are not). An empty plan means the answer must say that no evidence was found.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import networkx as nx

from graph_schema import PREDICATES
from kgrag import lexicon as lx
from kgrag.answering.graph_answers import GraphAnswerer, classify
from kgrag.config import Settings
from kgrag.errors import UserError
from kgrag.graph.base import GraphReader
from kgrag.limits import Deadline, Stopwatch
from kgrag.linking.dictionary import Linker
from kgrag.records import (
    Concept,
    KGFact,
    LinkedConcept,
    ParsedQuestion,
    PassageEvidence,
    PassageHit,
    Plan,
    Relation,
    Retrieval,
    StageCallback,
    Subgraph,
)
from kgrag.text.passage_index import PassageIndex

_WORD = re.compile(r"[a-z0-9]+")
UNRELATED_PASSAGE_MARGIN = 0.15  # extra similarity a passage needs when it mentions none of the linked concepts

@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    hops: int = 1
    max_facts: int = 15
    max_passages: int = 4
    passage_candidates: int = 20
    neighbor_limit: int = 500
    path_hops: int = 2
    max_path_pairs: int = 6
    ids_per_mention: int = 2  # a name shared by a disease and a phenotype keeps both readings
    synonyms_per_concept: int = 3
    min_link_score: float = 0.85  # dictionary matches score 0.9-1.0, dense ones their cosine (>= the bar)
    min_passage_similarity: float = 0.4
    timeout_s: float | None = None  # KGRAG_RETRIEVAL_TIMEOUT_S, checked after each stage

    @classmethod
    def from_settings(cls, settings: Settings) -> RetrievalSettings:
        return cls(hops=settings.retrieval_hops, max_facts=settings.max_facts,
                   max_passages=settings.max_passages, min_passage_similarity=settings.min_passage_similarity,
                   timeout_s=settings.retrieval_timeout_s)


def answer_kinds(question: str) -> set[str]:
    """Kinds of concept the question asks for ("which gene ..." -> Gene); empty when it does not say."""
    return {kind for pattern, kind in lx.ANSWER_KIND_CUES if pattern.search(question)}


def intent_predicates(question: str) -> list[str] | None:
    """Clinical predicates whose family the wording asks about, or None (all of them) when nothing is cued."""
    families: set[str] = set()
    for cue in lx.QUESTION_INTENTS:
        if cue.pattern.search(question):
            families |= cue.families
    if not families:
        return None
    return sorted(p.name for p in PREDICATES.values() if p.clinical and p.family in families)


def missing_knowledge(question: str, present: Collection[str]) -> list[str]:
    """Notices for the kinds of knowledge the question asks about that the graph has no edge for (`present`:
    the predicates it has), e.g. a treatment question on a graph with no treatment edges."""
    notices = []
    for cue in lx.QUESTION_INTENTS:
        needed = sorted(p.name for p in PREDICATES.values() if p.family in cue.needs)
        if cue.pattern.search(question) and not set(needed) & set(present):
            notices.append(f"no loaded source records {cue.knowledge} (the graph has no {' or '.join(needed)} "
                           f"edges): what the answer says about them comes from the model or the passages and "
                           f"cannot be checked against the graph; {cue.load}")
    return notices


class Planner:
    """Retrieval for one store, linker and passage index; stateless between questions, so one can serve many."""

    def __init__(self, store: GraphReader, linker: Linker | None, passages: PassageIndex | None,
                 settings: RetrievalSettings = RetrievalSettings(), graph_answers: GraphAnswerer | None = None) -> None:
        self.store = store
        self.linker = linker
        self.passages = passages
        self.settings = settings
        self.graph_answers = graph_answers

    def retrieve(self, question: ParsedQuestion, *, use_kg: bool = True, use_passages: bool = True,
                 hops: int | None = None, on_stage: StageCallback | None = None,
                 watch: Stopwatch | None = None) -> Retrieval:
        """`hops` overrides the configured neighbourhood depth for this question (1 to 3); `watch` is the
        question's stopwatch (`ask` shares one across its stages). The time limit (KGRAG_RETRIEVAL_TIMEOUT_S)
        measures these stages' own work: load the models first (`KGRAG.warm`)."""
        if hops is not None and not 1 <= hops <= 3:
            raise UserError(f"hops must be 1, 2 or 3, not {hops}")
        depth = hops or self.settings.hops
        watch = watch if watch is not None else Stopwatch()
        deadline = Deadline(self.settings.timeout_s, "KGRAG_RETRIEVAL_TIMEOUT_S", "retrieval")
        watch.restart()

        def lap(stage: str) -> None:
            watch.lap(stage)
            deadline.check(stage, _slow_stage_advice(watch.timings))

        if on_stage is not None:
            on_stage("linking")
        linked, concepts = self._link(question)
        lap("link")
        if on_stage is not None:
            on_stage("retrieving")
        answerer = self.graph_answers if use_kg and linked else None
        asked = classify(question, linked) if answerer is not None else None
        if answerer is not None and (loading := answerer.prepare(asked)):
            watch.record("load_phenotype_model", round(loading * 1000, 3))  # loading, which the limit never counts
            deadline = deadline.shifted(loading)
            watch.restart()
        graph = (answerer.answer(question, linked, self.settings.max_facts, asked)
                 if answerer is not None and asked is not None else None)
        graph_facts = list(graph.facts) if graph is not None else []
        if graph is not None:
            lap("graph_answer")
        subgraph, path_edges = (self._subgraph(question, linked, depth) if use_kg and linked
                                else (Subgraph((), {}, ()), set()))
        lap("subgraph")
        hits = self._passages(question, linked, concepts) if use_passages else []
        lap("passages")
        ranked, candidates = self._rank_facts(question, linked, subgraph, path_edges, graph_facts)
        facts = graph_facts + ranked
        passages = [PassageEvidence(f"P{i}", hit.passage, round(hit.score, 6), hit.similarity)
                    for i, hit in enumerate(hits[:self.settings.max_passages], 1)]
        lap("rank")
        plan = self._plan(question, linked, facts, passages, use_kg, use_passages)
        plan = replace(plan, reason="; ".join([plan.reason, *self._caps(subgraph, facts, candidates, passages,
                                                                        hits)]))
        return Retrieval(question, tuple(linked), plan, tuple(facts) if plan.use_kg else (),
                         tuple(passages) if plan.use_passages else (), subgraph, dict(watch.timings),
                         graph.answer if graph is not None and plan.use_kg else None,
                         graph.differential if graph is not None and plan.use_kg else None)

    # -- link ---------------------------------------------------------------------------------------------------

    def _link(self, question: ParsedQuestion) -> tuple[list[LinkedConcept], dict[str, Concept]]:
        if self.linker is None:
            return [], {}
        places = ["question", *(f"option {letter}" for letter in question.options)]
        linked_texts = self.linker.link_many([question.text, *question.options.values()])
        found = [(where, mention) for where, mentions in zip(places, linked_texts, strict=True) for mention in mentions]
        ids = {cid for _, m in found for cid in m.concept_ids[:self.settings.ids_per_mention]}
        concepts = self.store.get_many(ids)
        linked: list[LinkedConcept] = []
        seen: set[tuple[str, str]] = set()
        for where, mention in found:
            for cid in mention.concept_ids[:self.settings.ids_per_mention]:
                concept = concepts.get(cid)
                if concept is None or (where, cid) in seen:
                    continue
                seen.add((where, cid))
                linked.append(LinkedConcept(cid, concept.name, str(concept.kind), mention.text, mention.start,
                                            mention.end, mention.score, where, mention.negated, mention.uncertain,
                                            mention.method))
        return linked, concepts

    # -- subgraph -----------------------------------------------------------------------------------------------

    def _subgraph(self, question: ParsedQuestion, linked: Sequence[LinkedConcept], hops: int
                  ) -> tuple[Subgraph, set[tuple[str, str, str, bool]]]:
        seeds = list(dict.fromkeys(c.id for c in linked))
        predicates = intent_predicates(question.text)
        subgraph = self.store.neighbors(seeds, hops=hops, predicates=predicates,
                                        limit=self.settings.neighbor_limit)
        if predicates is not None and not subgraph.relations:  # the cue found nothing: do not come back empty
            subgraph = self.store.neighbors(seeds, hops=hops, limit=self.settings.neighbor_limit)
        path_relations: list[Relation] = []
        for a, b in self._path_pairs(linked):
            for path in self.store.paths(a, b, max_hops=self.settings.path_hops, limit=2):
                path_relations.extend(path.relations)
        path_edges = {_edge_key(r) for r in path_relations}
        known = {_edge_key(r) for r in subgraph.relations}
        extra = [r for r in path_relations if _edge_key(r) not in known]
        if extra:
            missing = {n for r in extra for n in (r.subject, r.object)} - set(subgraph.concepts)
            concepts = {**subgraph.concepts, **self.store.get_many(missing)}
            subgraph = Subgraph(subgraph.seeds, concepts, subgraph.relations + tuple(_unique(extra)),
                                subgraph.truncated)
        return subgraph, path_edges

    def _path_pairs(self, linked: Sequence[LinkedConcept]) -> list[tuple[str, str]]:
        """Question concept x option concept, or pairs of question concepts from *different* mentions (two
        readings of one mention, e.g. the OMIM and Orphanet entries of one disease, explain nothing)."""
        asked = [c for c in linked if c.where == "question"]
        options = [c for c in linked if c.where != "question"]
        pairs = ([(a, b) for a in asked for b in options] if options
                 else [(a, b) for a, b in itertools.combinations(asked, 2) if (a.start, a.end) != (b.start, b.end)])
        unique = dict.fromkeys((a.id, b.id) for a, b in pairs if a.id != b.id)
        return list(unique)[:self.settings.max_path_pairs]

    # -- passages -----------------------------------------------------------------------------------------------

    def _passages(self, question: ParsedQuestion, linked: Sequence[LinkedConcept], concepts: Mapping[str, Concept]
                  ) -> list[PassageHit]:
        if self.passages is None:
            return []
        query = " ".join([question.text, *question.options.values()])
        expansion: list[str] = []
        for concept_id in dict.fromkeys(c.id for c in linked):
            concept = concepts.get(concept_id)
            if concept is not None:
                names = [concept.name, *concept.synonyms[:self.settings.synonyms_per_concept]]
                expansion += [n for n in names if n.lower() not in query.lower()]
        lexical = " ".join([query, *expansion])
        hits = self.passages.search_many([query], "hybrid", self.settings.passage_candidates, [lexical])[0]
        threshold = self.settings.min_passage_similarity
        relevant = [hit for hit in hits if hit.similarity is None or hit.similarity >= threshold]
        if not linked:
            return relevant
        # Passages tagged with a linked concept come first: a passage about another syndrome that reads like
        # the question is weaker evidence than one about the syndrome asked about. Unrelated ones must clear a
        # higher bar to stay at all.
        seeds = {c.id for c in linked}
        about = [hit for hit in relevant if seeds & set(hit.passage.concepts)]
        others = [hit for hit in relevant if not seeds & set(hit.passage.concepts)
                  and (hit.similarity is None or hit.similarity >= threshold + UNRELATED_PASSAGE_MARGIN)]
        return about + others

    # -- rank ---------------------------------------------------------------------------------------------------

    def _rank_facts(self, question: ParsedQuestion, linked: Sequence[LinkedConcept], subgraph: Subgraph,
                    path_edges: set[tuple[str, str, str, bool]], first: Sequence[KGFact] = ()
                    ) -> tuple[list[KGFact], int]:
        """The best facts after `first` (the graph answer's, numbered before these and never repeated), up to
        `max_facts` in all, and how many distinct facts were ranked."""
        room = self.settings.max_facts - len(first)
        if not subgraph.relations:
            return [], len(first)
        seeds = {c.id for c in linked} | set(subgraph.seeds)
        options = {c.id for c in linked if c.where != "question"}
        graph = nx.Graph()
        for relation in subgraph.relations:
            graph.add_edge(relation.subject, relation.object)
        personalization = {node: 1.0 for node in graph if node in seeds}
        rank: dict[str, float] = (nx.pagerank(graph, personalization=personalization) if personalization
                                  else {node: 0.0 for node in graph})
        far_ranks = [score for node, score in rank.items() if node not in seeds]
        top = max(far_ranks, default=0.0) or 1.0
        asked = _words(" ".join([question.text, *question.options.values()]))
        seed_words = _words(" ".join(c.mention for c in linked))
        wanted_kinds = answer_kinds(question.text)
        scored: list[tuple[float, Relation]] = []
        for relation in _unique(subgraph.relations):
            far = [node for node in (relation.subject, relation.object) if node not in seeds]
            if not far:
                score = 1.0  # an edge between two concepts the question names
            else:
                concept = subgraph.concepts.get(far[0])
                name_words = _words(concept.name) if concept else set()
                overlap = len(name_words & (asked - seed_words)) / len(name_words) if name_words else 0.0
                score = 0.5 * rank.get(far[0], 0.0) / top + 0.5 * overlap
                if concept is not None and str(concept.kind) in wanted_kinds:
                    score += 0.5
            if _edge_key(relation) in path_edges:
                score += 0.5
            if options and (relation.subject in options or relation.object in options):
                score += 0.25
            scored.append((score, relation))
        scored.sort(key=lambda item: (-item[0], item[1].subject, item[1].predicate, item[1].object))

        def names(relation: Relation) -> tuple[str, str]:
            subject, obj = subgraph.concepts.get(relation.subject), subgraph.concepts.get(relation.object)
            return (subject.name if subject else relation.subject), (obj.name if obj else relation.object)

        def said(relation: Relation) -> tuple[str, str, str, bool]:
            subject_name, object_name = names(relation)
            return subject_name.lower(), relation.predicate, object_name.lower(), relation.negated

        facts: list[KGFact] = []
        stated: set[tuple[str, str, str, bool]] = {
            (f.subject_name.lower(), f.relation.predicate, f.object_name.lower(), f.relation.negated) for f in first}
        for score, relation in scored:
            if len(facts) >= room:
                break
            # The OMIM and Orphanet entries of one disease state the same fact twice: cite it once.
            key = said(relation)
            if key in stated:
                continue
            stated.add(key)
            facts.append(KGFact(f"K{len(first) + len(facts) + 1}", relation, *names(relation), round(score, 6)))
        first_keys = {(f.subject_name.lower(), f.relation.predicate, f.object_name.lower(), f.relation.negated)
                      for f in first}
        return facts, len(first_keys | {said(relation) for _, relation in scored})

    def _caps(self, subgraph: Subgraph, facts: Sequence[KGFact], candidates: int,
              passages: Sequence[PassageEvidence], hits: Sequence[object]) -> list[str]:
        """Which configured limits cut the evidence, so a reader knows more was there."""
        notes = []
        if subgraph.truncated:
            notes.append(f"the neighbourhood was cut at {self.settings.neighbor_limit} edges (hubs are not expanded)")
        if facts and candidates > len(facts):
            notes.append(f"the best {len(facts)} of {candidates} ranked graph facts (KGRAG_MAX_FACTS)")
        if passages and len(hits) > len(passages):
            notes.append(f"the best {len(passages)} of {len(hits)} candidate passages (KGRAG_MAX_PASSAGES)")
        return notes

    # -- plan ---------------------------------------------------------------------------------------------------

    def _plan(self, question: ParsedQuestion, linked: Sequence[LinkedConcept], facts: Sequence[KGFact],
              passages: Sequence[PassageEvidence], use_kg: bool, use_passages: bool) -> Plan:
        reasons: list[str] = []
        confident = [c for c in linked if c.score >= self.settings.min_link_score]
        kg = False
        if not use_kg:
            reasons.append("graph evidence switched off")
        elif not linked:
            reasons.append("no concept in the question matched the knowledge graph")
        elif not confident:
            reasons.append("the linked concepts are uncertain matches, so graph evidence is left out")
        elif not facts:
            reasons.append("the linked concepts have no edges matching the question")
        else:
            kg = True
            names = ", ".join(sorted({c.name for c in confident}))
            reasons.append(f"{_count(len(facts), 'graph fact')} around {names}")
        best = max((p.similarity for p in passages if p.similarity is not None), default=None)
        use = False
        if not use_passages:
            reasons.append("passages switched off")
        elif not passages:
            reasons.append("no passage close enough to the question")
        elif best is None:  # a BM25-only index: nothing to threshold on, trust the ranking
            use = True
            reasons.append(f"{_count(len(passages), 'passage')} (BM25)")
        else:
            use = True
            reasons.append(f"{_count(len(passages), 'passage')}, best similarity {best:.2f}")
        return Plan(kg, use, "; ".join(reasons))


# What to do when a stage ran over the retrieval time limit, by the stage that took longest.
_SLOW_STAGE_ADVICE = {
    "link": "Linking the question took longest: shorten the question",
    "subgraph": "The graph neighbourhood took longest: ask about fewer concepts or lower KGRAG_RETRIEVAL_HOPS",
    "passages": "Passage search took longest: the machine may be busy (other kgrag processes loading models or "
                "embedding), or a large Flat index needs KGRAG_VECTOR_INDEX=ivf",
    "rank": "Ranking the graph facts took longest: lower KGRAG_RETRIEVAL_HOPS",
    "graph_answer": "Building the graph answer took longest: name fewer findings",
}


def _slow_stage_advice(timings: Mapping[str, float]) -> str:
    """Each stage's time so far and what would help with the slowest one, so the message names the real cause."""
    stages = {stage: ms for stage, ms in timings.items() if stage in _SLOW_STAGE_ADVICE}  # loading never counts
    slowest = max(stages, key=lambda stage: stages[stage])
    spent = ", ".join(f"{stage} {ms / 1000:.1f} s" for stage, ms in stages.items())
    return f"Time by stage: {spent}. {_SLOW_STAGE_ADVICE[slowest]}, or raise the limit."


def _edge_key(relation: Relation) -> tuple[str, str, str, bool]:
    return relation.subject, relation.predicate, relation.object, relation.negated


def _unique(relations: Iterable[Relation]) -> list[Relation]:
    """One edge per (subject, predicate, object): two sources stating the same fact are one fact to cite."""
    seen: dict[tuple[str, str, str, bool], Relation] = {}
    for relation in relations:
        seen.setdefault(_edge_key(relation), relation)
    return list(seen.values())


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
