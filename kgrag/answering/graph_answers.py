"""Answers the graph gives by itself: for the questions its edges answer directly, a short cited summary built
from the facts, with no model involved.

Kinds (`GraphAnswerKind`), recognised from the question's wording and the kinds of the concepts it names:
- `genes`: "Which genes are associated with Loeys-Dietz syndrome?" -> every gene the graph associates with
  the disease (`associated_with`, `causes`);
- `shared_genes`: "Which gene is associated with psoriasis and Takayasu arteritis?" -> genes recorded for both;
- `inheritance`: "How is Huntington disease inherited?" -> the disease's recorded modes of inheritance;
- `features`: "What are the clinical features of Marfan syndrome?" -> its phenotype annotations, most frequent
  first;
- `treatments`: "What treats type 2 diabetes?" -> the drugs the graph records as treating it (`treats`, from
  open graphs such as PrimeKG and Hetionet: indications, off-label uses);
- `contraindications`: "What should be avoided in lactic acidosis?" -> drugs `contraindicated_for` it;
- `differential`: a question that lists findings ("arachnodactyly, ectopia lentis, ... most likely
  diagnosis?") -> the ranked differential of `kgrag.diagnosis`, each candidate with the annotations that match.

Each listed item cites the `[K#]` facts behind it, the same ids the prompt offers the model, so the model's text
and the graph answer can be read side by side and the verifier checks one against the other. For multiple
choice, `choice` is the option the graph evidence singles out (the only option in the answer set, or the
best-ranked disease option of a differential), which is the graph-only scorer of `kgrag eval mirage --mode
graph`. Recognition is a few wording cues, deliberately narrow: a question the cues miss simply gets no graph
answer and is answered as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from kgrag import lexicon as lx
from kgrag.diagnosis import Diagnoser, Differential, NoFindingsError, NoPhenotypeModelError
from kgrag.diagnosis.frequency import describe_frequency, estimate_frequency
from kgrag.graph.base import GraphReader
from kgrag.records import (
    Claim,
    Concept,
    GraphAnswer,
    GraphAnswerItem,
    GraphAnswerKind,
    KGFact,
    LinkedConcept,
    ParsedQuestion,
    Relation,
)

GENE_PREDICATES = ("associated_with", "causes")
MAX_ITEMS = 12
MAX_CANDIDATES = 5  # differential candidates listed
CITED_CANDIDATES = 3  # of which the facts of this many are offered as [K#]
MAX_MATCH_FACTS = 6  # annotation facts per cited candidate


@dataclass(frozen=True, slots=True)
class GraphQuestion:
    """A question the graph can answer: its kind and the concepts it is about."""

    kind: GraphAnswerKind
    subjects: tuple[tuple[LinkedConcept, ...], ...]  # per mention, its readings (a disease's OMIM and ORPHA ids)
    excluded: tuple[LinkedConcept, ...] = ()  # negated findings, for a differential


def _mentions(linked: Iterable[LinkedConcept], where: str = "question") -> list[tuple[LinkedConcept, ...]]:
    spans: dict[tuple[int, int], list[LinkedConcept]] = {}
    for concept in linked:
        if concept.where == where:
            spans.setdefault((concept.start, concept.end), []).append(concept)
    return [tuple(readings) for _, readings in sorted(spans.items())]


def _diseases(mention: Sequence[LinkedConcept]) -> tuple[LinkedConcept, ...]:
    return tuple(c for c in mention if c.kind == "Disease")


def _phenotype(mention: Sequence[LinkedConcept]) -> LinkedConcept | None:
    return next((c for c in mention if c.kind == "Phenotype" and c.id.startswith("HP:")), None)


def classify(question: ParsedQuestion, linked: Sequence[LinkedConcept]) -> GraphQuestion | None:
    """The kind of graph answer the question asks for, or None (module docstring)."""
    text = question.text
    mentions = _mentions(linked)
    diseases = [d for m in mentions if not any(c.negated for c in m) and (d := _diseases(m))]
    findings = [(p, m) for m in mentions if (p := _phenotype(m)) is not None]
    # A question that already names a concept of the kind a listing would give ("Is FBN1 associated with
    # Marfan syndrome?", "Is ectopia lentis a feature of ...?") asks about that pair, not for the list.
    names_gene = any(c.kind == "Gene" for m in mentions for c in m)
    names_finding = any(_diseases(m) == () for _, m in findings)
    if lx.ASKS_GENE.search(text) and len(diseases) >= 2 and not names_gene:
        return GraphQuestion("shared_genes", tuple(diseases[:2]))
    if lx.ASKS_GENE.search(text) and diseases and not names_gene:
        return GraphQuestion("genes", (diseases[0],))
    if lx.ASKS_INHERITANCE.search(text) and diseases:
        return GraphQuestion("inheritance", (diseases[0],))
    names_drug = any(c.kind == "Drug" for m in mentions for c in m)
    if lx.ASKS_AVOID.search(text) and diseases and not names_drug:
        return GraphQuestion("contraindications", (diseases[0],))
    if lx.ASKS_TREATMENT.search(text) and diseases and not names_drug:
        return GraphQuestion("treatments", (diseases[0],))
    observed = [p for p, _ in findings if not p.negated]
    # A disease named in the question is what it asks about, unless the mention also reads as a finding.
    named_disease = any(_diseases(m) and _phenotype(m) is None for m in mentions)
    if len(observed) >= 2 and not named_disease and (lx.ASKS_DIAGNOSIS.search(text) or len(observed) >= 3):
        return GraphQuestion("differential", tuple((p,) for p in observed),
                             tuple(p for p, _ in findings if p.negated))
    if lx.ASKS_FEATURE.search(text) and diseases and not names_finding:
        return GraphQuestion("features", (diseases[0],))
    return None


@dataclass(frozen=True, slots=True)
class GraphResult:
    """A graph answer with the facts it cites (numbered from the planner's first id) and, for a differential,
    the ranked differential itself."""

    answer: GraphAnswer
    facts: tuple[KGFact, ...]
    differential: Differential | None = None


class GraphAnswerer:
    """Builds graph answers from one store; `diagnoser` is asked for only when a question lists findings (the
    phenotype model takes seconds to read, and most questions never need it)."""

    def __init__(self, store: GraphReader, diagnoser: Callable[[], Diagnoser | None] | None = None) -> None:
        self.store = store
        self._diagnoser = diagnoser

    def prepare(self, asked: GraphQuestion | None) -> float:
        """Load what a classified question's graph answer needs (the phenotype model, for a differential);
        seconds spent."""
        if asked is None or asked.kind != "differential" or self._diagnoser is None:
            return 0.0
        started = time.perf_counter()
        self._diagnoser()
        return time.perf_counter() - started

    def answer(self, question: ParsedQuestion, linked: Sequence[LinkedConcept], max_facts: int = 15,
               asked: GraphQuestion | None = None) -> GraphResult | None:
        """The graph answer, citing at most `max_facts` facts (KGRAG_MAX_FACTS): items past them are listed
        uncited. `asked` is the question as `classify` read it, when the caller already did."""
        asked = asked if asked is not None else classify(question, linked)
        if asked is None or max_facts <= 0:
            return None
        options = {letter: _mentions(linked, f"option {letter}") for letter in question.options}
        if asked.kind == "differential":
            return self._differential(question, linked, asked, options, max_facts)
        subjects = [tuple(dict.fromkeys(c.id for c in mention)) for mention in asked.subjects]
        names = tuple(mention[0].name for mention in asked.subjects)
        if asked.kind == "shared_genes":
            return self._shared_genes(subjects, names, options, max_facts)
        predicates, kind = {"genes": (GENE_PREDICATES, "Gene"), "inheritance": (("has_mode_of_inheritance",), None),
                            "features": (("has_phenotype",), "Phenotype"), "treatments": (("treats",), "Drug"),
                            "contraindications": (("contraindicated_for",), "Drug")}[asked.kind]
        relations, concepts = self._edges(subjects[0], predicates, kind)
        return self._listing(asked.kind, subjects[0], names[0], relations, concepts, options, max_facts)

    # -- reading the graph --------------------------------------------------------------------------------

    def _edges(self, subject: Sequence[str], predicates: Sequence[str], kind: str | None
               ) -> tuple[dict[str, list[Relation]], dict[str, Concept]]:
        """Positive edges of the subject (and its `same_as` twins) with these predicates, by the far end."""
        subgraph = self.store.neighbors(subject, hops=1, predicates=predicates, max_degree=5_000, limit=5_000)
        own = set(subgraph.seeds) | set(subject)
        by_end: dict[str, list[Relation]] = {}
        for relation in subgraph.relations:
            if relation.negated:
                continue
            ends = [n for n in (relation.subject, relation.object) if n not in own]
            if len(ends) != 1:
                continue
            concept = subgraph.concepts.get(ends[0])
            if concept is None or concept.obsolete or (kind is not None and str(concept.kind) != kind):
                continue
            by_end.setdefault(ends[0], []).append(relation)
        return by_end, dict(subgraph.concepts)

    # -- the kinds --------------------------------------------------------------------------------------------

    def _listing(self, kind: GraphAnswerKind, subject: Sequence[str], name: str,
                 by_end: Mapping[str, list[Relation]], concepts: Mapping[str, Concept],
                 options: Mapping[str, list[tuple[LinkedConcept, ...]]], room: int) -> GraphResult:
        def frequency(end: str) -> float:
            return max(estimate_frequency(_written_frequency(r), 0.5) for r in by_end[end])

        order = sorted(by_end, key=lambda end: (-frequency(end), concepts[end].name.lower(), end)) \
            if kind == "features" else sorted(by_end, key=lambda end: (concepts[end].name.lower(), end))
        facts: list[KGFact] = []
        items: list[GraphAnswerItem] = []
        for end in order[:MAX_ITEMS]:
            relation = max(by_end[end], key=lambda r: estimate_frequency(_written_frequency(r), 0.0))
            cited: tuple[str, ...] = ()
            if len(facts) < room:
                facts.append(_fact(len(facts) + 1, relation, concepts))
                cited = (facts[-1].id,)
            detail = (describe_frequency(_written_frequency(relation)) if kind == "features"
                      else relation.source_relation if kind == "treatments" and "off-label" in relation.source_relation
                      else "")
            items.append(GraphAnswerItem(end, concepts[end].name, cited, detail))
        # (one, several) of what is listed, phrased around the disease's name
        phrase = {"genes": ("gene for {}", "genes for {}"),
                  "inheritance": ("mode of inheritance for {}", "modes of inheritance for {}"),
                  "features": ("phenotype for {}", "phenotypes for {}"),
                  "treatments": ("drug that treats {}", "drugs that treat {}"),
                  "contraindications": ("drug contraindicated in {}", "drugs contraindicated in {}")}[kind]
        if not items:
            text = f"The graph records no {phrase[1].format(name)}."
        else:
            listed = ", ".join(f"{i.name}{f' ({i.detail})' if i.detail else ''}{_cites(i)}" for i in items)
            head = (f"The graph records {len(by_end)} {phrase[0 if len(by_end) == 1 else 1].format(name)}"
                    + ("; the most frequent" if kind == "features" and len(by_end) > len(items) else "")
                    + (f" (the first {len(items)} listed)" if kind != "features" and len(by_end) > len(items) else ""))
            text = f"{head}: {listed}."
        answer_set = set(by_end)
        return GraphResult(GraphAnswer(kind, tuple(subject), (name,), tuple(items), text, _sources(facts),
                                       len(by_end), _only_option(options, answer_set)), tuple(facts))

    def _shared_genes(self, subjects: Sequence[Sequence[str]], names: Sequence[str],
                      options: Mapping[str, list[tuple[LinkedConcept, ...]]], room: int) -> GraphResult:
        (first, concepts), (second, more) = (self._edges(s, GENE_PREDICATES, "Gene") for s in subjects[:2])
        concepts = {**concepts, **more}
        shared = sorted(set(first) & set(second), key=lambda g: (concepts[g].name.lower(), g))
        facts: list[KGFact] = []
        items: list[GraphAnswerItem] = []
        for gene in shared[:MAX_ITEMS]:
            ids = []
            for relation in (first[gene][0], second[gene][0]):
                if len(facts) < room:
                    facts.append(_fact(len(facts) + 1, relation, concepts))
                    ids.append(facts[-1].id)
            items.append(GraphAnswerItem(gene, concepts[gene].name, tuple(ids)))
        both = f"{names[0]} and {names[1]}"
        if items:
            text = (f"Genes the graph records for both {both}: "
                    + ", ".join(f"{i.name}{_cites(i)}" for i in items) + ".")
        else:
            text = (f"The graph records no gene for both {both} ({len(first)} for {names[0]}, {len(second)} for "
                    f"{names[1]}).")
        all_subjects = tuple(i for s in subjects[:2] for i in s)
        # No option recorded for both: an option recorded for one of the two is the graph's partial evidence.
        choice = _only_option(options, set(shared)) if shared else _only_option(options, set(first) | set(second))
        if not shared and choice is not None:
            text += f" Of the options, only {_option_name(options, choice)} is recorded for one of them."
        return GraphResult(GraphAnswer("shared_genes", all_subjects, tuple(names[:2]), tuple(items), text,
                                       _sources(facts), len(shared), choice), tuple(facts))

    def _differential(self, question: ParsedQuestion, linked: Sequence[LinkedConcept], asked: GraphQuestion,
                      options: Mapping[str, list[tuple[LinkedConcept, ...]]], room: int) -> GraphResult | None:
        diagnoser = self._diagnoser() if self._diagnoser is not None else None
        if diagnoser is None:
            return None
        observed = [m[0].id for m in asked.subjects]
        excluded = [c.id for c in asked.excluded]
        read = [(c.start, c.end) for c in linked if c.where == "question"]
        for finding, negated in diagnoser.findings_in(question.text, read):  # wording the linker missed
            (excluded if negated else observed).append(finding.id)
        try:
            differential = diagnoser.diagnose(observed, excluded, limit=MAX_CANDIDATES)
        except (NoFindingsError, NoPhenotypeModelError):
            return None
        facts: list[KGFact] = []
        items: list[GraphAnswerItem] = []
        for candidate in differential.candidates:
            ids: list[str] = []
            if candidate.rank <= CITED_CANDIDATES:
                for match in candidate.matches[:MAX_MATCH_FACTS]:
                    relation = self._annotation_edge(candidate.id, match.annotation)
                    if relation is not None and len(facts) < room:
                        fact = KGFact(f"K{len(facts) + 1}", relation, candidate.name, match.annotation_name, 1.0)
                        facts.append(fact)
                        ids.append(fact.id)
            explained = len(candidate.matches)
            items.append(GraphAnswerItem(candidate.id, candidate.name, tuple(ids),
                                         f"explains {explained} of {len(differential.observed)} findings"))
        listed = "; ".join(f"{n}. {i.name} ({i.detail}{' ' if i.fact_ids else ''}"
                           f"{''.join(f'[{f}]' for f in i.fact_ids)})" for n, i in enumerate(items, 1))
        findings = ", ".join(f.name for f in differential.observed)
        text = (f"Ranked by how well their HPO annotations explain {findings}: {listed}." if items
                else f"No disease in the graph is annotated with {findings}.")
        choice = self._best_option(diagnoser, observed, excluded, options)
        answer = GraphAnswer("differential", tuple(observed), tuple(f.name for f in differential.observed),
                             tuple(items), text, _sources(facts), len(items), choice)
        return GraphResult(answer, tuple(facts), differential)

    def _annotation_edge(self, disease: str, term: str) -> Relation | None:
        found = [r for r in self.store.relations_between(disease, term)
                 if r.predicate == "has_phenotype" and not r.negated and r.subject == disease]
        return found[0] if found else None

    @staticmethod
    def _best_option(diagnoser: Diagnoser, observed: Sequence[str], excluded: Sequence[str],
                     options: Mapping[str, list[tuple[LinkedConcept, ...]]]) -> str | None:
        """The disease option ranked best for the findings, when exactly one option ranks best."""
        readings = {letter: [c.id for m in mentions for c in _diseases(m)] for letter, mentions in options.items()}
        wanted = [d for ids in readings.values() for d in ids]
        if not wanted:
            return None
        candidates = diagnoser.candidates_for(observed, excluded, wanted)
        best = {letter: min((candidates[d].rank for d in ids if d in candidates and candidates[d].matches),
                            default=None) for letter, ids in readings.items()}
        ranked = sorted((rank, letter) for letter, rank in best.items() if rank is not None)
        if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
            return None
        return ranked[0][1]


def _cites(item: GraphAnswerItem) -> str:
    return f" [{']['.join(item.fact_ids)}]" if item.fact_ids else ""


def _written_frequency(relation: Relation) -> str:
    value = relation.evidence.get("frequency", "")
    return value if isinstance(value, str) else ""


def _fact(number: int, relation: Relation, concepts: Mapping[str, Concept]) -> KGFact:
    subject, obj = concepts.get(relation.subject), concepts.get(relation.object)
    return KGFact(f"K{number}", relation, subject.name if subject else relation.subject,
                  obj.name if obj else relation.object, 1.0)


def _sources(facts: Iterable[KGFact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.source for f in facts))


def _option_name(options: Mapping[str, list[tuple[LinkedConcept, ...]]], letter: str) -> str:
    mentions = options.get(letter) or []
    return mentions[0][0].name if mentions and mentions[0] else letter


def _only_option(options: Mapping[str, list[tuple[LinkedConcept, ...]]], answer_set: set[str]) -> str | None:
    """The one option that names something in the answer set; None when none or several do."""
    hits = [letter for letter, mentions in options.items() if any(c.id in answer_set for m in mentions for c in m)]
    return hits[0] if len(hits) == 1 else None


_CLOSED_KINDS: dict[str, frozenset[str]] = {  # graph answers that list what the graph records, by claim predicate
    "genes": frozenset(GENE_PREDICATES), "shared_genes": frozenset(GENE_PREDICATES),
    "inheritance": frozenset({"has_mode_of_inheritance"}),
}


def disagreements(graph: GraphAnswer | None, claims: Iterable[Claim], choice: str | None) -> list[str]:
    """Notices for sentences of the model's text that the graph answer does not bear out: a claim about the
    question's disease naming a gene or mode of inheritance the graph answer does not list, or a multiple-choice
    pick other than the option the graph evidence favours."""
    if graph is None:
        return []
    notices: list[str] = []
    if graph.choice is not None and choice is not None and choice != graph.choice:
        notices.append(f"the model chose {choice}; the graph evidence favours {graph.choice} (see the graph answer)")
    predicates = _CLOSED_KINDS.get(graph.kind)
    if not predicates or not graph.items:
        return notices
    subjects, listed = set(graph.subject_ids), {item.id for item in graph.items}
    for claim in claims:
        if claim.negated or claim.predicate not in predicates:
            continue
        ends = (claim.subject.concept_id, claim.object.concept_id)
        other = ends[1] if ends[0] in subjects else ends[0] if ends[1] in subjects else None
        if other is None or other in listed or graph.total > len(graph.items):
            continue
        named = claim.object.name or claim.object.text if other == ends[1] else claim.subject.name or claim.subject.text
        notices.append(f"disagrees with the graph answer: \"{claim.sentence.strip()}\" names {named}, which the graph "
                       f"does not record for {' and '.join(graph.subject_names)} (it records "
                       f"{', '.join(i.name for i in graph.items)})")
    return notices
