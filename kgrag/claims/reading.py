"""Reading a claim as the graph records it: which predicate family a stated relation belongs to.

An author writes "mutations in G cause X", "G is associated with X" or "G-related X" for one fact the graph
records as a gene-disease edge; "X causes seizures" and "X is associated with seizures" for a phenotype
annotation; "X is an autosomal dominant disorder" for a mode of inheritance. This module holds those readings,
so extraction can keep the author's wording and verdicts compare like with like.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from kgrag.graph.base import GraphReader
from kgrag.lexicon import DRUG_STEMS, GENE_COMPOUND_KINDS
from kgrag.records import Concept

MODE_OF_INHERITANCE = "HP:0000005"  # HPO's root of inheritance modes
MAX_DEPTH = 4


def inheritance_modes(store: GraphReader) -> dict[str, Concept]:
    """The graph's modes of inheritance under HPO's root, by id, to `MAX_DEPTH` levels; empty without HPO."""
    if store.get(MODE_OF_INHERITANCE) is None:
        return {}
    modes: dict[str, Concept] = {}
    frontier, seen = [MODE_OF_INHERITANCE], {MODE_OF_INHERITANCE}
    for _ in range(MAX_DEPTH):
        children = [e.subject for node in frontier
                    for e in store.neighbors([node], hops=1, predicates=["is_a"], limit=500).relations
                    if e.object == node and e.subject not in seen]
        seen.update(children)
        frontier = children
        modes.update(store.get_many(children))
    return modes


def is_mode(concept_id: str, modes: Set[str]) -> bool:
    """A mode of inheritance (one of `modes`, from `inheritance_modes`) or HPO's root of them ("a pattern of
    inheritance"): never a cause, a feature or a member of a class."""
    return concept_id in modes or concept_id == MODE_OF_INHERITANCE


def inheritance_names(modes: Mapping[str, Concept]) -> dict[str, str]:
    """Lower-cased names of these modes of inheritance, "inheritance" dropped ("autosomal dominant" ->
    HP:0000006), with the adverb forms authors use ("dominantly inherited")."""
    names: dict[str, str] = {}
    for concept in modes.values():
        for label in (concept.name, *concept.synonyms):
            name = label.lower().removesuffix(" inheritance").removesuffix(" inherited").strip()
            # One plain word ("mitochondrial", "sporadic") names other things too; keep names a reader
            # cannot mistake: two words or more, or an "-linked" form, or the one word with "inheritance".
            if len(name.split()) >= 2 or "-linked" in name:
                names.setdefault(name, concept.id)
            elif label.lower().endswith(" inheritance"):
                names.setdefault(label.lower(), concept.id)
    for adjective, adverb in (("autosomal dominant", "dominantly inherited"),
                              ("autosomal recessive", "recessively inherited")):
        if adjective in names:
            names.setdefault(adverb, names[adjective])
    return names


CLINICAL_MODIFIER = "HP:0012823"
FREQUENCY = "HP:0040279"
HEALTH_STATUS = "HP:0032319"  # a relative's status in a family history: "Affected", "Unaffected", "Healthy"
MORTALITY = "HP:0040006"  # under Clinical course, but "death in infancy" is a finding a disease has
MAX_DESCRIPTOR_DEPTH = 8


def descriptor_terms(store: GraphReader) -> frozenset[str]:
    """HPO's terms that qualify a finding rather than name one: "Clinical modifier" (onset, course, severity,
    laterality, position, triggers) and "Frequency", without "Mortality/Aging", and a family member's "Health
    status" ("Affected", "Healthy"). In prose they are adjectives of another noun ("late-onset genes", "adult-onset
    and juvenile forms", "stable gene repression", "two affected individuals", "apparently healthy individuals"),
    and read as claim ends they made claims no sentence states. Empty without HPO."""
    found: set[str] = set()
    frontier = [root for root in (CLINICAL_MODIFIER, FREQUENCY, HEALTH_STATUS) if store.get(root) is not None]
    found.update(frontier)
    for _ in range(MAX_DESCRIPTOR_DEPTH):
        if not frontier:
            break
        children = [e.subject for e in store.neighbors(frontier, hops=1, predicates=["is_a"], limit=10_000).relations
                    if e.object in frontier and e.subject not in found and e.subject != MORTALITY]
        found.update(children)
        frontier = children
    return frozenset(found)


