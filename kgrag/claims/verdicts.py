"""Verdicts: each claim of a text checked against the graph, the way a curator reads it.

Verdicts use graph_schema's predicate metadata and `same_as` clusters (`relations_between`). Each claim carries
the rule that decided it (`RULES`; the precision of each on the gold set is in the README):
- supported: an edge of the claim's relation family (`edge`: a gene-disease claim written as "causes",
  "is associated with" or "mutations in" is checked against every gene-disease edge, and the reason names the
  edge that supports it), or one to a more specific concept (`more_specific`: an edge to "Ectopia lentis"
  supports a claim about "Abnormality of the lens");
- contradicted: an edge whose predicate contradicts the claim's (`contrary_relation`: treats vs
  contraindicated_for), a curated NOT annotation for a positive claim (`curated_negative`), a positive edge for
  a negated claim, to the concept or a more specific one (`denied_edge`, `denied_specific`), and conflicts with
  relations the graph records completely enough: a mode of inheritance none of the disease's recorded modes
  (`inheritance_conflict`, the recorded modes as evidence), a gene other than the one to GENE_CONFLICT_MAX genes
  recorded for a disease (`gene_conflict`, those genes and the diseases the claimed gene is recorded for as
  evidence); for a disease whose source records no modes (Orphanet), the modes of its one to GENE_CONFLICT_MAX
  genes' OMIM diseases support or contradict a claimed mode (`gene_mode`, `gene_mode_conflict`,
  `denied_gene_mode`; `kgrag.claims.gene_modes`);
- not_in_kg (`no_edge`): both ends linked, no such edge, no conflict; phenotypes are open-world, so a missing
  annotation is never a contradiction; the shortest path of up to 2 hops is given as related evidence;
- unlinked: one end names no concept in the graph, or names a group the graph holds only a subtype of (the concept
  vectors' nearest name narrows the words, `kgrag.claims.dense_ends`) and that subtype does not support the claim:
  what holds for a subtype is said of the group, but its silence or a conflict says nothing of the group.

Sentences come from `kgrag.text.sentences`, triples from the prose extractor (`kgrag.claims.extraction`) by
default or any `SentenceExtractor` (the cue lexicon of `kgrag.claims.cue_lexicon`, the baseline), and, with
`KGRAG_CLAIM_EXTRACTION=llm`, from the answering model's JSON claim list (`kgrag.claims.llm`, validated and
re-linked by kgrag). Before judging, `kgrag.claims.reading` reads the stated relation as the graph records it
("X is an autosomal dominant disorder" is a mode of inheritance; "G is described in X" a gene-disease claim).
A claim whose ends are each of the kind its relation wants at the other end is a misreading and is dropped
(`_kinds_reversed`), as is a cause or association whose one end restates the other (`restates_an_end`); what an
opening "It" refers to passes from sentence to sentence only while it is clear (`_next_antecedent`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from graph_schema import NodeKind, get_predicate
from kgrag import lexicon as lx
from kgrag.claims.aliases import TextAliases, narrows
from kgrag.claims.cue_lexicon import UNCERTAIN
from kgrag.claims.dense_ends import DenseEnds
from kgrag.claims.entity_words import SUBJECT_VERB
from kgrag.claims.extraction import ProseExtractor
from kgrag.claims.gene_modes import GeneModeReader
from kgrag.claims.llm import LLMClaimExtractor
from kgrag.claims.misspelled_ends import MisspelledEnds
from kgrag.claims.reading import (
    descriptor_terms,
    inheritance_modes,
    inheritance_names,
    inside_compound,
    is_drug_name,
    is_genetic_phrase,
    is_mode,
    read_predicate,
)
from kgrag.claims.terms import TermTest
from kgrag.claims.triples import Triple
from kgrag.claims.variant_ends import VariantEnds
from kgrag.graph.base import GraphReader
from kgrag.limits import Deadline
from kgrag.linking.dictionary import DictionaryLinker, Linker, singular
from kgrag.records import (
    VERDICTS,
    Claim,
    ClaimEnd,
    Evidence,
    KGFact,
    LinkedMention,
    Relation,
    Verdict,
    cited_ids,
    edge_text,
)
from kgrag.records.serialize import Record
from kgrag.text.sentences import sentences

MAX_CLAIMS = 50  # an answer with more is checked up to here and says so
MAX_ANCESTOR_DEPTH = 12
MAX_READINGS = 3
# A cosine at which a phrase and a concept name differ only in spelling or an article ("capillary malformation of the
# lower lip" / "Capillary malformation of the lip": 0.972): read so even where HPO files the term elsewhere.
NEAR_VERBATIM = 0.95  # concept ids tried per mention
# Gene-disease wording ("causes", "is associated with", "mutations in") is one relation to a curator.
GENE_DISEASE = frozenset({"causes", "associated_with"})
# A disease with at most this many recorded genes has its genes recorded completely enough that another gene
# contradicts a causal claim (see _conflict). Chosen on the gold set (benchmarks/bench_gene_conflict.py): of 74
# experts' true gene-disease statements, K=3 contradicts 2 and catches 31 of 53 swapped genes; K=4 contradicts 6.
GENE_CONFLICT_MAX = 3
# Roles whose end is a disease when the name also names a phenotype term ("chronic lymphocytic leukemia" is an
# OMIM disease and an HPO term): what a drug treats, what a gene causes or is associated with.
DISEASE_FIRST: dict[tuple[str, str], tuple[NodeKind, ...]] = {
    ("treats", "object"): (NodeKind.DISEASE,), ("may_prevent", "object"): (NodeKind.DISEASE,),
    ("contraindicated_for", "object"): (NodeKind.DISEASE,), ("causes", "object"): (NodeKind.DISEASE,),
    ("associated_with", "object"): (NodeKind.DISEASE,), ("is_a", "subject"): (NodeKind.DISEASE,),
}
RULES: Mapping[str, str] = {
    "edge": "supported: an edge of the claim's relation family states it",
    "more_specific": "supported: an edge to a more specific concept states it",
    "named_subtype": "supported: a gene-disease edge to a disease whose name is the claimed one's and more (a "
                     "numbered or qualified subtype) states it",
    "recorded_absent": "supported: a negated claim the graph records as absent (HPO NOT)",
    "contrary_relation": "contradicted: an edge whose relation contradicts the claim's (treats vs contraindicated)",
    "curated_negative": "contradicted: a curated NOT annotation for a positive claim",
    "denied_edge": "contradicted: a negated claim the graph states positively",
    "denied_specific": "contradicted: a negated claim the graph states for a more specific concept (by is_a, or a "
                       "disease's subtype by name)",
    "inheritance_conflict": "contradicted: a mode of inheritance none of the disease's recorded modes",
    "gene_mode": "supported: a mode of inheritance recorded for the disease of one of the disease's 1-"
                 f"{GENE_CONFLICT_MAX} genes, where the disease's source records no modes (Orphanet)",
    "denied_gene_mode": "contradicted: a denied mode of inheritance that `gene_mode` reads for the disease",
    "gene_mode_conflict": "contradicted: a mode none of those recorded for the diseases of the disease's 1-"
                          f"{GENE_CONFLICT_MAX} genes, where the disease's source records no modes",
    "gene_conflict": f"contradicted: a gene other than the 1-{GENE_CONFLICT_MAX} genes recorded for the disease",
    "no_edge": "not_in_kg: both ends are concepts, the graph records no such relation",
    "unlinked": "unlinked: an end names no concept of the graph",
}
"""Every verdict rule, by the name a claim's `rule` carries (precision of each on the gold set: README)."""


GENERALIZING_FAMILIES = frozenset({"phenotype", "therapeutic", "association", "causal"})
"""Predicate families whose claims an edge to a more specific object (by is_a) supports."""


# A short form in brackets after an unlinked end ("multiple pterygium syndrome (MPS)"): no part of the name the
# vectors are asked about.
_TRAILING_SHORT_FORM = re.compile(r"\s*\([^()]{1,20}\)\s*$")


# a sentence whose subject is "It" (its claims, if any, were about the same referent as the sentence before)
_OPENING_IT = re.compile(r"it\b", re.I)
# "..., such as Down's syndrome", "including X": a mention given as an example, which a later "this condition" does not
# refer to (the text's topic stays the disease named before)
_EXAMPLE_BEFORE = re.compile(r"\b(?:such\s+as|including|e\.g\.,?)\s+(?:(?:the|an?)\s+)?(?:[\w'-]+\s+){0,3}$", re.I)


class Decision(NamedTuple):
    verdict: Verdict
    evidence: list[Relation]
    reason: str
    rule: str


SentenceExtractor = Callable[[str, Sequence[LinkedMention], "LinkedMention | None", "LinkedMention | None"],
                             list[Triple]]
"""(sentence, its mentions, what "it" refers to, what "this disease" refers to) -> the sentence's triples."""


@dataclass(frozen=True, slots=True)
class Verification(Record):
    claims: tuple[Claim, ...]
    groundedness: float | None  # supported / (claims with a verdict other than unlinked); None without any
    notes: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)