def is_drug_name(text: str) -> bool:
    """A name the graph lacks that reads as a drug: its first word ends in an INN stem ("ibudilast" does not,
    "tocilizumab" does)."""
    words = text.split()
    return bool(words) and bool(DRUG_STEMS.search(words[0].strip("(),")))


# Head nouns of a phrase about a gene's variation ("FAAH gene mutations", "X-inactivation gene variants", "a
# polymorphism in TNFR2"): the graph records what such a phrase is said to cause as the gene's annotation.
_GENETIC_LAST = re.compile(r"\b(?:genes?|mutations?|variants?|polymorphisms?|alleles?|genotypes?|SNPs?)\s*$", re.I)


def is_genetic_phrase(text: str) -> bool:
    """An unlinked end that names a gene or its variation by its head noun: "Human FAAH gene mutations", "Some
    X-chromosome inactivation gene variants", "the MIR137 gene" (the head is the phrase's last word, an aside in
    brackets dropped); "gene therapy" or "mutations in the clinic" are not."""
    head = re.sub(r"\s*\([^()]*\)\s*$", "", text.strip())
    return bool(_GENETIC_LAST.search(head))


# A suffix that makes a compound adjective about something other than the concept ("tumour-specific antigens",
# "seizure-free survival", "lupus-like symptoms").
_ALTERING_SUFFIX = re.compile(r"-(?:specific|free|like|negative|positive|naive|naïve|independent|resistant|sparing|"
                              r"derived|targeted|suppressor|suppressive|suppressing)\b", re.I)


# Nouns a disease or finding name only modifies when it stands before them: "tumor size", "cancer cells", "tumor
# models", "tumour suppressor gene", "tumor processes", "feline infectious peritonitis virus", "measles vaccine"
# name a measure, a cell, a model, a gene, a process, a pathogen or a vaccine, not the disease; so do a place or
# body that works on it ("Memorial Sloan Kettering Cancer Center", "Alzheimer's Association"), a score ("Glasgow
# Coma Scale", "fatigue indices"), an operation ("rectal cancer surgery"), a rate ("breast cancer mortality", "male
# cancer deaths"), a tumour's place, stage, grade or count ("tumor location", "tumour stage", "tumor number") and a
# service ("breast cancer care").
# ("Hepatitis B virus": a letter or number between the name and its pathogen or vaccine)
_MODIFIED_HEAD = re.compile(r"(?:\s+[A-Z0-9]{1,2}(?=\s+(?:virus|viruses|vaccines?)\b))?"
                            r"\s+(?:size|sizes|volume|cells?|models?|tissues?|samples?|specimens?|lines?|"
                            r"suppressors?|suppression|antigens?|markers?|biomarkers?|microenvironment|xenografts?|"
                            r"processes|process|progression|growth|virus|viruses|virions?|vaccines?|bacteri(?:um|a)|"
                            r"cent(?:er|re)s?|institutes?|hospitals?|clinics?|foundations?|societ(?:y|ies)|"
                            r"associations?(?!\s+(?:with|between|of)\b)|registr(?:y|ies)|scales?|scores?|index|"
                            r"indices|surgery|surgeries|mortality|deaths|care|(?:mutational\s+)?burden|loads?|locations?|"
                            r"stages?|grades?|numbers?|counts?|"
                            # "the Confusion Assessment Method", "the Pain Questionnaire": an instrument's name
                            r"assessments?|methods?|questionnaires?|inventor(?:y|ies)|criteria|checklists?|"
                            r"instruments?|rating)\b", re.I)


# "the short arm of chromosome 17", "the long arms of chromosomes 13 and 14": a place on a chromosome, not the limb
# finding HPO names "Short arm"
_CHROMOSOME_ARM = re.compile(r"(?:(?<=arm)|(?<=arms))s?\s+of\s+(?:the\s+)?(?:human\s+)?chromosomes?\b", re.I)


# "cardiovascular depression", "myocardial depression", "ST-segment depression", "bone marrow depression": an organ's
# or a measure's lowered function, not the mood HPO names *Depression* (HPO's "Respiratory depression" is linked
# whole, before this is asked)
_LOWERED_FUNCTION = re.compile(r"(?:\b(?:cardiovascular|cardiac|myocardial|circulatory|respiratory|ventilatory|"
                               r"neurologic(?:al)?|CNS|(?:central\s+)?nervous\s+system|marrow|medullary|immune|ST|"
                               r"ST-segment|segment|wave|reflex|synaptic)\s+)$", re.I)