class Verifier:
    def __init__(self, store: GraphReader, linker: Linker | None, extractor: LLMClaimExtractor | None = None,
                 extract: SentenceExtractor | None = None, dense_ends: DenseEnds | None = None) -> None:
        """`extract` reads one sentence's linked mentions into triples (default: `ProseExtractor`, with this
        graph's kinds and modes of inheritance); `extractor`: an LLM claim extractor whose validated claims join
        the rule-based ones."""
        self.store = store
        self.linker = linker
        self.extractor = extractor
        self.dense_ends = dense_ends
        self.variant_ends = VariantEnds(store)
        self.misspelled_ends = MisspelledEnds(store)
        self._ancestors = lru_cache(maxsize=50_000)(self._parents)
        self._kind = lru_cache(maxsize=100_000)(self._lookup_kind)
        self.gene_modes = GeneModeReader(store, self._kind, max_genes=GENE_CONFLICT_MAX)
        modes = inheritance_modes(store)
        inheritance = inheritance_names(modes)
        self.descriptors = descriptor_terms(store)  # "late onset", "stable": never a claim end (reading.py)
        # Every mode, also one the extractor does not read by name ("mitochondrial" alone names other things).
        self.extract_inheritance = frozenset(modes)
        terms = TermTest(linker.vocabulary()[1]) if isinstance(linker, DictionaryLinker) else None
        organs = linker.organs() if isinstance(linker, DictionaryLinker) else frozenset()
        self.extract: SentenceExtractor = extract if extract is not None else ProseExtractor(
            self._kind, inheritance, terms, modes=self.extract_inheritance, organs=organs)

    def _end_kind(self, end: LinkedMention | str) -> str | None:
        """The kind of a claim end: its concept's, "Drug" for an unlinked name with a drug-name stem, "Gene" for an
        unlinked phrase about a gene's variation ("FAAH gene mutations"), or None."""
        if isinstance(end, str):
            return "Drug" if is_drug_name(end) else "Gene" if is_genetic_phrase(end) else None
        if end.concept_ids[0] in self.extract_inheritance:
            return "Inheritance"
        return self._kind(end.concept_ids[0])

    def _kinds_reversed(self, triple: Triple) -> bool:
        """Whether each end is of the kind the relation wants at the other end: "vomiting has phenotype Angelman
        syndrome" (from "an infant with vomiting had Angelman syndrome"), a finding "having" a disease. The sentence
        was misread, and no reading of it is shown rather than a guess at which way it goes."""
        meta = get_predicate(triple.predicate)
        if not meta.subject_kinds or not meta.object_kinds or isinstance(triple.subject, str) or \
                isinstance(triple.object, str):
            return False
        subject_kinds = {self._kind(cid) for cid in triple.subject.concept_ids[:MAX_READINGS]}
        object_kinds = {self._kind(cid) for cid in triple.object.concept_ids[:MAX_READINGS]}
        return not subject_kinds & meta.subject_kinds and bool(subject_kinds & meta.object_kinds) and \
            not object_kinds & meta.object_kinds and bool(object_kinds & meta.subject_kinds)

    def kind_of(self, concept_id: str) -> str | None:
        """A concept's kind ("Disease", "Phenotype", ...), cached; None for an id the graph lacks."""
        return self._kind(concept_id)

    def _lookup_kind(self, concept_id: str) -> str | None:
        concept = self.store.get(concept_id)
        return str(concept.kind) if concept is not None else None

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
        aliases = TextAliases()  # short forms the question or an earlier sentence defined ("SKS")
        aliases.learn(context)
        for number, (start, sentence) in enumerate(found):
            if deadline is not None and deadline.expired():
                notes.append(f"claim checking stopped at {deadline.setting}={deadline.seconds:g} s: "
                             f"{len(found) - number} of {len(found)} sentences were not checked")
                break
            markers = tuple(cited_ids(sentence))
            mentions = aliases.extend(sentence, self.linker.link(sentence)) if self.linker is not None else []
            mentions = [m for m in mentions if m.concept_ids[0] not in self.descriptors and not (
                self._kind(m.concept_ids[0]) != "Gene" and inside_compound(sentence, m.start, m.end))]
            aliases.learn(mentions)
            triples = [t for t in self._dense_resolved([_resolved(t, aliases) for t in self.extract(
                sentence, mentions, antecedent, disease)]) if not self._kinds_reversed(t) and
                not restates_an_end(t, self._kind)]
            antecedent = _next_antecedent(sentence, triples, mentions, antecedent)
            disease = self._latest_disease([m for m in mentions if not _EXAMPLE_BEFORE.search(sentence, 0, m.start)],
                                           disease)
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

    def _dense_resolved(self, triples: list[Triple]) -> list[Triple]:
        """Unlinked ends read for roles whose kind is known (a disease's feature, a gene's disease, what a drug
        treats): by the dictionary when one name spans the whole end (`_named_whole`), a feature by a learned
        synonym word swap (`kgrag.claims.variant_ends`), a disease or a one-word feature by the name the end
        misspells (`kgrag.claims.misspelled_ends`), then what is left by the concept vectors
        (`kgrag.claims.dense_ends`), in one batch per sentence. The disease of a mode of inheritance is read by a
        name only (whole or misspelled), never by the vectors: the nearest disease may be a subtype of another mode
        ("Omodysplasia" read as *Omodysplasia 1*, autosomal recessive, would contradict "Omodysplasia is autosomal
        dominant", true of type 2)."""
        asked: list[tuple[int, str, str, frozenset[str]]] = []
        for number, triple in enumerate(triples):
            for role, side, other in (("subject", triple.subject, triple.object),
                                      ("object", triple.object, triple.subject)):
                if isinstance(side, str):
                    kinds = _wanted_kinds(triple.predicate, role, self._end_kind(other))
                    if kinds:  # read without a short form the author gave it: "multiple pterygium syndrome (MPS)"
                        asked.append((number, role, _TRAILING_SHORT_FORM.sub("", side) or side, kinds))
        if not asked:
            return self._more_specific_objects(triples)
        # (a disease whose mode is claimed is read only by a name: the nearest disease the vectors find may be a
        # subtype of another mode, which would contradict a true sentence)
        moded = [triples[number].predicate == "has_mode_of_inheritance" for number, _, _, _ in asked]
        spelled = [(self._named_whole(phrase, kinds) or self.misspelled_ends.resolve(phrase)) if mode else
                   (self._named_whole(phrase, kinds) or
                    (self.variant_ends.resolve(phrase) if "Phenotype" in kinds else None) or
                    (self.misspelled_ends.resolve(phrase) if "Disease" in kinds else None) or
                    (self.misspelled_ends.resolve_feature(phrase) if "Phenotype" in kinds else None))
                   for (_, _, phrase, kinds), mode in zip(asked, moded, strict=True)]
        dense = [item for item, mention, mode in zip(asked, spelled, moded, strict=True)
                 if mention is None and not mode]
        vectors = iter(self.dense_ends.resolve([(phrase, kinds) for _, _, phrase, kinds in dense])
                       if self.dense_ends is not None and dense else [])
        found = [mention if mention is not None or mode else next(vectors, None)
                 for mention, mode in zip(spelled, moded, strict=True)]
        out = list(triples)
        for (number, role, _, _), mention in zip(asked, found, strict=True):
            if mention is not None and is_mode(mention.concept_ids[0], self.extract_inheritance) and \
                    triples[number].predicate != "has_mode_of_inheritance":
                continue  # "a pattern of inheritance" read as HPO's "Mode of inheritance" is no feature
            if mention is not None:
                out[number] = (replace(out[number], subject=mention) if role == "subject"
                               else replace(out[number], object=mention))
        return self._more_specific_objects(out)

    def _named_whole(self, phrase: str, kinds: frozenset[str]) -> LinkedMention | None:
        """The concept the dictionary links `phrase` to on its own, when one name spans the whole phrase (past a
        leading article) and is of a wanted kind. An end can be unlinked in its sentence yet a name by itself: a
        feature spelled out inside a syndrome's name ("Warts, ... (WHIM) syndrome") belongs to the name's mention
        there."""
        if not isinstance(self.linker, DictionaryLinker):
            return None
        found = self.linker.link(phrase, context=False)
        opening = re.match(r"(?:(?:the|a|an)\s+)?", phrase, re.I)
        if len(found) != 1 or found[0].start > (opening.end() if opening else 0) or \
                found[0].end < len(phrase.rstrip()):
            return None
        concept = found[0].concept_ids[0]
        if concept in self.descriptors or self._kind(concept) not in kinds:
            return None
        return replace(found[0], start=0, end=len(phrase), text=phrase)

    def _more_specific_objects(self, triples: list[Triple]) -> list[Triple]:
        """A linked feature inside a longer item ("capillary malformation of the lower lip") is read as the item
        when the concept vectors name it with the claim threshold and that concept is a descendant (is_a) of the
        linked one, or is named near verbatim (`NEAR_VERBATIM`): the author's words are more specific than the
        dictionary's match, and the two tests keep the reading from drifting."""
        if self.dense_ends is None:
            return triples
        asked = [(number, t) for number, t in enumerate(triples)
                 if t.object_words and isinstance(t.object, LinkedMention) and t.predicate == "has_phenotype"]
        if not asked:
            return triples
        wanted = [(t.object_words, frozenset({"Phenotype"})) for _, t in asked]
        found = self.dense_ends.resolve(wanted)
        verbatim = self.dense_ends.resolve(wanted, threshold=NEAR_VERBATIM)
        out = list(triples)
        for (number, triple), mention, exact in zip(asked, found, verbatim, strict=True):
            assert isinstance(triple.object, LinkedMention)
            mention = None if mention is not None and mention.method == "subtype" else mention
            exact = None if exact is not None and exact.method == "subtype" else exact
            linked = set(triple.object.concept_ids[:MAX_READINGS])
            if exact is not None and exact.concept_ids[0] not in linked:
                out[number] = replace(triple, object=exact)
            elif mention is not None and mention.concept_ids[0] not in linked and \
                    linked & self._ancestor_set(mention.concept_ids[0]):
                out[number] = replace(triple, object=mention)
        return out

    def _latest_disease(self, mentions: Sequence[LinkedMention], current: LinkedMention | None
                        ) -> LinkedMention | None:
        """The last mention whose preferred concept is a disease ("this condition" never means a gene)."""
        concepts = self.store.get_many(m.concept_ids[0] for m in mentions)
        diseases = [m for m in mentions if m.concept_ids[0] in concepts
                    and concepts[m.concept_ids[0]].kind == NodeKind.DISEASE]
        return diseases[-1] if diseases else current

    # -- verdicts ------------------------------------------------------------------------------------------------

    def _judge(self, sentence: str, start: int, triple: Triple, markers: tuple[str, ...]) -> Claim:
        subject_kind, object_kind = self._end_kind(triple.subject), self._end_kind(triple.object)
        if triple.predicate in GENE_DISEASE and isinstance(triple.object, LinkedMention):
            # A name that is both a disease and a phenotype term ("chronic lymphocytic leukemia", "ectopia
            # lentis"): what a gene causes or is associated with is the disease; what a disease causes is the
            # feature (two diseases "associated with" each other stay diseases).
            wanted = "Disease" if subject_kind == "Gene" else "Phenotype" if (
                subject_kind == "Disease" and triple.predicate == "causes") else None
            if wanted and any(self._kind(cid) == wanted for cid in triple.object.concept_ids[:MAX_READINGS]):
                object_kind = wanted
        if triple.predicate == "associated_with" and (subject_kind, object_kind) == ("Phenotype", "Disease"):
            # "A malar rash is associated with SLE": association has no direction, and a curator reads a feature
            # associated with a disease as the disease's phenotype annotation.
            triple = replace(triple, subject=triple.object, object=triple.subject)
            subject_kind, object_kind = object_kind, subject_kind
        triple = replace(triple, predicate=read_predicate(triple.predicate, subject_kind, object_kind))
        subject_ids = self._readings(triple.subject, triple.predicate, "subject")
        object_ids = self._readings(triple.object, triple.predicate, "object")

        def claim(subject: ClaimEnd, obj: ClaimEnd, decision: Decision) -> Claim:
            ends = {node for edge in decision.evidence for node in (edge.subject, edge.object)}
            names = {cid: concept.name for cid, concept in self.store.get_many(ends).items()} if ends else {}
            # a reading of misspelled words is a guess the reader must see: "'Aicardi-Gouteau Syndrome' read as
            # Aicardi-Goutières syndrome"
            guesses = [f"{side.text!r} read as {end.name}" for side, end in ((triple.subject, subject),
                                                                            (triple.object, obj))
                       if isinstance(side, LinkedMention) and side.method == "spelling" and end.concept_id]
            reason = "; ".join([decision.reason, *guesses])
            return Claim(sentence, start, start + len(sentence), subject, triple.predicate, obj, triple.negated,
                         triple.uncertain, decision.verdict, tuple(decision.evidence), reason,
                         citations=markers, extractor=triple.extractor, names=names, rule=decision.rule)

        if not subject_ids or not object_ids:
            subject, obj = self._end(triple.subject, subject_ids), self._end(triple.object, object_ids)
            missing = subject.text if not subject_ids else obj.text
            return claim(subject, obj, Decision("unlinked", [], f"{missing!r} names no concept in the graph",
                                                "unlinked"))
        subject_id, object_id, decision = self._decisive_reading(subject_ids, triple, object_ids)
        subtype = next((side for side in (triple.subject, triple.object)
                        if isinstance(side, LinkedMention) and side.method == "subtype"), None)
        if subtype is not None and decision.verdict != "supported":
            # The words name a group the graph holds only subtypes of: a subtype's edge supports the claim, but
            # the subtype's silence or conflict says nothing of the group (dense_ends.py).
            subject = self._end(triple.subject, [] if subtype is triple.subject else [subject_id])
            obj = self._end(triple.object, [] if subtype is triple.object else [object_id])
            return claim(subject, obj, Decision(
                "unlinked", [], f"{subtype.text!r} names no concept in the graph, only a subtype "
                f"({self._name(subtype.concept_ids[0])}) that does not state the claim", "unlinked"))
        return claim(self._end(triple.subject, [subject_id]), self._end(triple.object, [object_id]), decision)

    def _decisive_reading(self, subject_ids: list[str], triple: Triple, object_ids: list[str]
                          ) -> tuple[str, str, Decision]:
        """A mention may have several readings ("Ectopia lentis" the phenotype and the OMIM disease): the first
        pair the graph decides (supported or contradicted) wins; without one, the best-fitting pair's verdict."""
        fallback = None
        for subject_id in subject_ids:
            for object_id in object_ids:
                result = self._verdict(subject_id, triple.predicate, object_id, triple.negated)
                if result.verdict in ("supported", "contradicted"):
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
            wanted = frozenset(DISEASE_FIRST.get((predicate, role), ()))
        if not wanted:
            return ids
        concepts = self.store.get_many(ids)
        fitting = [cid for cid in ids if cid in concepts and concepts[cid].kind in wanted]
        return fitting + [cid for cid in ids if cid not in fitting]  # the fitting readings first, then the rest

    def _verdict(self, subject: str, predicate: str, obj: str, negated: bool) -> Decision:
        claimed = get_predicate(predicate)
        subjects = self.store.equivalents(subject)
        edges = self.store.relations_between(subject, obj)
        gene_disease = predicate in GENE_DISEASE and self._kind(subject) == "Gene" and self._kind(obj) == "Disease"
        same = [e for e in edges if _same_family(e, claimed.name, subjects)
                or gene_disease and e.predicate in GENE_DISEASE]
        refuting = [e for e in edges if e.predicate in claimed.contradicts and not e.negated
                    and (e.subject in subjects or get_predicate(e.predicate).symmetric)]
        positive = [e for e in same if not e.negated]
        negative = [e for e in same if e.negated]
        if negated:
            if positive:
                return Decision("contradicted", positive, "the graph states the relation the claim denies",
                                "denied_edge")
            if negative:
                return Decision("supported", negative, "the graph records the relation as absent", "recorded_absent")
            specific = self._generalized(subjects, claimed.name, obj) or (
                self._named_subtypes(subjects, obj) if gene_disease else [])
            if specific:
                return Decision("contradicted", specific, "the graph states it for a more specific concept",
                                "denied_specific")
            through_genes = self._through_genes(subjects, predicate, obj, negated=True)
            if through_genes is not None:
                return through_genes
            return Decision("not_in_kg", self._related(subject, obj), "the graph does not record this relation",
                            "no_edge")
        if positive:
            return Decision("supported", positive, f"the graph records that {_said(positive[0], self.store)}", "edge")
        if refuting:
            return Decision("contradicted", refuting, f"the graph says {get_predicate(refuting[0].predicate).label}",
                            "contrary_relation")
        if negative:
            return Decision("contradicted", negative, "the graph records the relation as absent", "curated_negative")
        general = self._generalized(subjects, claimed.name, obj)
        if general:
            return Decision("supported", general, "an edge to a more specific concept states it", "more_specific")
        subtypes = self._named_subtypes(subjects, obj) if gene_disease else []
        if subtypes:
            return Decision("supported", subtypes, f"the graph records it for {self._name(subtypes[0].object)}, a "
                            f"subtype of {self._name(obj)} by name", "named_subtype")
        conflict = self._conflict(subjects, predicate, obj, gene_disease) or \
            self._through_genes(subjects, predicate, obj, negated=False)
        if conflict is not None:
            return conflict
        return Decision("not_in_kg", self._related(subject, obj), "both concepts are in the graph, but no such edge",
                        "no_edge")

    def _named_subtypes(self, genes: set[str], disease: str) -> list[Relation]:
        """The gene's disease edges to diseases whose names hold every word of the claimed disease's name and more:
        "Familial adenomatous polyposis 1" (OMIM) for "Familial adenomatous polyposis" (Orphanet), "Breast-ovarian
        cancer, familial, 1" for "Ovarian cancer". The HPO graph records genes on OMIM's numbered entries and
        rarely on the group an author names; what holds for a subtype is said of the group (as `more_specific`
        does along is_a), so such an edge supports the claim and contradicts its denial; the subtype's silence
        never refutes anything."""
        name = self._name(disease)
        edges = [e for e in self._gene_diseases(genes, limit=200) if not e.negated]
        names = {cid: concept.name for cid, concept in self.store.get_many({e.object for e in edges}).items()}
        return [e for e in edges if e.object in names and narrows(name, names[e.object])]

    def _conflict(self, subjects: set[str], predicate: str, obj: str, gene_disease: bool) -> Decision | None:
        """A relation the graph records completely enough that another value contradicts the claim:
        - a mode of inheritance other than every mode recorded for the disease (or a mode below or above one);
        - a causal or associated gene of a disease with at most GENE_CONFLICT_MAX recorded genes, none of them the
          claimed one (the evidence adds the diseases the claimed gene is recorded for).
        Phenotypes are open-world: a missing annotation is never a contradiction."""
        if predicate == "has_mode_of_inheritance":
            recorded = [e for e in self.store.neighbors(sorted(subjects), hops=1,
                                                        predicates=["has_mode_of_inheritance"], limit=200).relations
                        if e.subject in subjects and not e.negated]
            claimed = self.store.equivalents(obj)
            related = {e.object for e in recorded if claimed & ({e.object} | self._ancestor_set(e.object))
                       or e.object in {a for c in claimed for a in self._ancestor_set(c)}}
            if recorded and not related:
                modes = ", ".join(sorted({self._name(e.object) for e in recorded}))
                return Decision("contradicted", recorded, f"the graph records {modes} for this disease",
                                "inheritance_conflict")
            return None
        if not gene_disease:
            return None
        disease = self.store.equivalents(obj)
        genes = [e for e in self.store.neighbors(sorted(disease), hops=1, predicates=sorted(GENE_DISEASE),
                                                 limit=200).relations
                 if e.object in disease and not e.negated and self._kind(e.subject) == "Gene"]
        recorded_genes = {e.subject for e in genes}
        if not 1 <= len(recorded_genes) <= GENE_CONFLICT_MAX or recorded_genes & subjects:
            return None
        elsewhere = self._gene_diseases(subjects, limit=50)[:3]
        names = ", ".join(sorted(self._name(g) for g in recorded_genes))
        return Decision("contradicted", genes + elsewhere, f"the graph records {names} for this disease",
                        "gene_conflict")

    def _through_genes(self, subjects: set[str], predicate: str, obj: str, *, negated: bool) -> Decision | None:
        """A mode of inheritance read through the disease's few genes where its source records none
        (`kgrag.claims.gene_modes`): a derived mode that is the claimed one or below it supports the claim (and
        contradicts its denial); when every gene's diseases record modes and none is related to the claimed one,
        the claim is contradicted, with the derived modes as evidence."""
        if predicate != "has_mode_of_inheritance":
            return None
        derived = self.gene_modes.read(subjects)
        if derived is None or not derived.modes:
            return None
        claimed = self.store.equivalents(obj)
        stating = [mode for mode in derived.modes if claimed & ({mode} | self._ancestor_set(mode))]
        if stating:
            chain = derived.modes[stating[0]]
            said = (f"the graph records {self._name(chain[-1].object)} for {self._name(chain[-1].subject)}, the "
                    f"disease of {self._name(chain[0].subject)}, a gene recorded for this disease")
            if negated:
                return Decision("contradicted", chain, said, "denied_gene_mode")
            return Decision("supported", chain, said, "gene_mode")
        related = any(mode in {a for c in claimed for a in self._ancestor_set(c)} for mode in derived.modes)
        if negated or related or not derived.complete:
            return None
        evidence = [edge for chain in derived.modes.values() for edge in chain]
        modes = ", ".join(sorted({self._name(mode) for mode in derived.modes}))
        return Decision("contradicted", evidence, f"the graph records {modes} for the diseases of this disease's "
                        "genes", "gene_mode_conflict")

    def _gene_diseases(self, genes: set[str], limit: int) -> list[Relation]:
        """The genes' gene-disease edges (as the genes' subject, to a disease), from the first `limit` edges."""
        return [e for e in self.store.neighbors(sorted(genes), hops=1, predicates=sorted(GENE_DISEASE),
                                                limit=limit).relations
                if e.subject in genes and self._kind(e.object) == "Disease"]

    def _name(self, concept_id: str) -> str:
        concept = self.store.get(concept_id)
        return concept.name if concept is not None else concept_id

    def _generalized(self, subjects: set[str], predicate: str, obj: str) -> list[Relation]:
        """Edges from the subject to a concept whose is_a ancestors include the claim's object: a phenotype
        under the claimed one, or a disease under the claimed one (with a disease hierarchy loaded, from DO or
        MONDO: "metformin treats diabetes mellitus" from an edge to type 2 diabetes). Harm edges never
        generalize: a contraindication in one subtype says nothing of the others."""
        if get_predicate(predicate).family not in GENERALIZING_FAMILIES:
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




def _wanted_kinds(predicate: str, role: str, other: str | None) -> frozenset[str]:
    """The kinds an unlinked end must have to be read densely; empty: not read (causes, genes and drugs the HPO
    graph names by symbol or not at all, classes such as "a neurodegenerative disorder"). What a gene causes is a
    disease or a feature: HPO records both (its disease associations and its phenotype annotations)."""
    if predicate == "has_phenotype":
        return frozenset({"Disease"}) if role == "subject" else frozenset({"Phenotype"})
    if predicate == "has_mode_of_inheritance" and role == "subject":
        return frozenset({"Disease"})  # "Aicardi-Gouteau syndrome (AGS), which is an autosomal recessive disorder"
    if predicate in GENE_DISEASE and role == "object":
        return frozenset({"Disease", "Phenotype"}) if other == "Gene" else frozenset({"Phenotype"}) \
            if other == "Disease" else frozenset()
    if predicate in ("treats", "may_prevent") and role == "object":
        return frozenset({"Disease", "Phenotype"})
    return frozenset()


def restates_an_end(triple: Triple, kind_of: Callable[[str], str | None]) -> bool:
    """Whether a cause or an association relates a phrase to words it already holds ("hemolytic anemia causes
    episodic hemolytic anemia", "lower limb fractures are associated with fracture"): a list misread across its own
    items, no relation between two things. A gene's name inside a disease's ("SOX2 causes SOX2 anophthalmia
    syndrome") is the naming convention, and stays."""
    if triple.predicate not in ("causes", "associated_with"):
        return False
    ends = [triple.subject, triple.object]
    if any(isinstance(end, LinkedMention) and kind_of(end.concept_ids[0]) == "Gene" for end in ends):
        return False
    words = [{singular(w) for w in re.findall(r"[a-z0-9]+", (end if isinstance(end, str) else end.text).lower())}
             for end in ends]
    return bool(words[0]) and bool(words[1]) and (words[0] <= words[1] or words[1] <= words[0])