def lowered_function(text: str, start: int, end: int) -> bool:
    """Whether the word at `start:end` is "depression" after an organ or a measure it lowers."""
    return text[start:end].lower() == "depression" and _LOWERED_FUNCTION.search(text, 0, start) is not None


def inside_compound(text: str, start: int, end: int) -> bool:
    """Whether the words at `start:end` are only part of a compound that names something else: the second half
    of "heat-shock proteins" is no shock, "tumour-specific antigens" and "tumor size" are no tumour, "the short arm
    of chromosome 17" is no short arm, "myocardial depression" no mood. (Gene symbols are not asked: "anti-PD-L1",
    "Tet2-Tet3" and "BRCA1-associated" do name the gene.)"""
    joined_before = start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum()
    return joined_before or _ALTERING_SUFFIX.match(text, end) is not None or modifies_a_head(text, end) or \
        _CHROMOSOME_ARM.match(text, end) is not None or lowered_function(text, start, end)


def modifies_a_head(text: str, end: int) -> bool:
    """Whether the noun ending at `end` only modifies the head after it ("tumor size", "tumour suppressor"), or is
    a word of a gene's name ("the retinal degeneration slow (rds) gene")."""
    return _MODIFIED_HEAD.match(text, end) is not None or _IN_GENE_NAME.match(text, end) is not None


# A gene's name spelled with a finding's or disease's words: a word or a symbol in brackets (or both) between them
# and "gene" ("retinal degeneration slow (rds) gene"); not "gene" right after ("an autosomal dominant gene" keeps
# its mode, which a denial of it may deny).
# (a disease's risk, susceptibility, predisposition or candidate gene names the gene by the disease, which stays a
# mention: `phrase_forms.disease_genes`)
_IN_GENE_NAME = re.compile(rf"(?:\s+(?!(?:{GENE_COMPOUND_KINDS})\b)"
                           r"[a-z][\w-]*(?:\s*\([^()]{1,12}\))?|\s*\([^()]{1,12}\))\s+genes?\b")


def read_predicate(predicate: str, subject_kind: str | None, object_kind: str | None) -> str:
    """The predicate the graph records for a stated relation between ends of these kinds ("Disease", "Gene",
    "Phenotype", "Drug", "Inheritance"; None unknown):
    - a mode of inheritance as the object is `has_mode_of_inheritance`;
    - a disease or gene that causes, is associated with or shows a phenotype `has_phenotype` (HPO's annotations),
      and so is what a disease causes that names nothing in the graph (a disease named there stays `causes`: a
      complication; a phenotype subject stays `causes` too: "asbestos exposure causes ...");
    - a drug that causes a phenotype `causes_adverse_effect`;
    - a gene that "has" a disease, or is "described in" one, is associated with it, and so is a gene "associated
      with an increased risk of" a disease (no adverse effect: a gene is no drug; of a phenotype, its annotation).
    Everything else keeps the author's relation."""
    if object_kind == "Inheritance" and predicate in ("has_phenotype", "associated_with", "is_a", "causes"):
        return "has_mode_of_inheritance"
    if object_kind == "Phenotype" and subject_kind in ("Disease", "Gene") and predicate in ("causes",
                                                                                          "associated_with"):
        return "has_phenotype"
    if (subject_kind, object_kind, predicate) == ("Disease", None, "causes"):
        return "has_phenotype"  # "CVID results in a progressive defect ...": an effect the graph does not name
    if subject_kind == "Drug" and predicate == "causes" and object_kind in ("Phenotype", "Disease", None):
        return "causes_adverse_effect"
    if {subject_kind, object_kind} == {"Gene", "Disease"} and predicate == "has_phenotype":
        return "associated_with"  # "G has X", "G mutations are described in X": a gene-disease relation
    if subject_kind == "Gene" and predicate == "causes_adverse_effect":
        # "G variants are associated with an increased risk of X": a gene has no adverse effects, it predisposes
        return "has_phenotype" if object_kind == "Phenotype" else "associated_with"
    return predicate