def _next_antecedent(sentence: str, triples: Sequence[Triple], mentions: Sequence[LinkedMention],
                     previous: LinkedMention | None) -> LinkedMention | None:
    """What an "It" opening the next sentence refers to:
    - this sentence opens with "It" itself: the same referent as this "It", resolved or not ("Epoxyne is an enzyme
      ... It is implicated in diseases including cancer. It is linked to Alzheimer's disease": the enzyme, not
      cancer; "It is caused by FBN1 mutations. It ...": the disease, not the gene);
    - else this sentence's first linked claim subject, when it is the sentence's first mention (its subject);
    - with none, when its claims are about a phrase the graph lacks ("Epidermolysis bullosa is a group of skin
      disorders. It is characterized by blisters": "It" is the disorder, not the skin category the sentence links)
      or the first claim subject stands inside the sentence ("X is a disorder characterized by deformities caused
      by squamous cell carcinoma. It results from ...": "It" is X, not the carcinoma): nothing, an antecedent that
      is not clear is not resolved;
    - otherwise its first linked mention, when no verb stands before it ("The symptoms include blurred vision,
      ... It can cause blindness": not the vision)."""
    opening = lx.INTRODUCTORY.sub("", sentence.lstrip())
    if _OPENING_IT.match(opening) and not lx.EXPLETIVE_IT.match(opening, 2):
        return previous
    subjects = [t.subject for t in triples if isinstance(t.subject, LinkedMention)]
    if subjects:
        return subjects[0] if subjects[0].start <= min((m.start for m in mentions), default=subjects[0].start) \
            else None
    if triples:
        return None
    if mentions and SUBJECT_VERB.search(" " + sentence[:mentions[0].start]):
        return None
    return mentions[0] if mentions else previous


def _resolved(triple: Triple, aliases: TextAliases) -> Triple:
    """A triple whose unlinked end misspells a name the text already used, read as that name."""
    subject = aliases.resolve(triple.subject) if isinstance(triple.subject, str) else None
    obj = aliases.resolve(triple.object) if isinstance(triple.object, str) else None
    if subject is None and obj is None:
        return triple
    return replace(triple, subject=subject or triple.subject, object=obj or triple.object)


def _said(edge: Relation, store: GraphReader) -> str:
    """An edge in words with its source: "FBN1 is associated with Marfan syndrome (HPO)"."""
    names = store.get_many([edge.subject, edge.object])
    subject = names[edge.subject].name if edge.subject in names else edge.subject
    obj = names[edge.object].name if edge.object in names else edge.object
    return f"{edge_text(edge, subject, obj)} ({edge.source})"


def _same_family(edge: Relation, predicate: str, subjects: set[str]) -> bool:
    meta, claimed = get_predicate(edge.predicate), get_predicate(predicate)
    if meta.family != claimed.family or not meta.clinical:
        return False
    return meta.symmetric or edge.subject in subjects




def contradicted_by(claim: Claim, relation: Relation) -> bool:
    """Whether `relation` is one of the graph edges the claim contradicts (so it must never be cited for it)."""
    triple = (relation.subject, relation.predicate, relation.object)
    return claim.verdict == "contradicted" and any((e.subject, e.predicate, e.object) == triple
                                                   for e in claim.evidence)


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
        if isinstance(item, KGFact) and contradicted_by(claim, item.relation):
            problems.append(f"[{marker}] states the graph fact this sentence contradicts")
            continue
        about = ({item.relation.subject, item.relation.object} if isinstance(item, KGFact)
                 else set(item.passage.concepts))
        if concepts and not about & concepts:
            problems.append(f"[{marker}] is not about this sentence's concepts")
    return replace(claim, citation_problems=tuple(problems))
