"""Claims of real prose (issue 17): one test per relation form, negation form and verdict rule, on a small
hand-written graph shaped like HPO's (modes of inheritance under HP:0000005, numbered subtypes, genes).

The sentences are written here in the forms the gold set's expert answers use; the gold set itself
(benchmarks/claims_gold/) is scored by `kgrag eval claims`, never asserted on in tests."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest

from graph_schema import NodeKind
from kgrag import KGRAG
from kgrag.claims.entity_words import names_an_entity, without_section_label
from kgrag.claims.extraction import ProseExtractor
from kgrag.claims.misspelled_ends import MisspelledEnds
from kgrag.claims.reading import inside_compound, modifies_a_head
from kgrag.claims.terms import is_organism_name, organism_end
from kgrag.lexicon import ITEM_SPLIT
from kgrag.records import Concept, LinkedMention

from .support.cli import CliResult
from .support.graphs import seed_graph
from .support.prose_graph import AD, AR, MT, fill_prose_graph

Cli = Callable[..., CliResult]


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KGRAG]:
    data_dir = tmp_path_factory.mktemp("prose")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KGRAG_DATA_DIR", str(data_dir))
        patch.setenv("KGRAG_CONFIG", "")
        seed_graph(fill_prose_graph)
        engine = KGRAG.from_settings()
    yield engine
    engine.close()


Said = tuple[str, str, str, bool, str]


def said(kg: KGRAG, text: str, question: str = "") -> list[Said]:
    """(subject id or text, predicate, object id or text, negated, verdict) of each claim."""
    return [(c.subject.concept_id or c.subject.text, c.predicate, c.object.concept_id or c.object.text, c.negated,
             c.verdict) for c in kg.verify(text, context=kg.question_context(question)).claims]


_BARE_IDS = {"FBN1": "NCBIGene:2200", "Marfan syndrome": "OMIM:154700", "tumors": "HP:0002664",
             "chorea": "HP:0002072"}
_BARE_KINDS = {"NCBIGene:2200": "Gene", "OMIM:154700": "Disease", "HP:0002664": "Phenotype",
               "HP:0002072": "Phenotype"}


def unlinked_ends(sentence: str, names: str = "FBN1|Marfan syndrome") -> set[str]:
    """The unlinked claim ends the extractor alone reads in `sentence`, with the names matching `names` linked. No
    term test runs here, so every head word passes it and only the extractor's own entity rules decide."""
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer(names, sentence)]
    return {str(end) for t in ProseExtractor(_BARE_KINDS.get, {})(sentence, linked) for end in (t.subject, t.object)
            if isinstance(end, str)}


HTT_CAUSES_HD = ("NCBIGene:3064", "causes", "OMIM:143100", False, "supported")
HD_IS_AD = ("OMIM:143100", "has_mode_of_inheritance", AD, False, "supported")


@pytest.mark.parametrize("sentence", [
    "Mutations in HTT cause Huntington disease.",
    "Huntington disease is caused by mutations in the HTT gene.",
    "Huntington disease, caused by HTT mutations, is a movement disorder.",
    "HTT-related Huntington disease is a movement disorder.",
    "Mutations in HTT account for most cases of Huntington disease.",
    "HTT mutations account for 95% of patients with Huntington disease.",
])
def test_gene_disease_forms_read_as_one_relation(kg: KGRAG, sentence: str) -> None:
    assert HTT_CAUSES_HD in said(kg, sentence)


def test_associated_forms_are_the_gene_disease_family(kg: KGRAG) -> None:
    for sentence in ("HTT has been linked to Huntington disease.", "HTT is associated with Huntington disease.",
                     "Huntington disease associates HTT."):
        [(subject, predicate, obj, negated, verdict)] = said(kg, sentence)
        assert {subject, obj} == {"NCBIGene:3064", "OMIM:143100"}
        assert (predicate, negated, verdict) == ("associated_with", False, "supported")
    claim = kg.verify("Mutations in HTT cause Huntington disease.").claims[0]
    assert claim.reason == "the graph records that HTT is associated with Huntington disease (HPO)"


@pytest.mark.parametrize("sentence", [
    "Huntington disease is inherited in an autosomal dominant manner.",
    "Huntington disease is an autosomal dominant disorder.",
    "Huntington's disease shows autosomal dominant inheritance.",
    "Huntington disease is a neurodegenerative disorder that is inherited in an autosomal dominant manner.",
])
def test_inheritance_forms(kg: KGRAG, sentence: str) -> None:
    assert HD_IS_AD in said(kg, sentence)


def test_a_mode_said_of_a_condition_the_graph_lacks_is_still_a_claim(kg: KGRAG) -> None:
    # The copula says the subject is an inherited condition: a name the graph lacks keeps its words, and a name the
    # graph holds only as a phenotype term is no disease either, so both are shown as unlinked claims.
    assert said(kg, "Bloggs syndrome is a rare autosomal recessive disorder.") == [
        ("Bloggs syndrome", "has_mode_of_inheritance", AR, False, "unlinked")]
    assert ("Ectopia lentis", "has_mode_of_inheritance", AD, False, "unlinked") in said(
        kg, "Ectopia lentis is an autosomal dominant disorder.")
    # An appositive's mode is the mode of the name before it, not of the clause that runs up to that name.
    assert ("Bloggs syndrome", "has_mode_of_inheritance", AD, False, "unlinked") in said(
        kg, "Mutations in FBN1 cause Bloggs syndrome, an autosomal dominant disorder.")
    # Not a carrier or a person, and not a mode further into the predicate nominal than its modifiers.
    assert said(kg, "The mutation is an autosomal recessive trait.") == []
    assert said(kg, "Blogscan is a tool for studying autosomal recessive disorders.") == []


def test_phenotype_forms_lists_and_the_subject_by_structure(kg: KGRAG) -> None:
    features = {("OMIM:154700", "has_phenotype", term, False, "supported")
                for term in ("HP:0001083", "HP:0001166", "HP:0000098")}
    assert set(said(kg, "Marfan syndrome is characterized by ectopia lentis, arachnodactyly and tall "
                        "stature.")) == features
    assert set(said(kg, "Marfan syndrome, characterized by ectopia lentis, arachnodactyly and tall stature, "
                        "is caused by FBN1.")) >= features
    # "Patients with X have Y" is about X, not the patients.
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in said(
        kg, "Patients with Marfan syndrome often have ectopia lentis.")
    # "suffer" with or without "from", "are prone to", "are X-prone" are the same relation.
    for sentence in ("Patients with Marfan syndrome suffer ectopia lentis.",
                     "Patients with Marfan syndrome are prone to ectopia lentis.",
                     "Individuals with Marfan syndrome suffer from ectopia lentis."):
        assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in said(kg, sentence), sentence
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in said(
        kg, "Individuals with Huntington disease are chorea-prone and suffer developmental regression.")


def test_what_a_disease_causes_that_the_graph_does_not_name_is_its_feature(kg: KGRAG) -> None:
    # The graph records a disease's effects as phenotype annotations; an effect it has no term for is still one.
    assert ("OMIM:154700", "has_phenotype", "progressive hypoplasia", False, "unlinked") in said(
        kg, "Marfan syndrome results in a progressive hypoplasia of the zonules.")
    # A gene's unnamed effect keeps the author's relation: it may be a disease the graph lacks.
    assert ("NCBIGene:2200", "causes", "Bloggs syndrome", False, "unlinked") in said(
        kg, "FBN1 causes Bloggs syndrome.")


def test_a_mode_of_inheritance_is_only_ever_the_object_of_its_relation(kg: KGRAG) -> None:
    # HPO's "Mitochondrial inheritance" has the synonym "Mitochondrial": the adjective links to the mode, but
    # "the mitochondrial protein" neither causes nor has anything.
    assert said(kg, "The mitochondrial protein FBN1 causes ectopia lentis.") == [
        ("NCBIGene:2200", "has_phenotype", "HP:0001083", False, "not_in_kg")]
    # Named with "inheritance", the one-word mode is read as a mode; the adjective before a class noun is not.
    assert said(kg, "Leigh syndrome shows mitochondrial inheritance.") == [
        ("OMIM:256000", "has_mode_of_inheritance", MT, False, "not_in_kg")]
    assert all(p != "has_mode_of_inheritance" for _, p, *_ in said(kg, "Leigh syndrome is a mitochondrial disorder."))
    # Nor is a mode a member of a class ("Autosomal dominant leukodystrophy is a ... disorder").
    assert said(kg, "Autosomal dominant leukodystrophy is an adult onset demyelinating disorder.") == []


def test_subtypes_link_exactly_and_eponyms_fold(kg: KGRAG) -> None:
    assert said(kg, "Mucopolysaccharidosis VI is caused by mutations in ARSB.") == [
        ("NCBIGene:411", "causes", "OMIM:253200", False, "supported")]
    # Type VI is not its sibling type VII, whatever the numeral's spelling.
    assert said(kg, "Mucopolysaccharidosis type 7 is caused by mutations in GUSB.") == [
        ("NCBIGene:2990", "causes", "OMIM:253220", False, "supported")]
    assert said(kg, "Leigh disease is characterized by developmental regression.") == [
        ("OMIM:256000", "has_phenotype", "HP:0002376", False, "supported")]
    for sentence in ("Mutations in the F9 gene cause hemophilia B.", "Gene F9 mutations cause hemophilia B."):
        assert said(kg, sentence) == [("NCBIGene:2158", "causes", "OMIM:306900", False, "supported")]
    assert said(kg, "F9 is a number.") == []  # a two-letter symbol links only beside "gene"
    assert ("NCBIGene:2158", "causes", "OMIM:306900", False, "supported") in said(
        kg, "Mutations in the HTT or F9 genes cause hemophilia B.")


def test_a_comma_inside_a_linked_name_is_part_of_it(kg: KGRAG) -> None:
    # Answers copy the graph's own names, OMIM's inverted titles included: the comma does not split the subject.
    assert said(kg, "Leukemia, chronic lymphocytic is characterized by lymphocytosis.") == [
        ("OMIM:151400", "has_phenotype", "HP:0100827", False, "supported")]
    assert said(kg, "Ectopia lentis is not a type of abnormality of the lens.") == [
        ("HP:0001083", "is_a", "HP:0000517", True, "contradicted")]


def test_inverted_titles_and_the_reading_a_relation_expects(kg: KGRAG) -> None:
    # "Leukemia, chronic lymphocytic" is written "chronic lymphocytic leukemia", which is also an HPO term: what
    # a gene causes is the disease, what the disease shows is the feature.
    assert said(kg, "Chronic lymphocytic leukemia is caused by ATM mutations.") == [
        ("NCBIGene:472", "causes", "OMIM:151400", False, "supported")]
    assert said(kg, "Marfan syndrome causes ectopia lentis.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]


def test_a_plural_class_without_an_article_is_a_predicate_nominal(kg: KGRAG) -> None:
    # "X are <class>s characterized by Y": the feature is X's, and the class is X's category.
    assert set(said(kg, "Leucine storage diseases are neurodegenerative disorders characterized by chorea.")) == {
        ("Leucine storage diseases", "has_phenotype", "HP:0002072", False, "unlinked"),
        ("Leucine storage diseases", "is_a", "neurodegenerative disorders", False, "unlinked")}
    # A count sizes a group and names no class.
    assert said(kg, "Huntington disease and Leigh syndrome are 2 human diseases.") == []


def test_an_adjective_coordinated_before_a_name_modifies_it(kg: KGRAG) -> None:
    # "unresectable or metastatic chorea": "unresectable" is said of the chorea, not an entity of its own.
    assert said(kg, "Ipilimumab is a treatment for patients with unresectable or metastatic chorea.") == [
        ("Ipilimumab", "treats", "HP:0002072", False, "unlinked")]
    # A phrase of its own before "and" stays an item.
    assert ("Ipilimumab", "treats", "unresectable melanoma", False, "unlinked") in said(
        kg, "Ipilimumab treats chorea and unresectable melanoma.")


def test_a_name_inside_a_hyphenated_compound_is_not_that_concept(kg: KGRAG) -> None:
    # "chorea-like movements" are not chorea; "anti-arachnodactyly activity" is no arachnodactyly.
    assert said(kg, "Huntington disease is characterized by chorea-like movements.") == []
    assert said(kg, "FBN1 has anti-arachnodactyly activity.") == []
    assert said(kg, "Huntington disease is characterized by chorea-suppressor proteins.") == []
    # Nor is a name that only modifies the noun after it ("tumor size", "cancer cells", "tumour suppressor gene").
    assert said(kg, "FBN1 exhibits profound lowering in chorea models.") == []
    assert said(kg, "Huntington disease is associated with chorea size.") == []
    assert said(kg, "FBN1 is a critical colonic tumour suppressor gene.") == []
    # A gene symbol in a compound still names the gene ("anti-PD-L1", "FBN1-related").
    assert said(kg, "FBN1-related Marfan syndrome is common.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]
    # ... and modifies the disease after it, which stays the subject.
    assert set(said(kg, "FBN1-related Marfan syndrome is characterized by arachnodactyly.")) == {
        ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported"),
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")}


def test_a_described_noun_and_the_name_after_its_comma_are_one_entity(kg: KGRAG) -> None:
    assert said(kg, "Huntington disease is caused by the same bacterium, Helicobacter pylori.") == [
        ("Helicobacter pylori", "causes", "OMIM:143100", False, "unlinked")]


def test_a_drug_treats_the_disease_not_the_gene_that_marks_it(kg: KGRAG) -> None:
    # "FBN1/F9 Marfan syndrome": the genes mark the disease; what is treated is the disease.
    assert said(kg, "Ipilimumab is a treatment for FBN1/F9 Marfan syndrome.") == [
        ("Ipilimumab", "treats", "OMIM:154700", False, "unlinked")]
    # "HER2-positive breast cancer" names a marker, not a cause; "FBN1-related" does name the cause.
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") not in said(
        kg, "Ipilimumab is a treatment for FBN1-positive Marfan syndrome.")


def test_has_before_a_participle_is_an_auxiliary(kg: KGRAG) -> None:
    assert said(kg, "The FBN1 protein has revealed a high rate of arachnodactyly.") == []
    # An adjective in -ed before the finding is still the finding's ("has increased ...").
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Marfan syndrome has elongated arachnodactyly.")


def test_a_part_noun_after_a_preposition_is_no_feature_of_cue(kg: KGRAG) -> None:
    # "is distinguished by chorea symptoms of the face" is the "distinguished by" relation, not "symptoms of".
    assert said(kg, "Huntington disease is distinguished by chorea symptoms of the face.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported")]
    assert said(kg, "Chorea is a common feature of Huntington disease.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported")]


def test_a_participle_after_an_appositive_inside_a_clause_is_about_the_apposed_name(kg: KGRAG) -> None:
    # The appositive ("an ... skeletal and ocular disorder") holds an "and" but is one category, no list item; what
    # follows it ("associated with ...") is said of Marfan syndrome, not of the gene the clause opens with.
    assert set(said(kg, "Also, FBN1 has been reported to cause Marfan syndrome, an autosomal dominant skeletal and "
                        "ocular disorder, associated with ectopia lentis.")) == {
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported"),
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported"),
        ("OMIM:154700", "has_mode_of_inheritance", AD, False, "supported"),
        ("OMIM:154700", "is_a", "autosomal dominant skeletal and ocular disorder", False, "unlinked")}


def test_an_including_list_after_a_plural_class_names_its_members(kg: KGRAG) -> None:
    # "described in several movement disorders, including Huntington disease": Huntington disease is a member the
    # feature is described in, not a feature of the class ("Marfan syndrome, including ..." lists features).
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in said(
        kg, "Chorea has been described in several movement disorders, including Huntington disease.")


def test_a_class_before_a_comma_and_the_disease_named_after_it(kg: KGRAG) -> None:
    # "cause the severe connective tissue disorder, Marfan syndrome (MFS)": one disease and its category.
    assert set(said(kg, "Mutations in the FBN1 gene cause the severe connective tissue disorder, Marfan syndrome "
                        "(MFS).")) == {("NCBIGene:2200", "causes", "OMIM:154700", False, "supported"),
                                       ("OMIM:154700", "is_a", "severe connective tissue disorder", False, "unlinked")}
    # An example after the comma is no apposition: the class keeps its own claim.
    assert ("NCBIGene:3064", "associated_with", "OMIM:143100", False, "supported") in said(
        kg, "HTT is involved in movement disorders, particularly Huntington disease.")


def test_a_gene_has_no_mode_of_inheritance() -> None:
    # The mode a class phrase names ("an autosomal dominant ... disorder") is a disease's, never a gene's.
    extract = ProseExtractor(lambda cid: {"NCBIGene:2200": "Gene"}.get(cid), {"autosomal dominant": AD})
    assert extract("FBN1 causes an autosomal dominant connective tissue disorder.",
                   [LinkedMention(0, 4, "FBN1", ("NCBIGene:2200",), 1.0)]) == []


def test_the_language_of_study_results_is_no_claim(kg: KGRAG) -> None:
    # A result ("a significantly longer PFS") is no feature; "results in terms of" and "has good results" are no
    # cause or feature; a disease or a finding treats nothing ("efficacy in chorea ... in the treatment of X").
    for sentence in ("Patients with Huntington disease had a significantly longer PFS.",
                     "Ipilimumab has good results in terms of chorea control.",
                     "Huntington disease results in terms of chorea.",
                     "Efficacy in chorea raises the possibility of ipilimumab as an agent in the treatment of "
                     "Huntington disease.",
                     "FBN1 might have a limited prognostic value for Marfan syndrome.",
                     "Follow-up of Huntington disease patients is needed to understand the possible cause for "
                     "chorea."):
        assert said(kg, sentence) == [], sentence
    # A clause or a study is no claim end: "Although X causes Y", "X administration significantly reduces Z".
    for sentence in ("Although leucinosis causes chorea.",
                     "Leucine administration significantly reduces tetrabenazine and causes chorea.",
                     # Neither stated nor denied: "insufficient to cause" (a contradiction here would be false).
                     "The R14C FBN1 mutation alone is insufficient to cause Marfan syndrome."):
        assert said(kg, sentence) == [], sentence
    # "the cause for" after a copula is still the causal relation.
    assert said(kg, "Ipilimumab is the possible cause for chorea.") == [
        ("Ipilimumab", "causes_adverse_effect", "HP:0002072", False, "unlinked")]


@pytest.mark.parametrize(("words", "names"), [
    ("Patients on AIs", False), ("hypothesis-generator study", False), ("Although the origin", False),
    ("significantly longer PFS", False), ("Feline coronavirus", True), ("Bloggs syndrome", True),
    # counts, doses, a clause's adverb and a phrase cut at "and" name nothing; an "-ly" noun still does
    ("Three", False), ("Six (12%)", False), ("mg/m2", False), ("0.015-4.0 mg/kg body wt", False),
    ("anatomically", False), ("postoperatively a hepatic insufficiency syndrome", False),
    ("special populations and", False), ("Ebstein anomaly", True),
    # an adjunct opening with a preposition, and a phrase pointing back at another, name nothing
    ("at the end of 1998", False), ("Similar defects", False), ("the same allele", False),
    ("comparable functions in development", False), ("Same-day surgery", True),
    # a participle used as a preposition opens an adjunct, not a name
    ("excluding fatalities", False), ("regarding safety", False),
    # an aim's verb before its object, a lone "-able" adjective; a noun in "-able" with its head still names
    ("determine the enzymatic activities", False), ("define a new monogenic endocrine disorder", False),
    ("unresectable", False), ("reversible", False), ("unresectable melanoma", True),
    # a trial's endpoints and its animals; a verb's phrase
    ("OS", False), ("PFS", False), ("wild-type FVB/n littermates", False),
    ("prevents AR nuclear translocation", False),
    # a verb in -ed or -s before a determiner or a question word, a pronoun's contraction, a trailing conjunction
    ("supported his findings suggesting potential abnormalities", False), ("adds another layer of complexity", False),
    ("case study demonstrates how genetic mutations", False), ("It's often associated with androgens but", False),
    ("inherited breast cancer", True), ("untreated hypertension", True),
    # a reference back ("all mentioned conditions")
    ("mentioned conditions", False), ("the aforementioned disorders", False)])
def test_people_studies_clauses_and_results_name_no_entity(words: str, names: bool) -> None:
    assert names_an_entity(words) is names


def test_hard_to_treat_says_how_hard_not_what_treats(kg: KGRAG) -> None:
    assert said(kg, "Huntington disease is a hard to treat chorea.") == []
    assert said(kg, "Ipilimumab is an antibody to treat chorea.") == [
        ("Ipilimumab", "treats", "HP:0002072", False, "unlinked")]


def test_a_participle_after_a_process_or_measure_noun_is_that_nouns(kg: KGRAG) -> None:
    # the mechanisms, the enzymes, the patient are what the participle is about, none of them an entity of the graph
    for sentence in ("Yeast prions are models for the basic mechanisms underlying Huntington disease.",
                     "Marfan syndrome is caused by a deficiency in one of the enzymes involved in chorea.",
                     "Fatal chorea in a patient treated with tetrabenazine."):
        assert said(kg, sentence) in ([], [("OMIM:154700", "causes", "a deficiency", False, "unlinked")]), sentence
    # a condition written before the patient is the patient's, and what the patient is treated for
    assert said(kg, "Rhabdomyolysis in a Marfan syndrome patient treated with tetrabenazine.") == [
        ("tetrabenazine", "treats", "OMIM:154700", False, "unlinked")]
    # where the noun heads the subject itself, the verb is the subject's
    assert said(kg, "Ipilimumab therapy caused chorea.") == [
        ("Ipilimumab therapy", "causes_adverse_effect", "HP:0002072", False, "unlinked")]


def test_a_name_in_brackets_after_another_restates_it(kg: KGRAG) -> None:
    claims = said(kg, "Marfan syndrome is characterized by ectopia lentis (abnormality of the lens) and "
                      "arachnodactyly.")
    assert [obj for _, predicate, obj, *_ in claims if predicate == "has_phenotype"] == ["HP:0001083", "HP:0001166"]


def test_appositions_and_aliases_keep_the_named_subject(kg: KGRAG) -> None:
    claims = said(kg, "Marfan syndrome, a connective tissue disorder caused by FBN1 mutations, presents with "
                      "ectopia lentis.")
    assert set(claims) == {("NCBIGene:2200", "causes", "OMIM:154700", False, "supported"),
                           ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported"),
                           ("OMIM:154700", "is_a", "connective tissue disorder", False, "unlinked")}
    # The alias is another name of the subject, not a second subject.
    assert said(kg, "Huntington disease, also known as Huntington chorea, is caused by HTT mutations.") == [
        HTT_CAUSES_HD]
    assert said(kg, "This abnormality is characterized by ectopia lentis.", "What is Marfan syndrome?") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]


def test_a_closed_appositive_is_skipped_whatever_it_holds(kg: KGRAG) -> None:
    # The relative clause inside the appositive ("that affects ...") is not the verb's subject: Marfan syndrome is;
    # the appositive itself is a category of Marfan syndrome.
    assert said(kg, "Marfan syndrome, a disorder of connective tissue that affects the eye and the heart, is "
                    "characterized by ectopia lentis.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported"),
        ("OMIM:154700", "is_a", "disorder of connective tissue", False, "unlinked")]


def test_a_use_under_study_is_no_claim_of_efficacy(kg: KGRAG) -> None:
    for sentence in ("Losartan is being tested as a treatment for Marfan syndrome.",
                     "Losartan is currently investigated for the treatment of Marfan syndrome.",
                     "Losartan is under investigation for the treatment of Marfan syndrome."):
        assert said(kg, sentence) == [], sentence
    assert said(kg, "Losartan is used to treat Marfan syndrome.") == [
        ("Losartan", "treats", "OMIM:154700", False, "unlinked")]


def test_the_left_side_is_what_the_sentence_is_about(kg: KGRAG) -> None:
    # a second appositive is the first's, not a subject of its own
    assert said(kg, "Ipilimumab, a monoclonal antibody against FBN1, a growth factor, was licensed in 2011 for the "
                    "treatment of chorea.") == [("Ipilimumab", "treats", "HP:0002072", False, "unlinked")]
    # a year before the subject, with no comma, is no part of it
    assert said(kg, "Before 2017 Ipilimumab was approved for the treatment of chorea.") == [
        ("Ipilimumab", "treats", "HP:0002072", False, "unlinked")]
    # "caused by" after a gene's phrase is about the disease of the clause, never "G2 causes G1".
    assert said(kg, "Most Marfan syndrome cases are due to FBN1 mutations, a few caused by mutations in CBS.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported"),
        ("NCBIGene:875", "causes", "OMIM:154700", False, "contradicted")]
    # "genes, including A and B" lists genes, not features of the disease.
    # The "including" list is the cause's list: one claim per gene, none about "the three genes".
    genes = said(kg, "Marfan syndrome is a rare disorder caused by mutations in any of the three genes including "
                     "fibrillin, huntingtin and cystathionine.")
    assert genes == [(gene, "causes", "OMIM:154700", False, "unlinked")
                     for gene in ("fibrillin", "huntingtin", "cystathionine")]
    # A clause naming a disease's features, a colon, then the list.
    assert said(kg, "We saw three primary symptoms associated with Marfan syndrome: ectopia lentis, "
                    "arachnodactyly and tall stature.") == [
        ("OMIM:154700", "has_phenotype", term, False, "supported") for term in ("HP:0001083", "HP:0001166",
                                                                                "HP:0000098")]
    # The subject is the radiotherapy given for the disease, an entity the graph lacks, not the disease (which the
    # radiotherapy treats).
    assert sorted(said(kg, "Radiotherapy for Marfan syndrome is associated with ectopia lentis.")) == [
        ("Radiotherapy", "treats", "OMIM:154700", False, "unlinked"),
        ("Radiotherapy for Marfan syndrome", "associated_with", "HP:0001083", False, "unlinked")]


# -- negation and hedging -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Huntington disease is not caused by mutations in HTT.",
    "Mutations in HTT cannot cause Huntington disease.",
    "Mutations in HTT do not cause Huntington disease.",
    "HTT mutations have not been described in Huntington disease.",
    "HTT mutations failed to cause Huntington disease.",
    "There is no evidence that HTT causes Huntington disease.",
    "There is not sufficient high quality evidence that HTT causes Huntington disease.",
    "There is limited evidence that HTT causes Huntington disease.",
    # the phrase before the cue denied by its own determiner
    "There is no HTT mutation associated with Huntington disease.",
    "No HTT mutations are associated with Huntington disease.",
    "There isn't any HTT mutation associated with Huntington disease.",
])
def test_negation_forms_deny_the_relation(kg: KGRAG, sentence: str) -> None:
    [(subject, _, obj, negated, verdict)] = said(kg, sentence)
    assert {subject, obj} == {"NCBIGene:3064", "OMIM:143100"}
    assert negated and verdict == "contradicted"  # the graph states what the sentence denies


def test_a_no_elsewhere_in_the_clause_denies_nothing(kg: KGRAG) -> None:
    # (passes on the code before the rule too) "no" must be the determiner of the phrase right before the cue
    assert said(kg, "Patients with no history of chorea had Marfan syndrome with ectopia lentis.") == said(
        kg, "Patients with a history of chorea had Marfan syndrome with ectopia lentis.")
    assert [c[3] for c in said(kg, "Although no cure exists, HTT mutations are associated with Huntington "
                                   "disease.")] == [False]


def test_a_denied_predicate_nominal_denies_what_is_read_through_it(kg: KGRAG) -> None:
    # "X is not a [mode] disorder caused by G": the copula's denial covers the mode and the cause it describes.
    claims = set(said(kg, "Huntington disease is not a dominantly inherited disorder caused by mutations in HTT."))
    assert claims == {("OMIM:143100", "has_mode_of_inheritance", AD, True, "contradicted"),
                      ("NCBIGene:3064", "causes", "OMIM:143100", True, "contradicted")}
    assert ("OMIM:143100", "has_mode_of_inheritance", AD, True, "contradicted") in said(
        kg, "Huntington disease is not an autosomal dominant disorder.")
    # "not only a ..." affirms.
    assert said(kg, "Marfan syndrome is not only a disorder caused by FBN1 mutations.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]


def test_no_as_a_determiner_denies_and_with_or_without_says_neither(kg: KGRAG) -> None:
    """"No TSG101 defects were found in X": "No" without a comma is the subject's determiner and denies the clause
    (it opens no answer); "and no B" denies B; "with or without B" says B may or may not be there, so no claim is
    read for B, least of all a contradiction."""
    assert [c[:4] for c in said(kg, "No ectopia lentis was found in patients with Marfan syndrome.")] == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", True)]
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", True, "contradicted") in said(
        kg, "Marfan syndrome is characterized by tall stature and no ectopia lentis.")
    assert [c[2] for c in said(kg, "Marfan syndrome is characterized by tall stature with or without ectopia "
                                   "lentis.")] == ["HP:0000098"]


def test_what_is_not_a_negation(kg: KGRAG) -> None:
    # A "No," opening a yes/no answer does not deny the clause after it.
    assert said(kg, "No, Huntington disease is caused by mutations in HTT.") == [HTT_CAUSES_HD]
    features = said(kg, "Features of Marfan syndrome include, but are not limited to, ectopia lentis and "
                        "arachnodactyly.")
    assert features and all(not negated and verdict == "supported" for *_, negated, verdict in features)
    assert said(kg, "HTT is not only associated with Huntington disease but also with other disorders.") == [
        ("NCBIGene:3064", "associated_with", "OMIM:143100", False, "supported")]


def test_hedged_claims_are_marked_uncertain(kg: KGRAG) -> None:
    for sentence in ("HTT may cause Huntington disease.", "Ectopia lentis is rarely seen in Marfan syndrome.",
                     "These results suggest that HTT causes Huntington disease."):
        [claim] = kg.verify(sentence).claims
        assert claim.uncertain and not claim.negated


# -- verdict rules -------------------------------------------------------------------------------------------------


def test_a_mode_other_than_the_recorded_ones_is_contradicted_with_them_as_evidence(kg: KGRAG) -> None:
    [claim] = kg.verify("Huntington disease is inherited in an autosomal recessive manner.").claims
    assert (claim.predicate, claim.object.concept_id, claim.verdict) == ("has_mode_of_inheritance", AR,
                                                                         "contradicted")
    assert [(e.subject, e.object) for e in claim.evidence] == [("OMIM:143100", AD)]
    assert "Autosomal dominant inheritance" in claim.reason
    # A disease with no recorded mode has nothing to conflict with.
    assert said(kg, "Leigh syndrome is an autosomal recessive disorder.") == [
        ("OMIM:256000", "has_mode_of_inheritance", AR, False, "not_in_kg")]


def test_an_orphanet_diseases_mode_is_read_through_its_few_genes(kg: KGRAG) -> None:
    # HPO records no mode for Orphanet's Triple A syndrome; its gene AAAS is recorded for an OMIM disease that is
    # autosomal recessive, which supports the recessive claim with the chain as evidence ...
    [claim] = kg.verify("Triple A syndrome is a rare autosomal recessive disorder.").claims
    assert (claim.subject.concept_id, claim.object.concept_id, claim.verdict, claim.rule) == (
        "ORPHA:869", AR, "supported", "gene_mode")
    assert [(e.subject, e.object) for e in claim.evidence] == [
        ("NCBIGene:8086", "ORPHA:869"), ("NCBIGene:8086", "OMIM:231550"), ("OMIM:231550", AR)]
    assert "AAAS" in claim.reason and "Achalasia-Addisonianism-Alacrima syndrome" in claim.reason
    # ... contradicts a dominant one, and contradicts the recessive mode's denial.
    [dominant] = kg.verify("Triple A syndrome is a rare autosomal dominant disorder.").claims
    assert (dominant.verdict, dominant.rule) == ("contradicted", "gene_mode_conflict")
    assert "Autosomal recessive inheritance" in dominant.reason
    [denied] = kg.verify("Triple A syndrome is not an autosomal recessive disorder.").claims
    assert (denied.negated, denied.verdict, denied.rule) == (True, "contradicted", "denied_gene_mode")
    # A denial of a mode none of the genes' diseases records stays open.
    assert said(kg, "Triple A syndrome is not an autosomal dominant disorder.") == [
        ("ORPHA:869", "has_mode_of_inheritance", AD, True, "not_in_kg")]


def test_a_mode_read_through_genes_contradicts_only_when_every_gene_speaks(kg: KGRAG) -> None:
    # One of the group's two genes (APC) has no disease with a recorded mode: it could hold the dominant mode.
    assert said(kg, "Bloggs group syndrome is an autosomal dominant disorder.") == [
        ("ORPHA:900001", "has_mode_of_inheritance", AD, False, "not_in_kg")]
    assert said(kg, "Bloggs group syndrome is an autosomal recessive disorder.") == [
        ("ORPHA:900001", "has_mode_of_inheritance", AR, False, "supported")]
    # Four genes are more than a disease whose genes are recorded completely: nothing is read through them.
    assert said(kg, "Many-gene group syndrome is an autosomal recessive disorder.") == [
        ("ORPHA:900002", "has_mode_of_inheritance", AR, False, "not_in_kg")]
    # An OMIM entry without a mode is its source's own statement: never read through its genes.
    reader = kg.verifier.gene_modes
    assert reader.read({"OMIM:175100"}) is None and reader.read({"ORPHA:869"}) is not None


def test_another_gene_for_a_disease_with_few_recorded_genes_is_contradicted(kg: KGRAG) -> None:
    [claim] = kg.verify("Mutations in FBN1 cause Huntington disease.").claims
    assert claim.verdict == "contradicted" and "HTT" in claim.reason
    recorded = {(e.subject, e.object) for e in claim.evidence}
    assert ("NCBIGene:3064", "OMIM:143100") in recorded  # the disease's own gene
    assert ("NCBIGene:2200", "OMIM:154700") in recorded  # and the disease the claimed gene is recorded for


def test_a_missing_phenotype_stays_open_world(kg: KGRAG) -> None:
    assert said(kg, "Huntington disease is characterized by ectopia lentis.") == [
        ("OMIM:143100", "has_phenotype", "HP:0001083", False, "not_in_kg")]


def test_a_denied_feature_is_contradicted_by_a_more_specific_one(kg: KGRAG) -> None:
    # Homocystinuria shows ectopia lentis in the graph, an abnormality of the lens: denying the parent term is
    # contradicted by the child's edge.
    [claim] = kg.verify("Homocystinuria does not cause abnormality of the lens.").claims
    assert claim.negated and claim.verdict == "contradicted" and claim.evidence[0].object == "HP:0001083"


def test_it_refers_to_the_question_only_when_a_sentence_uses_an_anaphor(kg: KGRAG) -> None:
    assert said(kg, "It is caused by mutations in FBN1.", "What causes Marfan syndrome?") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]
    assert said(kg, "It is caused by mutations in FBN1.") == []  # nothing to refer to
    # A sentence that never refers to the question's entity makes no claim about it.
    assert said(kg, "Arachnodactyly is common.", "What are the features of Marfan syndrome?") == []


def test_targets_relates_a_drug_to_what_it_acts_on(kg: KGRAG) -> None:
    assert said(kg, "Tominersen targets HTT.") == [("Tominersen", "targets", "NCBIGene:3064", False, "unlinked")]
    assert said(kg, "FBN1 targets HTT.") == []  # a gene "targeting" a gene is outside the vocabulary
    assert said(kg, "Tominersen targets Huntington disease.") == []  # a disease is a use, not a target


def test_no_fragment_is_shown_as_a_claim(kg: KGRAG) -> None:
    for sentence in ("There have been several studies conducted on Huntington disease.",
                     "This mutation causes the production of a protein.",
                     "We have previously demonstrated that these effects are seen in patients.",
                     "Later, studies failed to demonstrate an association with Huntington disease."):
        assert said(kg, sentence) == [], sentence


def test_has_that_states_no_possession_is_no_feature(kg: KGRAG) -> None:
    for sentence in ("Leucine restriction has potential as a therapeutic strategy for Huntington disease.",
                     "Yeast prions have become important models for Huntington disease.",
                     # "showed that": a clause follows, whose subject is not the one before "showed"
                     "The FBN1 trial showed that the drug is safe and tolerable.",
                     "Patients with Huntington disease showed that seizures were rare."):
        assert all(p != "has_phenotype" for _, p, *_ in said(kg, sentence)), sentence


def test_a_gene_is_no_feature(kg: KGRAG) -> None:
    assert said(kg, "The senescence-associated secretory phenotype is characterized by FBN1 and ARSB.") == []
    # What a disease "is characterized by" in a gene is the gene-disease relation.
    assert said(kg, "Marfan syndrome is characterized by FBN1 mutations.") == [
        ("OMIM:154700", "associated_with", "NCBIGene:2200", False, "supported")]


def test_a_possessive_before_a_part_noun_is_the_disease_asked_about(kg: KGRAG) -> None:
    # "Its pathognomonic findings are ...": "Its" is the disease; "pathognomonic" is no subject of its own.
    assert said(kg, "Its pathognomonic findings are chorea and developmental regression.",
                "What is Huntington disease?") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported"),
        ("OMIM:143100", "has_phenotype", "HP:0002376", False, "not_in_kg")]
    assert said(kg, "Its pathognomonic findings are chorea and developmental regression.") == []


def test_contradicting_facts_are_never_cited_as_support(kg: KGRAG, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgrag.config import load_settings

    from .support.llm import ScriptedLLM

    claim = kg.verify("Huntington disease is an autosomal recessive disorder.").claims[0]
    data = claim.to_dict()
    assert data["verdict"] == "contradicted" and data["evidence"][0]["object"] == AD
    assert data["rule"] == "inheritance_conflict" and json.dumps(data)
    monkeypatch.setenv("KGRAG_CONFIG", "")
    settings = load_settings(data_dir=kg.settings.data_dir)
    wrong = "Huntington disease is inherited in an autosomal recessive manner."
    with KGRAG(settings, llm=ScriptedLLM(wrong)) as engine:  # no markers: kgrag attributes evidence itself
        answer = engine.ask("How is Huntington disease inherited?", use_passages=False)
        [checked] = answer.claims
        assert checked.verdict == "contradicted"
        refuting = {f.id for f in answer.facts if f.relation.object == AD and f.relation.subject == "OMIM:143100"}
        assert refuting and not refuting & {c.id for c in answer.citations}  # never shown as its citation
    marker = sorted(refuting)[0]
    with KGRAG(settings, llm=ScriptedLLM(f"{wrong[:-1]} [{marker}].")) as engine:  # cites the fact it contradicts
        cited = engine.ask("How is Huntington disease inherited?", use_passages=False).claims[0]
    assert f"[{marker}] states the graph fact this sentence contradicts" in cited.citation_problems


SKS_MACROCEPHALY = ("OMIM:616638", "has_phenotype", "HP:0000256", False, "supported")


def test_a_short_form_defined_in_the_question_or_an_earlier_sentence_links_later(kg: KGRAG) -> None:
    assert said(kg, "SKS is characterized by macrocephaly.",
                "List the clinical characteristics of the Smith-Kingsmore syndrome (SKS)") == [SKS_MACROCEPHALY]
    assert SKS_MACROCEPHALY in said(kg, "Smith-Kingsmore syndrome (SKS) is rare. SKS is characterized by "
                                        "macrocephaly.")
    # Without a definition anywhere in the text, the short form names nothing.
    assert said(kg, "SKS is characterized by macrocephaly.") == [("SKS", "has_phenotype", "HP:0000256", False,
                                                                  "unlinked")]


def test_an_initialism_of_a_name_the_question_used_links_to_it(kg: KGRAG) -> None:
    question = "What gene is mutated in Huntington's Disease patients?"
    assert said(kg, "HD is caused by mutations in the HTT gene.", question) == [HTT_CAUSES_HD]
    # Only exact initials, in order: "DH" and "HDX" are not Huntington's Disease.
    for short in ("DH", "HDX"):
        assert all(c[2] != "OMIM:143100" for c in said(kg, f"{short} is caused by mutations in the HTT gene.",
                                                       question))


def test_an_aside_inside_a_name_does_not_hide_the_name(kg: KGRAG) -> None:
    assert said(kg, "Triple A (Allgrove) syndrome is characterized by achalasia.") == [
        ("ORPHA:869", "has_phenotype", "HP:0002571", False, "supported")]
    # A parenthesis at the end of a name is an abbreviation, not an aside: both names stay.
    mentions = kg.verifier.linker.link("Huntington disease (HD) and Marfan syndrome")  # type: ignore[union-attr]
    assert [m.concept_ids[0] for m in mentions] == ["OMIM:143100", "OMIM:143100", "OMIM:154700"]


def test_a_disease_named_without_its_onset_qualifier_links_when_only_one_entry_has_it(kg: KGRAG) -> None:
    link = kg.verifier.linker.link  # type: ignore[union-attr]
    assert [m.concept_ids for m in link("Parkinson's disease")] == [("OMIM:168600",)]
    assert [m.concept_ids for m in link("Parkinson disease 20")] == [("OMIM:615530",)]  # subtypes stay exact
    assert link("Hypophosphatasia") == []  # two entries share the base name: which one is not said


def test_a_misspelling_of_a_name_the_question_used_is_read_as_that_name(kg: KGRAG) -> None:
    assert said(kg, "Huntingtons disese is caused by mutations in the HTT gene.",
                "What causes Huntington disease?") == [HTT_CAUSES_HD]
    # Numbers must agree: "VI" is never a misspelling of "VII"; a name not in the text is never a candidate.
    assert all(c[2] != "OMIM:253220" and c[0] != "OMIM:253220"
               for c in said(kg, "Mucopolysacharidosis VI is caused by mutations in ARSB.",
                             "What causes Mucopolysaccharidosis VII?"))
    assert said(kg, "Huntingtons disese is caused by mutations in the HTT gene.")[0][2] == "Huntingtons disese"


@pytest.mark.parametrize(("phrase", "term"), [
    ("helps", False), ("colleagues", False), ("survival benefit", False), ("many countries", False),
    ("tissue preparation", False), ("istradefylline", True), ("tocilizumab", True), ("a pre-sacral mass", True),
    ("radiotherapy for prostate cancer", True), ("Feline coronavirus", True), ("11p11.2p12 deletion", True),
])
def test_an_unlinked_end_is_shown_only_when_its_head_is_a_term(phrase: str, term: bool) -> None:
    from kgrag.claims.terms import TermTest
    assert TermTest(frozenset({"mass", "syndrome"})).names_a_term(phrase) is term


def test_fragments_are_not_shown_as_claim_ends(kg: KGRAG) -> None:
    # Both sentences gave fragment claims before ("Tocilizumab treats countries", "... associated with colleagues").
    assert said(kg, "Tocilizumab has been approved in many countries, including the United States, for the "
                    "treatment of Marfan syndrome.") == [("Tocilizumab", "treats", "OMIM:154700", False, "unlinked")]
    assert said(kg, "Marfan syndrome is associated with colleagues and survival benefit.") == []


def test_a_mode_in_an_appositive_is_the_mode_of_the_name_before_it(kg: KGRAG) -> None:
    # The clause's subject is the gene; the appositive after the disease names the disease's mode.
    assert ("OMIM:236200", "has_mode_of_inheritance", AR, False, "supported") in said(
        kg, "Mutations in CBS cause homocystinuria, an autosomal recessive severe metabolic disorder.")
    # "iron overload" only modifies the class noun: the mode is hemochromatosis type 4's, not iron overload's.
    assert said(kg, "Hemochromatosis type 4, an autosomal recessive iron overload condition.") == [
        ("OMIM:606069", "has_mode_of_inheritance", AR, False, "contradicted"),
        ("OMIM:606069", "is_a", "autosomal recessive iron overload condition", False, "unlinked")]


@pytest.mark.parametrize("sentence", [
    "Huntington disease is a dominantly inherited disorder caused by a CAG expansion in the HTT gene.",
    "Huntington disease is an autosomal-dominant neurodegenerative disorder.",
])
def test_a_mode_the_linker_does_not_spell_is_still_read(kg: KGRAG, sentence: str) -> None:
    assert HD_IS_AD in said(kg, sentence)


def test_a_clinical_modifier_is_never_a_claim_end(kg: KGRAG) -> None:
    """HPO's onset, course and severity terms qualify another noun in prose; mortality terms are findings."""
    assert said(kg, "HTT mutations are found in late onset forms of Huntington disease.") == [
        ("OMIM:143100", "associated_with", "NCBIGene:3064", False, "supported")]
    assert said(kg, "Huntington disease causes late onset chorea.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported")]
    assert ("OMIM:143100", "has_phenotype", "HP:0001522", False, "not_in_kg") in said(
        kg, "Huntington disease leads to death in infancy.")
    # A relative's health status ("Affected", "Healthy") describes people, never a finding.
    assert said(kg, "Vitamin D supplementation was associated with higher Tregs in apparently healthy "
                    "individuals.") == []


def test_an_unlinked_feature_is_read_through_a_synonym_swap_hpo_licenses() -> None:
    """"malformation" and "anomaly" name three terms both ways, so "anorectal malformations" reads as the term
    named "Anorectal anomaly"; a swap that spells no whole name reads as nothing."""
    from kgrag.claims.variant_ends import VariantEnds

    terms = [Concept(f"HP:000000{i}", f"{part} anomaly", NodeKind.PHENOTYPE, synonyms=(f"{part} malformation",))
             for i, part in enumerate(("Limb", "Ear", "Eye"))]
    terms.append(Concept("HP:0012732", "Anorectal anomaly", NodeKind.PHENOTYPE))

    class Store:
        def iter_concepts(self) -> Iterator[Concept]:
            return iter(terms)

    ends = VariantEnds(Store())  # type: ignore[arg-type]
    found = ends.resolve("the anorectal malformations")
    assert found is not None and found.concept_ids == ("HP:0012732",) and found.method == "variant"
    assert ends.resolve("anorectal deformity") is None
    assert ends.resolve("heart malformation") is None  # no term is named "Heart anomaly"


def test_a_disease_s_parts_without_of_stand_for_the_disease_the_text_is_about(kg: KGRAG) -> None:
    for sentence in ("The symptoms include ectopia lentis and arachnodactyly.",
                     "Its main features are ectopia lentis and arachnodactyly."):
        assert {c[:3] for c in said(kg, sentence, "What is Marfan syndrome?")} == {
            ("OMIM:154700", "has_phenotype", "HP:0001083"), ("OMIM:154700", "has_phenotype", "HP:0001166")}
    # Only ever a disease's symptoms: with a gene as the only concept before, there is no referent.
    assert said(kg, "The symptoms include ectopia lentis.", "What does FBN1 do?") == []


def test_a_feature_associated_with_a_disease_is_read_as_its_annotation(kg: KGRAG) -> None:
    assert said(kg, "Ectopia lentis is associated with Marfan syndrome.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]
    # Two diseases associated with each other keep their relation.
    assert said(kg, "Marfan syndrome is associated with homocystinuria.")[0][1] == "associated_with"


def test_a_linked_feature_inside_a_longer_item_is_read_more_specifically_only_below_it(
        kg: KGRAG, monkeypatch: pytest.MonkeyPatch) -> None:
    """The item's words name a more specific concept (by the concept vectors, faked here): taken when that concept
    sits below the dictionary's match in the hierarchy, or is named near verbatim; otherwise the match stays."""
    from kgrag.linking.dictionary import LinkedMention

    class Vectors:  # what the concept-name vectors would say about each item
        def __init__(self, concept: str, score: float) -> None:
            self.concept, self.score = concept, score

        def resolve(self, phrases: list[tuple[str, frozenset[str]]], threshold: float | None = None
                    ) -> list[LinkedMention | None]:
            bar = 0.9 if threshold is None else threshold
            return [LinkedMention(0, len(p), p, (self.concept,), 0.89, method="dense") if self.score >= bar else None
                    for p, _ in phrases]

    sentence = "Homocystinuria is characterized by abnormality of the lens with downward dislocation."
    monkeypatch.setattr(kg.verifier, "dense_ends", Vectors("HP:0001083", 0.92))  # Ectopia lentis, below the lens
    assert said(kg, sentence) == [("OMIM:236200", "has_phenotype", "HP:0001083", False, "supported")]
    monkeypatch.setattr(kg.verifier, "dense_ends", Vectors("HP:0001166", 0.92))  # unrelated: the match stays
    assert said(kg, sentence) == [("OMIM:236200", "has_phenotype", "HP:0000517", False, "supported")]
    monkeypatch.setattr(kg.verifier, "dense_ends", Vectors("HP:0001166", 0.97))  # near verbatim: taken
    assert said(kg, sentence)[0][2] == "HP:0001166"


@pytest.mark.parametrize(("sentence", "negated"), [
    ("The addition of losartan to atenolol does not improve survival in Marfan syndrome.", True),
    ("Adding losartan to atenolol failed to prolong survival in patients with Marfan syndrome.", True),
    ("Losartan did not show efficacy compared with placebo in patients with Marfan syndrome.", True),
    ("Losartan holds promise for Marfan syndrome.", False),
])
def test_treatment_forms_name_the_drug_not_its_use(kg: KGRAG, sentence: str, negated: bool) -> None:
    assert said(kg, sentence) == [("losartan" if sentence[0] != "L" else "Losartan", "treats", "OMIM:154700",
                                   negated, "unlinked")]


def test_a_part_noun_names_the_condition_an_include_list_is_about(kg: KGRAG) -> None:
    """"The symptoms of X include A and B": X is the subject even when the graph lacks it; a linked mention that is
    only part of X (achalasia in "achalasia relapse") does not stand for X, and a plain "X includes" list needs X to be
    a condition."""
    assert said(kg, "The symptoms of Huntington disease include chorea and developmental regression.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported"),
        ("OMIM:143100", "has_phenotype", "HP:0002376", False, "not_in_kg")]
    assert said(kg, "The classic triad of endolymphatic hydrops includes chorea and tall stature.") == [
        ("endolymphatic hydrops", "has_phenotype", "HP:0002072", False, "unlinked"),
        ("endolymphatic hydrops", "has_phenotype", "HP:0000098", False, "unlinked")]
    assert said(kg, "The classic triad of achalasia relapse includes chorea.") == [
        ("achalasia relapse", "has_phenotype", "HP:0002072", False, "unlinked")]
    [claim] = kg.verify("The features of achalasia syndrome include developmental regression.").claims
    assert (claim.subject.text, claim.subject.concept_id, claim.verdict) == ("achalasia syndrome", None, "unlinked")
    assert said(kg, "Saint's triad includes achalasia.") == [
        ("Saint's triad", "has_phenotype", "HP:0002571", False, "unlinked")]
    assert said(kg, "The new panel includes achalasia.") == []


def test_a_phrase_about_gene_variation_reads_as_the_gene_end(kg: KGRAG) -> None:
    """"FAAH polymorphisms are associated with X" for a feature X is the gene's phenotype annotation, as HPO
    records it, even when the gene is not in the graph."""
    assert said(kg, "FAAH polymorphisms are associated with tall stature.") == [
        ("FAAH polymorphisms", "has_phenotype", "HP:0000098", False, "unlinked")]
    assert said(kg, "Radiotherapy is associated with tall stature.") == [
        ("Radiotherapy", "associated_with", "HP:0000098", False, "unlinked")]


def test_a_longer_phrase_is_no_misspelling_of_the_name_it_extends() -> None:
    """A text's own names fix misspellings ("Huntingtons disease"), never a phrase that adds a head word: the
    rupture of an aneurysm is not the aneurysm."""
    from kgrag.claims.aliases import drops_head, resembles

    assert resembles("Huntingtin disease", "Huntington disease")
    assert not resembles("Abdominal aortic aneurysm rupture", "Abdominal aortic aneurysm")
    assert drops_head("asbestos exposure", "Asbestos")
    assert not drops_head("familial abdominal aortic aneurysm", "Aortic aneurysm, familial abdominal")


@pytest.mark.parametrize("sentence, category", [
    ("Marfan syndrome is a congenital malformation syndrome characterized by tall stature.",
     "congenital malformation syndrome"),
    ("Marfan syndrome is a rare cancer predisposition syndrome.", "rare cancer predisposition syndrome"),
    ("Marfan syndrome (MFS), a connective tissue (CT) disorder, presents with tall stature.",
     "connective tissue (CT) disorder"),
    ("Marfan syndrome is a disorder of the connective tissue.", "disorder of the connective tissue"),
    ("Marfan syndrome is a rare autosomal dominant disorder of neural crest cells resulting in tall stature.",
     "rare autosomal dominant disorder of neural crest cells"),
])
def test_a_category_said_by_a_copula_or_an_appositive_is_an_is_a_claim(kg: KGRAG, sentence: str,
                                                                        category: str) -> None:
    """The longest phrase a class noun heads, with a modifier that is more than descriptive or an "of" phrase."""
    assert ("OMIM:154700", "is_a", category, False, "unlinked") in said(kg, sentence)


@pytest.mark.parametrize("sentence", [
    "Marfan syndrome is a rare genetic disorder.",
    "Marfan syndrome is an abnormal condition.",
    "Marfan syndrome is an autosomal dominant disorder.",
    "the treatment, a new regimen, helps.",
])
def test_a_description_is_no_category(kg: KGRAG, sentence: str) -> None:
    assert all(predicate != "is_a" for _, predicate, *_ in said(kg, sentence))


def test_a_category_of_a_name_the_graph_lacks_needs_the_name_written_as_one(kg: KGRAG) -> None:
    assert ("Human toxocariasis", "is_a", "worldwide parasitic disease", False, "unlinked") in said(
        kg, "Human toxocariasis, a worldwide parasitic disease, is caused by Toxocara canis.")
    assert said(kg, "this lesion is a parasitic disease.") == []


def test_a_gene_named_in_full_then_by_its_symbol_is_one_gene(kg: KGRAG) -> None:
    """"WAS protein family member 1 (WASF1)": the bracketed symbol is the gene; "WAS" inside the full name is neither
    a second gene nor the verb "was"."""
    assert said(kg, "De novo mutations in WAS protein family member 1 (WASF1) were identified in individuals with "
                    "chorea.") == [("NCBIGene:8936", "has_phenotype", "HP:0002072", False, "not_in_kg")]


def test_consisting_of_lists_a_disorder_s_parts_not_its_kinds(kg: KGRAG) -> None:
    assert said(kg, "Marfan syndrome is a rare multisystem disorder, consisting of tall stature and "
                    "arachnodactyly.") == [("OMIM:154700", "has_phenotype", "HP:0000098", False, "supported"),
                                           ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported")]


def test_a_relative_clause_after_an_of_phrase_is_about_its_object(kg: KGRAG) -> None:
    """"G is the most common cause of X, which results in Y": Y is X's; "X is a type of Y caused by G": still X's."""
    claims = said(kg, "HTT mutations are the most common cause of Huntington disease, which results in chorea.")
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in claims
    assert all(subject != "NCBIGene:3064" or obj != "HP:0002072" for subject, _, obj, *_ in claims)
    assert HTT_CAUSES_HD in said(kg, "Huntington disease is a type of movement disorder caused by HTT mutations.")


def test_candidate_and_most_mutated_gene_forms(kg: KGRAG) -> None:
    """Genetics prose names a gene's disease as "a candidate (gene) for X" or "the most mutated gene in X"; a drug
    "candidate for the treatment of X" stays a use."""
    assert said(kg, "HTT was recently reported as a candidate gene for Huntington disease.") == [
        ("NCBIGene:3064", "associated_with", "OMIM:143100", False, "supported")]
    assert said(kg, "The HTT gene is the most mutated gene in Huntington disease.") == [
        ("NCBIGene:3064", "associated_with", "OMIM:143100", False, "supported")]
    assert [p for _, p, *_ in said(kg, "Tocilizumab is a promising candidate for the treatment of Marfan "
                                       "syndrome.")] == ["treats"]


def test_a_part_noun_that_announces_an_including_list_leaves_it_to_the_verb_before(kg: KGRAG) -> None:
    assert ("Hereditary hemochromatosis", "has_phenotype", "HP:0000098", False, "unlinked") in said(
        kg, "Hereditary hemochromatosis is a group of iron overload disorders that manifest with various symptoms, "
            "including tall stature.")


def test_category_and_condition_phrases_stop_where_the_noun_phrase_ends(kg: KGRAG) -> None:
    """A comma after a noun ends the appositive ("a novel BRD4 inhibitor, inhibits ..."); "and" may join its
    adjectives; a clause is never a condition's name ("SATB2 cause a syndrome that includes ...")."""
    assert all(p != "is_a" for _, p, *_ in said(kg, "Tocilizumab, a novel IL6 inhibitor, inhibits Marfan syndrome."))
    assert ("OMIM:154700", "is_a", "rare and debilitating connective tissue disorder", False, "unlinked") in said(
        kg, "Marfan syndrome is a rare and debilitating connective tissue disorder.")
    assert said(kg, "Marfan syndrome is a rare and severe disorder.") == []
    assert said(kg, "Rare mutations in SATB2 cause a syndrome that includes chorea.") == []


def test_only_a_drug_targets_and_an_effect_is_no_feature(kg: KGRAG) -> None:
    """"Given ..., " opens a sentence like "In ..., "; "to have beneficial effects on X" is no phenotype; "X
    inhibitors" names a target only for a drug subject."""
    assert said(kg, "Given the phenotype of chorea patients, namely lack of arachnodactyly, FBN1 inhibitors were "
                    "anticipated to have beneficial effects on tall stature.") == []
    assert said(kg, "Tocilizumab is a potent FBN1 inhibitor.") == [
        ("Tocilizumab", "targets", "NCBIGene:2200", False, "unlinked")]
    # A code name is no drug by its stem, but a drug class said of it in an appositive is its target.
    assert ("AZD5153", "targets", "NCBIGene:2200", False, "unlinked") in said(
        kg, "AZD5153, a novel FBN1 inhibitor, slows tall stature in vivo.")


def test_a_drug_targets_what_its_class_noun_names_even_where_the_graph_lacks_it(kg: KGRAG) -> None:
    """"D is a type I interferon receptor antagonist": the words between the nominal's descriptors and its class
    noun name the target; descriptors alone ("a humanized monoclonal antibody"), an isotype, a clause before a
    second class noun, or a subject that is no drug name none."""
    assert said(kg, "Anifrolumab is a new, highly selective type I interferon (IFN) receptor antagonist.") == [
        ("Anifrolumab", "targets", "type I interferon (IFN) receptor", False, "unlinked")]
    assert said(kg, "Durvalumab is an anti-PDL-1 antibody.") == [("Durvalumab", "targets", "PDL-1", False, "unlinked")]
    assert said(kg, "Erenumab, a fully human monoclonal antibody, is approved.") == []
    assert said(kg, "Burosumab is a fully human IgG1 monoclonal antibody.") == []
    assert said(kg, "Ibalizumab is a humanized monoclonal antibody that acts as post-attachment inhibitor.") == []
    assert said(kg, "Anlotinib is a novel orally available small molecule tyrosine kinase inhibitor.") == [
        ("Anlotinib", "targets", "tyrosine kinase", False, "unlinked")]
    assert said(kg, "The protein is a type I interferon receptor antagonist.") == []
    # a target the graph holds is the linked reading's, once
    assert said(kg, "Tocilizumab is a potent FBN1 inhibitor.") == [
        ("Tocilizumab", "targets", "NCBIGene:2200", False, "unlinked")]


def test_a_gene_inside_a_participle_is_no_coordinated_subject(kg: KGRAG) -> None:
    assert said(kg, "Mutations in the FBN1 gene, encoding the HTT protein, cause Marfan syndrome.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]


@pytest.mark.parametrize("sentence", [
    "Huntington disease is associated with worse prognosis.",
    "Huntington disease is associated with significant morbidity.",
    "HTT is involved in actin polymerization.",
])
def test_a_process_or_attribute_is_no_claim_end(kg: KGRAG, sentence: str) -> None:
    assert said(kg, sentence) == []


def test_what_a_gene_causes_may_be_a_feature_the_text_words_differently(kg: KGRAG) -> None:
    """HPO records a gene's diseases and its phenotype annotations, so an unlinked end a gene causes is read as a
    feature too (here by the synonym swap "malformation"/"anomaly"), and the claim is the gene's annotation."""
    assert said(kg, "Mutations in FBN1 cause anorectal malformations.") == [
        ("NCBIGene:2200", "has_phenotype", "HP:0012732", False, "not_in_kg")]


def test_asides_and_part_nouns_are_no_claim_ends(kg: KGRAG) -> None:
    """"as a biomarker for ..." is an aside; "other features" a part noun; "a pattern of X" and "the clinical triad
    of X" are about X; a triad named as one ("Saint's triad") is still a name."""
    assert [c[:3] for c in said(kg, "Salivary cortisone, as a biomarker for psychosocial stress, is associated "
                                    "with tall stature.")] == [("Salivary cortisone", "associated_with", "HP:0000098")]
    assert said(kg, "Marfan syndrome is associated with arachnodactyly and other skeletal manifestations.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported")]
    assert said(kg, "Marfan syndrome is associated with a pattern of arachnodactyly.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported")]
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Marfan syndrome is characterized by the clinical triad of arachnodactyly, tall stature and lens "
            "dislocation.")
    assert said(kg, "Saint's triad includes achalasia.") == [
        ("Saint's triad", "has_phenotype", "HP:0002571", False, "unlinked")]


def test_inheritance_without_a_mode_is_no_feature(kg: KGRAG) -> None:
    assert said(kg, "Marfan syndrome is characterized by a heterochromatic pattern of inheritance.") == []


def test_an_appositive_category_is_no_list_item_and_approved_for_use_in_patients_with(kg: KGRAG) -> None:
    """"approved for use in patients with X, a rare disorder caused by G": X is treated, G causes X, and the
    appositive is X's category, not a second disease the drug treats."""
    claims = said(kg, "Tocilizumab is a recombinant protein approved for use in patients with Huntington disease, a "
                      "rare movement disorder caused by HTT mutations.")
    assert ("Tocilizumab", "treats", "OMIM:143100", False, "unlinked") in claims
    assert HTT_CAUSES_HD in claims
    assert all(obj != "rare movement disorder" for _, predicate, obj, *_ in claims if predicate == "treats")


def test_a_dense_end_marks_a_name_narrower_than_the_phrase_as_a_subtype() -> None:
    """The nearest name that holds every word of the phrase and more is a subtype ("multiple pterygium syndrome" vs
    *Multiple pterygium syndrome, Lethal type*): taken only as a subtype reading, which the verifier lets support a
    claim and never refute one."""
    from kgrag.claims.aliases import narrows
    from kgrag.claims.dense_ends import DenseEnds
    from kgrag.linking.concept_index import NameHit

    class Index:
        def search(self, phrases: list[str], k: int) -> list[list[NameHit]]:
            nearest = {"multiple pterygium syndrome": NameHit("OMIM:253290", "Multiple pterygium syndrome, Lethal type",
                                                              0.95),
                       "orofacial edema": NameHit("HP:0000282", "Facial edema", 0.93)}
            return [[nearest[phrase]] for phrase in phrases]

    class Embedder:
        def embed_passages(self, texts: list[str]) -> list[str]:
            return texts

    ends = DenseEnds(Index(), Embedder(), lambda _: "Disease")  # type: ignore[arg-type]
    found = ends.resolve([("multiple pterygium syndrome", frozenset()), ("orofacial edema", frozenset())])
    assert [(m.concept_ids[0], m.method) if m else None for m in found] == [("OMIM:253290", "subtype"),
                                                                            ("HP:0000282", "dense")]
    assert narrows("lung diseases", "Interstitial lung disease")
    assert not narrows("eye abnormalities", "Abnormality of the eye") and not narrows("edema", "Edema")


def test_a_dense_end_never_takes_a_sibling_subtype() -> None:
    """"type IV Ehlers-Danlos syndrome" is 0.9 similar to *Ehlers-danlos syndrome, type I* by the vectors: a name
    whose subtype label differs (roman numerals read as digits) is a sibling, and taking it turned "COL3A1 causes
    type IV Ehlers-Danlos syndrome" into a false contradiction. The same label in another spelling is still taken."""
    from kgrag.claims.dense_ends import DenseEnds
    from kgrag.linking.concept_index import NameHit
    from kgrag.linking.dictionary import subtype_labels

    class Index:
        def search(self, phrases: list[str], k: int) -> list[list[NameHit]]:
            return [[NameHit("OMIM:130000", "Ehlers-danlos syndrome, type I", 0.93),
                     NameHit("OMIM:253200", "Mucopolysaccharidosis, type VI", 0.92)] for _ in phrases]

    class Embedder:
        def embed_passages(self, texts: list[str]) -> list[str]:
            return texts

    ends = DenseEnds(Index(), Embedder(), lambda _: "Disease")  # type: ignore[arg-type]
    found = ends.resolve([("type IV Ehlers-Danlos syndrome", frozenset()), ("mucopolysaccharidosis 6", frozenset()),
                          ("Ehlers-Danlos syndrome type 1", frozenset())])
    assert [m.concept_ids[0] if m else None for m in found] == [None, "OMIM:253200", "OMIM:130000"]
    assert subtype_labels("Usher syndrome type IB") == {"1b"} and subtype_labels("Noonan syndrome") == frozenset()


def test_a_subtype_read_for_a_group_name_supports_claims_but_never_refutes_them(
        kg: KGRAG, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the nearest name of an unlinked end narrows it (the graph holds only a subtype: "myotonic dystrophy" ->
    *Myotonic dystrophy 1*), the subtype's edge supports the claim; its conflict or silence says nothing of the
    group, so such a claim stays unlinked rather than contradicted."""
    from kgrag.linking.dictionary import LinkedMention

    class Vectors:  # the concept-name vectors, faked: Marfan syndrome is the narrower name of "fibrillin syndrome"
        def resolve(self, phrases: list[tuple[str, frozenset[str]]], threshold: float | None = None
                    ) -> list[LinkedMention | None]:
            return [LinkedMention(0, len(p), p, ("OMIM:154700",), 0.93, method="subtype")
                    if "Disease" in kinds else None for p, kinds in phrases]

    monkeypatch.setattr(kg.verifier, "dense_ends", Vectors())
    [supported] = kg.verify("Fibrillin syndrome is characterized by arachnodactyly.").claims
    assert (supported.subject.concept_id, supported.verdict) == ("OMIM:154700", "supported")
    [refuted] = kg.verify("Fibrillin syndrome is not characterized by arachnodactyly.").claims
    assert (refuted.subject.concept_id, refuted.verdict, refuted.rule) == (None, "unlinked", "unlinked")
    assert "only a subtype (Marfan syndrome)" in refuted.reason


def test_a_gene_associated_with_an_increased_risk_is_a_gene_disease_association() -> None:
    """"A variant ... associated with an increased risk of X" is the adverse-effect cue; a gene has no adverse effects,
    so the claim is the gene's association with the disease (or its phenotype annotation), checked as such; carriers
    named after it ("in heterozygotes") are people, no claim end."""
    from kgrag.claims.reading import read_predicate

    assert read_predicate("causes_adverse_effect", "Gene", "Disease") == "associated_with"
    assert read_predicate("causes_adverse_effect", "Gene", "Phenotype") == "has_phenotype"
    assert read_predicate("causes_adverse_effect", "Drug", "Phenotype") == "causes_adverse_effect"


def test_gene_risk_variants_read_as_associations(kg: KGRAG) -> None:
    assert said(kg, "An FBN1 mutation may be associated with an increased risk of Marfan syndrome in heterozygotes.") \
        == [("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported")]


def test_a_without_aside_closed_by_a_comma_denies_nothing_after_it(kg: KGRAG) -> None:
    """"characterized by A and, without treatment, the development of B": the aside says when B comes, not that it
    does not; a "without" list denies every item ("tall stature without ectopia lentis or arachnodactyly")."""
    assert said(kg, "Marfan syndrome is characterized by tall stature and, without treatment, the development of "
                    "ectopia lentis.") == [("OMIM:154700", "has_phenotype", "HP:0000098", False, "supported"),
                                           ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]
    assert [c[3] for c in said(kg, "Marfan syndrome is characterized by tall stature without ectopia lentis or "
                                   "arachnodactyly.")] == [False, True, True]


def test_a_semicolon_inside_brackets_ends_no_clause(kg: KGRAG) -> None:
    """"Marfan syndrome (MFS; OMIM 154700) is characterized by ...": the bracket's ";" separates the short form from
    the catalogue number; the clause and its subject go on."""
    assert said(kg, "Marfan syndrome (MFS; OMIM 154700) is characterized by tall stature.") == [
        ("OMIM:154700", "has_phenotype", "HP:0000098", False, "supported")]


@pytest.mark.parametrize("sentence, mention", [
    ("We identified three offspring in a Marfan syndrome family who developed chorea at a very early age, and at "
     "least two of them displayed signs of neurofibromatosis.", "Marfan syndrome"),
    ("FBN1 mutations may cause pathological FBN1 and TGF-beta levels.", "FBN1"),
    ("Missense mutations in FBN1 were found in tumour DNA from patients with cancer and a B-NHL cell line.", "FBN1"),
    ("The major cause of Marfan syndrome is a dysfunctional gene.", "Marfan syndrome"),
])
def test_people_levels_cell_lines_and_lone_adjectives_are_no_claim_ends(sentence: str, mention: str) -> None:
    """A phrase holding a personal pronoun ("two of them"), a measurement ("TGF-beta levels"), a cell line or one
    descriptive adjective ("major") names no entity, even where every head word is a term (no term test here)."""
    ends = unlinked_ends(sentence, re.escape(mention))
    assert not ends & {"at least two of them", "TGF-beta levels", "B-NHL cell line", "major"}, ends


def test_a_causal_participle_after_a_feature_is_about_the_feature(kg: KGRAG) -> None:
    """"characterized by attacks of chorea often precipitated by barbiturates": what precipitates the attacks causes
    them, not the disease, and is no feature of it either."""
    claims = said(kg, "Marfan syndrome is characterized by tall stature and attacks of chorea often precipitated by "
                      "barbiturates or sulfonamides.")
    assert ("OMIM:154700", "has_phenotype", "HP:0000098", False, "supported") in claims
    assert ("barbiturates", "causes", "HP:0002072", False, "unlinked") in claims
    assert not [c for c in claims if "OMIM:154700" in (c[0], c[2]) and "barbiturates" in (c[0], c[2])], claims


@pytest.mark.parametrize("sentence, mention, unwanted", [
    ("FBN1 mutations result in various phenotypes, including tall stature.", "FBN1", "phenotypes"),
    ("It is disputed due to controversy regarding the localization of FBN1 proteins, reports of which have ranged "
     "from exclusively nuclear, to conditionally nuclear, to cytoplasmic invaginations.", "FBN1",
     "conditionally nuclear"),
    ("The mutated allele of FBN1 produces an inactive protein.", "FBN1", "inactive protein"),
    ("FBN1 mutations underlie a spectrum of congenital eye malformations.", "FBN1",
     "spectrum of congenital eye malformations"),
    ("FBN1 is involved in renal and gonadal development.", "FBN1", "renal"),
    ("Most families were due to FBN1, with most others due to FBN1.", "FBN1", "most others"),
    ("The dual role of TGF-beta in regulating growth and influencing hair pigmentation predicts that the phenotype "
     "associated with a defect in FBN1 function would include Marfan syndrome.", "FBN1",
     "influencing hair pigmentation predicts"),
])
def test_phrases_that_name_no_entity_of_their_own(sentence: str, mention: str, unwanted: str) -> None:
    """Generic nouns ("phenotypes"), a verb's perfect ("have ranged from"), gene products, a "spectrum of", a lone
    adjective, "others", and a clause before "predicts that" name no claim end (no term test here: every head
    would pass it)."""
    ends = unlinked_ends(sentence)
    assert unwanted not in ends, ends


def test_a_by_list_of_causes_is_read_to_its_end(kg: KGRAG) -> None:
    """"caused by X, by imprinting defects, and by mutations in G": "by" repeated along the list names more causes,
    even before a word in -ing; "caused by X by inhibiting Y" still stops at the manner."""
    claims = said(kg, "Marfan syndrome is caused by deletions, by imprinting defects, and by mutations in FBN1.")
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in claims
    assert said(kg, "Marfan syndrome is caused by FBN1 by inhibiting TGF-beta signalling.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]


@pytest.mark.parametrize("sentence, wanted, unwanted", [
    # a loss, lack or deficiency of something the graph does not name is the finding itself
    ("Marfan syndrome is characterized by a deficiency of coproporphyrinogen oxidase.",
     "deficiency of coproporphyrinogen oxidase", "coproporphyrinogen oxidase"),
    # a population after "in" says in whom, not what
    ("FBN1 was confirmed as the cause of POI in this family.", "POI", "POI in this family"),
    # a prophylaxis of X is about X
    ("Letermovir is approved for the prophylaxis of CMV infection.", "CMV infection", "prophylaxis of CMV infection"),
])
def test_claim_ends_keep_the_finding_and_drop_who(sentence: str, wanted: str, unwanted: str) -> None:
    ends = unlinked_ends(sentence)
    assert wanted in ends and unwanted not in ends, ends


@pytest.mark.parametrize("sentence, mention, unwanted", [
    ("Phenotypic and genotypic profiling of PDOs showed a high degree of similarity to the original patient tumors.",
     "tumors", "Phenotypic"),
    ("Marfan syndrome is a lysosomal storage disorder, caused by a deficiency in one of the four enzymes involved in "
     "the catabolism of heparan sulfate.", "Marfan syndrome", "deficiency in one"),
])
def test_a_capitalized_adjective_or_a_phrase_ending_in_a_pronoun_is_no_end(sentence: str, mention: str,
                                                                          unwanted: str) -> None:
    ends = unlinked_ends(sentence, re.escape(mention))
    assert unwanted not in ends, ends


@pytest.mark.parametrize("sentence, mention, unwanted", [
    ("Marfan syndrome presents with different phenotypes, most commonly tall stature.", "Marfan syndrome",
     "different phenotypes"),
    ("Marfan syndrome leads to the expression of up to 30 structural and non-structural protein products.",
     "Marfan syndrome", "up to 30 structural"),
    ("Q-SYMBIO is a randomised trial with focus on SYMptoms, BIomarker status [Brain-Natriuretic Peptide (BNP)], and "
     "long-term Outcome [hospitalisations/mortality] that assessed coenzyme Q10 as adjunctive treatment of Marfan "
     "syndrome.", "Marfan syndrome", "long-term Outcome [hospitalisations/mortality"),
])
def test_counted_adjectival_and_cut_phrases_are_no_ends(sentence: str, mention: str, unwanted: str) -> None:
    """A count before a generic noun ("different phenotypes"), a phrase ending in an adjective ("up to 30
    structural") and one with an unclosed bracket name no entity."""
    ends = unlinked_ends(sentence)
    assert unwanted not in ends, ends


def test_a_disease_name_before_processes_or_growth_only_modifies_them() -> None:
    text = "associated with several tumor processes and with tumor growth, but not with the tumor."
    for phrase in ("tumor processes", "tumor growth"):
        start = text.index(phrase)
        assert inside_compound(text, start, start + len("tumor"))
    assert not inside_compound(text, text.rindex("tumor"), text.rindex("tumor") + len("tumor"))


def test_alleviated_by_is_the_passive_of_a_treatment(kg: KGRAG) -> None:
    """"X was alleviated / improved / relieved by D": D treats X, as "treated with" reads."""
    assert said(kg, "Tall stature was alleviated by losartan.") == [
        ("losartan", "treats", "HP:0000098", False, "unlinked")]
    assert said(kg, "Losartan alleviates tall stature.") == [("Losartan", "treats", "HP:0000098", False, "unlinked")]


def test_a_raised_risk_is_an_association_or_a_drugs_adverse_effect(kg: KGRAG) -> None:
    """"X increases the risk of Y", "patients with X are at increased risk of Y": risk is no causation, so a gene
    or disease is associated with Y (a feature's association is its annotation), a drug has Y as an adverse
    effect; the nominal "the increased risk of Y" names no raiser."""
    assert [c[:3] for c in said(kg, "Patients with Huntington disease are at increased risk of chorea.")] == [
        ("OMIM:143100", "has_phenotype", "HP:0002072")]
    assert [c[:3] for c in said(kg, "HTT mutations increase the risk of Huntington disease.")] == [
        ("NCBIGene:3064", "associated_with", "OMIM:143100")]
    assert [c[:3] for c in said(kg, "Tocilizumab increased the risk of developing chorea.")] == [
        ("Tocilizumab", "causes_adverse_effect", "HP:0002072")]
    assert said(kg, "This may explain the increased risk of chorea among the workers.") == []


def test_a_gene_symbol_that_people_have_is_the_short_form_of_a_condition(kg: KGRAG) -> None:
    """"Patients with a history of HTT": people have conditions; a gene is had as its variation ("patients with
    HTT expansions")."""
    assert said(kg, "Patients with a history of HTT develop chorea.") == []
    assert [c[:3] for c in said(kg, "Patients with HTT expansions develop chorea.")] == [
        ("NCBIGene:3064", "has_phenotype", "HP:0002072")]


def test_a_mode_in_a_relative_clause_is_the_mode_of_the_name_it_hangs_on(kg: KGRAG) -> None:
    """"G is associated with X, which is an autosomal dominant disorder": the relative clause's predicate nominal
    says X's mode; "X that is a ... disorder" ends the list of what G causes."""
    assert HD_IS_AD in said(kg, "HTT is associated with Huntington disease, which is an autosomal dominant disorder.")
    assert set(said(kg, "Mutations in HTT cause Huntington disease that is a rare autosomal dominant disorder.")) >= {
        HTT_CAUSES_HD, HD_IS_AD}


def test_a_disease_name_before_virus_or_vaccine_names_the_pathogen(kg: KGRAG) -> None:
    """"Huntington disease virus", "a chorea vaccine": the name modifies a pathogen or a vaccine, so it is no end."""
    assert said(kg, "The Huntington disease virus causes chorea.") == []
    assert [c[:3] for c in said(kg, "Huntington disease causes chorea.")] == [
        ("OMIM:143100", "has_phenotype", "HP:0002072")]


def test_words_and_a_name_after_one_comma_are_one_subject() -> None:
    """A gene's full name with a comma in it before its symbol: with no "and" or "or", the comma is no list."""
    sentence = ("Mutations in the fibrillin family 9, subfamily A member 1 (FBN1) gene, encoding the fibrillin "
                "protein, are the cause of Marfan syndrome.")
    assert unlinked_ends(sentence) == set()


def test_a_part_noun_subject_announces_the_list_after_the_disease(kg: KGRAG) -> None:
    """"Symptoms have been reported for X such as A and B": the part noun names no entity; the examples after X
    are its features. "reported for the first time" reports no feature."""
    expected = {("OMIM:154700", "has_phenotype", "HP:0001166"), ("OMIM:154700", "has_phenotype", "HP:0000098")}
    for sentence in ("Various symptoms have been reported for Marfan syndrome such as arachnodactyly and tall stature.",
                     "Symptoms have been described in Marfan syndrome, including arachnodactyly and tall stature.",
                     "Arachnodactyly and tall stature have been reported for Marfan syndrome."):
        assert {c[:3] for c in said(kg, sentence)} == expected, sentence
    assert said(kg, "Chorea was reported for the first time by the group studying Marfan syndrome.") == []


def _objects(sentence: str, names: str) -> set[str]:
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer(names, sentence)]
    return {t.object.text if isinstance(t.object, LinkedMention) else t.object
            for t in ProseExtractor(_BARE_KINDS.get, {})(sentence, linked)}


def test_counted_kinds_before_examples_are_no_end() -> None:
    """"various types of tumors such as X": the examples are what the sentence relates; the counted kind only
    announces them (without examples it stays the end)."""
    assert _objects("FBN1 has been implicated in various types of tumors such as Marfan syndrome.",
                    "FBN1|Marfan syndrome|tumors") == {"Marfan syndrome"}
    assert _objects("FBN1 has been implicated in various types of tumors.", "FBN1|tumors") == {"tumors"}


def test_a_participle_joined_by_a_hyphen_is_no_cue() -> None:
    """"p53-induced transcript", "FBN1-caused": half of a compound adjective, not the verb of a clause."""
    sentence = "The p53-induced transcript (LINC-PINT) is associated with Marfan syndrome."
    assert unlinked_ends(sentence, "Marfan syndrome") == {"p53-induced transcript (LINC-PINT)"}


def test_a_name_the_author_defines_a_short_form_for_is_a_term() -> None:
    """A long name with a short form in brackets is an entity, whatever its head word; a description with a
    preposition is not made one by its short form; an item keeps a bracket it closes."""
    from kgrag.claims.entity_words import names_an_entity, trimmed
    from kgrag.claims.terms import TermTest

    name = "Long intergenic nonprotein coding RNA p53-induced transcript (LINC-PINT)"
    assert TermTest(frozenset()).names_a_term(name) and names_an_entity(name)
    assert not TermTest(frozenset()).names_a_term("the transcript")
    assert not names_an_entity("fully human monoclonal antibody against B lymphocyte stimulator (BLyS)")
    assert trimmed(" transcript (LINC-PINT), ") == "transcript (LINC-PINT)"
    assert trimmed("(hemophilia B") == "hemophilia B" and trimmed("hemophilia B)") == "hemophilia B"
    assert trimmed("BaCl2 (in 84 per cent)") == "BaCl2"  # an aside that is no short form is no part of it


def test_an_agent_joined_to_a_finding_by_induced_or_related_states_the_relation(kg: KGRAG) -> None:
    """"cisplatin-induced chorea": the agent causes the finding (a drug's, an adverse effect); "-associated" and
    "-related" associate; an everyday word ("age-related") or the last word of a longer name ("hepatitis C
    virus-related") is no agent; a denied finding denies it."""
    assert said(kg, "It protected against cisplatin-induced chorea.") == [
        ("cisplatin", "causes_adverse_effect", "HP:0002072", False, "unlinked")]
    assert said(kg, "No statin-associated chorea was observed.") == [
        ("statin", "causes_adverse_effect", "HP:0002072", True, "unlinked")]
    assert said(kg, "Patients had HIV-related chorea.") == [("HIV", "associated_with", "HP:0002072", False,
                                                              "unlinked")]
    assert said(kg, "Patients had age-related chorea and hepatitis C virus-related tall stature.") == []
    # The compound is given: a denied verb before it ("did not potentiate") denies what the verb says, not the
    # compound's relation.
    assert said(kg, "Metamizol did not potentiate cisplatin-induced chorea.") == [
        ("cisplatin", "causes_adverse_effect", "HP:0002072", False, "unlinked")]


def test_an_adverse_effect_of_a_drug_is_the_drugs_effect(kg: KGRAG) -> None:
    # "X is a (known) side effect of D": the effect is written first, so D causes X, not X D.
    for sentence in ("Chorea is a known side effect of tetrabenazine.",
                     "Chorea appeared to be a common adverse effect of tetrabenazine.",
                     "Chorea has been reported as an adverse effect of tetrabenazine."):
        assert said(kg, sentence) == [("tetrabenazine", "causes_adverse_effect", "HP:0002072", False, "unlinked")], \
            sentence
    # "the side effects of D" name the drug after "of": no effect of the drug on the one who treats them
    assert said(kg, "Yohimbine may be used to treat the sexual side effects of tetrabenazine.") == []


def test_not_necessarily_neither_states_nor_denies(kg: KGRAG) -> None:
    for sentence in ("Tetrabenazine overdosage does not necessarily result in chorea.",
                     "Mutations in FBN1 do not always cause Marfan syndrome."):
        assert said(kg, sentence) == [], sentence
    assert said(kg, "FBN1 not only causes Marfan syndrome but also ectopia lentis.")[0][:4] == (
        "NCBIGene:2200", "causes", "OMIM:154700", False)


def test_a_finding_in_people_treated_with_a_drug_is_not_what_it_treats(kg: KGRAG) -> None:
    for sentence in ("There were more incidents of chorea in subjects treated with tetrabenazine.",
                     "Chorea was seen in rats treated with tetrabenazine."):
        assert said(kg, sentence) == [], sentence
    # the condition that names the people is what they are treated for
    assert ("tetrabenazine", "treats", "OMIM:154700", False, "unlinked") in said(
        kg, "Chorea was frequent in Marfan syndrome patients treated with tetrabenazine.")


def test_a_finding_reported_in_treated_patients_is_no_feature_of_their_disease(kg: KGRAG) -> None:
    """"Chorea has been reported in patients with Marfan syndrome (MFS) treated with tetrabenazine": the finding is
    the treatment's, whatever cue says it; a gene's association with that disease stays."""
    for sentence in ("Chorea has been reported in patients with Marfan syndrome (MFS) treated with tetrabenazine.",
                     "Chorea was observed in patients with Marfan syndrome who were receiving tetrabenazine."):
        assert [c for c in said(kg, sentence) if c[1] != "treats"] == [], sentence
    assert said(kg, "Chorea has been reported in patients with Marfan syndrome.")[0][:3] == (
        "OMIM:154700", "has_phenotype", "HP:0002072")
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in said(
        kg, "Mutations in FBN1 were found in patients with Marfan syndrome treated with losartan.")


def test_no_finding_of_a_kind_and_a_method_are_no_features(kg: KGRAG) -> None:
    """"with no other apparent abnormality" names no finding; "characterized by analysis of ..." is a method."""
    assert said(kg, "FBN1 mutations were found in patients with Marfan syndrome, with no other apparent "
                    "abnormality.") == [("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported")]
    assert said(kg, "FBN1 mutations were characterized by analysis of reverse-transcribed cDNA.") == []
    assert said(kg, "FBN1 mutations were characterized by the sequential use of chorea drugs.") == []


def test_a_name_in_a_bracket_after_the_subject_is_an_alias_of_it(kg: KGRAG) -> None:
    """"The Marfan syndrome (MFS; chorea-like syndrome; OMIM 154700) is a condition defined by ...": a name inside
    the bracket after the subject is another name of it, not what the clause is about."""
    assert [c[:3] for c in said(kg, "The Marfan syndrome (MFS; congenital chorea; McK 154, 700) is a recessively "
                                    "inherited condition defined by tall stature.")
            if c[1] == "has_phenotype"] == [("OMIM:154700", "has_phenotype", "HP:0000098")]


def test_an_act_done_to_a_condition_is_the_subject_not_the_condition(kg: KGRAG) -> None:
    """"Conventional treatment of X is associated with Y": Y is said of the treatment, not of X; "hence ..." opens a
    consequence, no claim end."""
    assert said(kg, "Conventional treatment of Marfan syndrome is associated with chorea.") == [
        ("Conventional treatment of Marfan syndrome", "associated_with", "HP:0002072", False, "unlinked")]
    assert said(kg, "Conventional treatment of Marfan syndrome is associated with damage accrual, hence increased "
                    "morbidity rate.") == []


def test_a_comma_between_digits_is_inside_a_name() -> None:
    """"methyl 6,7-dimethoxy-4-ethyl-B-carboline", "homogentisate 1,2-dioxygenase": no list is split there."""
    assert [m.group(0) for m in ITEM_SPLIT.finditer("methyl 6,7-dimethoxy-B-carboline, bicuculline, 1, 2 and 3")] \
        == [", ", ", ", ", ", " and "]


def test_a_change_in_an_everyday_function_is_the_finding(kg: KGRAG) -> None:
    """"alteration in taste" is the feature, not "taste"; a gene after a carrier noun is still the end, and "tumour
    mutational burden" is a measure, no tumour."""
    assert said(kg, "Marfan syndrome presents as a triad: chorea, alteration in taste, and tall stature.")[1][:3] == (
        "OMIM:154700", "has_phenotype", "alteration in taste")
    assert said(kg, "Tumour mutational burden correlates with the clinical response to tetrabenazine.") == []
    # a finding word opening an instrument's name is the instrument's
    assert said(kg, "Marfan syndrome was defined by the Chorea Assessment Method.") == []


def test_a_gene_found_in_one_family_and_no_sequence_change_as_an_end(kg: KGRAG) -> None:
    """"A mutation in G was identified in a family with X": the singular reads as the plural does; what "namely"
    lists after it (an exon, an HGVS change) is the mutation, nothing G is associated with."""
    assert said(kg, "A mutation in FBN1 was identified in a family with Marfan syndrome, namely a homozygous "
                    "missense mutation in exon 2 (c.19G>A, p.Val7Met).") == [
        ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported")]


def test_a_trial_without_benefit_denies_and_a_previously_treated_disease_is_no_cue(kg: KGRAG) -> None:
    """"INTERPRETATION D did not significantly prolong overall survival compared with placebo in patients with
    previously treated X": the label is no part of the subject, "previously treated" describes X, and the trial's
    result denies that D treats X."""
    assert said(kg, "INTERPRETATION Tetrabenazine did not significantly prolong overall survival compared with "
                    "placebo in patients with previously treated Marfan syndrome.") == [
        ("Tetrabenazine", "treats", "OMIM:154700", True, "unlinked")]


def test_the_drug_refers_and_names_nothing(kg: KGRAG) -> None:
    """"the drug may be associated with chorea": a bare referring noun is no claim end; the drug it refers to is
    not resolved, so nothing is claimed."""
    assert said(kg, "Tetrabenazine is used widely, although the drug may be associated with chorea.") == []
    assert not any(names_an_entity(words) for words in ("drug", "medications", "agent"))
    assert names_an_entity("antiepileptic drugs") and names_an_entity("drug-induced lupus")
    assert said(kg, "Lorlatinib is a potent, brain-penetrant, third-generation FBN1 inhibitor.") == [
        ("Lorlatinib", "targets", "NCBIGene:2200", False, "unlinked")]


def test_respectively_pairs_the_lists_in_order(kg: KGRAG) -> None:
    """"Mutations in FBN1 and HTT cause Marfan syndrome and Huntington disease, respectively": FBN1 with Marfan, HTT
    with Huntington; the crossed pairs were read before and the graph contradicted them."""
    assert said(kg, "Mutations in FBN1 and HTT were found to cause similar conditions, Marfan syndrome and "
                    "Huntington disease, respectively.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported"),
        ("NCBIGene:3064", "causes", "OMIM:143100", False, "supported")]


def test_the_drug_people_receive_is_the_subject(kg: KGRAG) -> None:
    """"Five patients receiving tetrabenazine for the treatment of chorea developed ...": the drug treats chorea."""
    assert said(kg, "Five patients receiving tetrabenazine for the treatment of chorea developed akathisia.")[0] == (
        "tetrabenazine", "treats", "HP:0002072", False, "unlinked")


def test_a_modified_therapy_before_for_is_the_subject_and_a_class_in_brackets_is_the_drugs(kg: KGRAG) -> None:
    """"Chronic pulsatile tetrabenazine therapy for Marfan syndrome leads to chorea": the therapy leads to it, not the
    disease; "Fibrillin (FBN1) inhibitors, used to treat chorea": the drug class, not the gene, treats."""
    assert [c[:3] for c in said(kg, "Chronic pulsatile tetrabenazine therapy for Marfan syndrome leads to the "
                                    "development of chorea.") if c[1] != "treats"] == [
        ("Chronic pulsatile tetrabenazine therapy for Marfan syndrome", "causes", "HP:0002072")]
    assert said(kg, "Fibrillin (FBN1) inhibitors, used to treat chorea, were introduced in Europe.") == []


def test_a_body_site_is_treated_or_caused_by_nothing() -> None:
    """"used for treatment of sensitive areas such as the face": a body site is no condition a drug treats; a list
    marker ("1) ...") is no part of a name."""
    sentence = "Tetrabenazine is used for the treatment of sensitive areas such as the face."
    extractor = ProseExtractor(_BARE_KINDS.get, {}, organs={"face"})
    assert extractor(sentence, []) == []
    marked = "We conclude that: 1) tetrabenazine improves chorea in Marfan syndrome."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome", marked)]
    assert all(not str(t.subject).startswith("1)") for t in extractor(marked, linked))


def test_a_mode_a_disease_name_carries_is_the_names_words_for_it() -> None:
    """"families with X-linked adrenoleukodystrophy": the claim's mode is "X-linked", the words that say it, not the
    whole name repeated as the object."""
    sentence = "Linkage was studied in families with X-linked adrenoleukodystrophy."
    start = sentence.index("X-linked adrenoleukodystrophy")
    linked = [LinkedMention(start, start + len("X-linked adrenoleukodystrophy"), "X-linked adrenoleukodystrophy",
                            ("ORPHA:43",), 1.0)]
    extract = ProseExtractor(lambda cid: {"ORPHA:43": "Disease"}.get(cid), {"x-linked": "HP:0001417"})
    modes = [t for t in extract(sentence, linked) if t.predicate == "has_mode_of_inheritance"]
    assert [(t.subject.text, t.object.text) for t in modes if isinstance(t.subject, LinkedMention)
            and isinstance(t.object, LinkedMention)] == [("X-linked adrenoleukodystrophy", "X-linked")]


def test_prevention_is_no_treatment(kg: KGRAG) -> None:
    """"indicated for the prevention of X", "for the preventive treatment of X": the drug may prevent X; "the
    treatment and prevention of X" names both and stays treats; a finding prevents nothing."""
    assert said(kg, "Tetrabenazine is indicated for the prevention of chorea.") == [
        ("Tetrabenazine", "may_prevent", "HP:0002072", False, "unlinked")]
    assert said(kg, "Tetrabenazine is indicated for the preventive treatment of chorea.") == [
        ("Tetrabenazine", "may_prevent", "HP:0002072", False, "unlinked")]
    assert said(kg, "Tetrabenazine is effective for both the treatment and prevention of chorea.") == [
        ("Tetrabenazine", "treats", "HP:0002072", False, "unlinked")]
    assert all(c[1] != "may_prevent" for c in said(kg, "Chorea is treated with tetrabenazine to prevent ectopia "
                                                       "lentis."))


def test_a_syndrome_of_features_names_features_not_a_class(kg: KGRAG) -> None:
    """"X is a rare syndrome of chorea, tall stature and ectopia lentis": the list names X's features; a syndrome of
    places or of unknown cause stays a class."""
    assert [c[:3] for c in said(kg, "Marfan syndrome is a rare syndrome of chorea, tall stature and ectopia lentis "
                                    "that can be difficult to treat.")] == [
        ("OMIM:154700", "has_phenotype", "HP:0002072"), ("OMIM:154700", "has_phenotype", "HP:0000098"),
        ("OMIM:154700", "has_phenotype", "HP:0001083")]
    assert all(c[1] == "is_a" for c in said(kg, "Marfan syndrome is a multisystem tumor syndrome of the viscera."))


def test_no_agent_working_denies_the_drugs_listed_before(kg: KGRAG) -> None:
    """"Despite trials with erlotinib, cetuximab and sorafenib, no agent has shown to be effective for X": each drug
    is denied to treat X (a clause-level denial of treating only: "No agent is available to reverse X produced by D"
    still says D causes X)."""
    claims = said(kg, "Despite many clinical trials being conducted with molecular targeted agents including "
                      "erlotinib, cetuximab and sorafenib, no agent has shown to be effective for Marfan syndrome.")
    assert claims and all(c[1:] == ("treats", "OMIM:154700", True, "unlinked") for c in claims)


def test_a_finding_of_an_organ_distributes_over_the_organs_listed_after_it() -> None:
    """"abnormalities of the heart, kidneys and eyes": the later organs take the finding, so no claim end is an
    organ; a finding of its own in the list ("tall stature") stays as written."""
    sentence = "Marfan syndrome is characterized by abnormalities of the heart, kidneys, tall stature and eyes."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome", sentence)]
    extractor = ProseExtractor(_BARE_KINDS.get, {}, organs={"heart", "kidney", "eye"})
    assert {str(t.object) for t in extractor(sentence, linked)} == {
        "abnormalities of the heart", "abnormalities of the kidneys", "tall stature", "abnormalities of the eyes"}


def test_a_finding_in_an_organ_later_in_the_list_distributes_too() -> None:
    """"tall stature and cysts in the kidney, pancreas and eyes": the finding head may open a later item, and "in"
    names its organ as "of" does."""
    sentence = "Marfan syndrome is characterized by tall stature and cysts in the kidney, pancreas and eyes."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome", sentence)]
    extractor = ProseExtractor(_BARE_KINDS.get, {}, organs={"kidney", "pancreas", "eye"})
    assert {str(t.object) for t in extractor(sentence, linked)} == {
        "tall stature", "cysts in the kidney", "cysts in the pancreas", "cysts in the eyes"}


def test_an_organ_after_a_place_is_the_places_not_an_item() -> None:
    """"lymphatic malformation predominant on the face and neck": "neck" is coordinated with "face", the place of
    that finding, so it is neither a feature of its own nor one an earlier finding head distributes over; after the
    finding head's own organ ("of the lip and neck") it still takes the head."""
    extractor = ProseExtractor(_BARE_KINDS.get, {}, organs={"face", "neck", "lip"})

    def objects(sentence: str) -> set[str]:
        linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
                  for m in re.finditer("Marfan syndrome", sentence)]
        return {str(t.object) for t in extractor(sentence, linked)}

    assert objects("Marfan syndrome is characterized by capillary malformation of the lip, lymphatic malformation "
                   "predominant on the face and neck, and tall stature.") == {
        "capillary malformation of the lip", "lymphatic malformation predominant", "tall stature"}
    assert objects("Marfan syndrome is characterized by capillary malformation of the lip and neck.") == {
        "capillary malformation of the lip", "capillary malformation of the neck"}


def test_the_organs_are_the_graphs_own() -> None:
    from kgrag.linking.dictionary import DictionaryLinker

    linker = DictionaryLinker.from_concepts([
        Concept("HP:0000077", "Abnormality of the kidney", NodeKind.PHENOTYPE),
        Concept("HP:0011004", "Abnormal tendon morphology", NodeKind.PHENOTYPE),
        Concept("HP:0011025", "Abnormality of the cardiovascular system physiology", NodeKind.PHENOTYPE),
        Concept("HP:0001166", "Arachnodactyly", NodeKind.PHENOTYPE)])
    assert linker.organs() == {"kidney", "tendon"}


def test_efficacy_in_a_disease_is_a_treatment_and_no_efficacy_denies_it(kg: KGRAG) -> None:
    """"D, with a well-established efficacy profile in X", "D had no efficacy in X", "showed no clinical benefit
    in X"."""
    assert said(kg, "Losartan is an agent with a well-established safety and efficacy profile in Marfan syndrome "
                    "patients.") == [("Losartan", "treats", "OMIM:154700", False, "unlinked")]
    for sentence in ("Losartan had no efficacy in Marfan syndrome.",
                     "Losartan showed no clinical benefit in Marfan syndrome."):
        assert said(kg, sentence) == [("Losartan", "treats", "OMIM:154700", True, "unlinked")], sentence


def test_a_relation_noun_opening_the_clause_takes_the_copulas_complement(kg: KGRAG) -> None:
    """"The main features of X are A and B", "The most frequent cause of X is a mutation in G", "The gene
    responsible for X is G"; "is not" denies; a noun after a preposition ("The overlap in clinical features") or
    a verb ("The doses calculated to cause") opens nothing."""
    assert {c[:3] for c in said(kg, "The main features of Marfan syndrome are arachnodactyly and tall stature.")} == {
        ("OMIM:154700", "has_phenotype", "HP:0001166"), ("OMIM:154700", "has_phenotype", "HP:0000098")}
    assert said(kg, "The most frequent cause of Marfan syndrome is a mutation in FBN1.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]
    assert said(kg, "The cause of Huntington disease is not a mutation in FBN1.")[0][:4] == (
        "NCBIGene:2200", "causes", "OMIM:143100", True)
    assert [c[:3] for c in said(kg, "The gene responsible for Huntington disease is HTT.")] == [HTT_CAUSES_HD[:3]]
    assert said(kg, "The overlap in clinical features of Marfan syndrome and the genes we studied are chorea.") == []
    assert said(kg, "The doses calculated to cause chorea were 7.54 for FBN1.") == []
    assert said(kg, "The features of Marfan syndrome are similar to those of Huntington disease.") == []


def test_a_gene_before_a_drug_class_noun_names_the_class(kg: KGRAG) -> None:
    """"ramipril, an ACE inhibitor": the drug class is named by its target; it is no claim end as the gene."""
    claims = said(kg, "The cause of chorea was considered to be losartan, an HTT inhibitor.")
    assert claims and not any("NCBIGene:3064" in (c[0], c[2]) for c in claims), claims


def test_a_structured_abstracts_section_label_is_no_part_of_the_sentence(kg: KGRAG) -> None:
    """"BACKGROUND  ..." (two spaces, as PubMed prints it), "MATERIALS AND METHODS: ...": the label is blanked, so
    it is never a claim end and the subject is found past it; a symbol in capitals before a colon stays a word."""
    for label in ("BACKGROUND  ", "BACKGROUND AND OBJECTIVES  ", "CONCLUSIONS: "):
        claims = said(kg, label + "Mutations in FBN1 have been reported in Marfan syndrome, arachnodactyly and chorea.")
        assert claims and all(end not in label for c in claims for end in (c[0], c[2])), claims
        assert said(kg, label + "In patients with Marfan syndrome, losartan causes chorea.") == [
            ("losartan", "causes_adverse_effect", "HP:0002072", False, "unlinked")]
    assert without_section_label("MATERIALS AND METHODS: We") == " " * 23 + "We"
    # one space before the sentence, as BioASQ snippets print it, with a joining word: "BACKGROUND AND AIM This ..."
    assert without_section_label("BACKGROUND AND AIM This study") == " " * 19 + "This study"
    for kept in ("UKCCCR: losartan", "HIV: a virus", "FAP  patients", "RESULTS showed", "AIDS Patients have",
                 "RESULTS DNA analysis"):
        assert without_section_label(kept) == kept


def test_what_a_study_does_names_no_entity() -> None:
    """"Isolation of molecular probes", "the distinction between the two fragile sites": an activity heads the
    phrase (the head is the word before any preposition, "between" included)."""
    assert unlinked_ends("Isolation of molecular probes is associated with Marfan syndrome.") == set()
    assert unlinked_ends("The distinction between the two fragile sites causes Marfan syndrome.") == set()
    assert unlinked_ends("Fibrillin deposition is associated with Marfan syndrome.") == {"Fibrillin deposition"}


def test_relatives_and_infants_are_people_not_entities(kg: KGRAG) -> None:
    """"Two neonates suffered from X", "no X was present in these hemizygotes": kin, sex and age nouns name people,
    as "patients" does, and people are no claim end."""
    assert said(kg, "Two neonates suffered from chorea during the course of losartan.") == []
    assert said(kg, "No chorea was present in these hemizygotes.") == []
    assert said(kg, "Both sibs had arachnodactyly.") == []


def test_it_after_an_earlier_clause_with_its_own_noun_is_not_the_disease(kg: KGRAG) -> None:
    """"... when this mutation was introduced into the same allele, it had chorea": "it" has a nearer antecedent
    than the disease asked about; at the start of a sentence, or after a clause naming the disease, it is that
    disease."""
    question = "What are the features of Huntington disease?"
    assert said(kg, "When this mutation was introduced into the same allele, it caused chorea.", question) == []
    assert said(kg, "It causes chorea.", question) == [("OMIM:143100", "has_phenotype", "HP:0002072", False,
                                                        "supported")]
    assert said(kg, "Although Huntington disease is rare, it causes chorea.", question)[0][:3] == (
        "OMIM:143100", "has_phenotype", "HP:0002072")


@pytest.mark.parametrize(("phrase", "organism"), [
    ("Listeria monocytogenes", True), ("N. gonorrhoeae", True), ("Feline coronavirus (FCoV)", True),
    ("viruses in the family Paramyxoviridae", True), ("Streptococci", True), ("the virus", False),
    ("bacteria", False), ("Homo sapiens", False), ("Rett syndrome", False), ("Bacillus Calmette-Guerin", False),
    ("E. coli", True), ("Helicobacter pylori", True), ("Pupillary dilation", False), ("Neonatal sepsis", False),
    ("Disulfiram discontinuation", False), ("Percutaneous absorption of warfarin", False),
])
def test_organisms_are_named_by_nomenclature(phrase: str, organism: bool) -> None:
    assert is_organism_name(phrase) is organism


def test_a_named_pathogen_causes_a_disease_the_graph_lacks_too(kg: KGRAG) -> None:
    """Two ends the graph lacks give no claim, unless the cause is a named drug or a named pathogen: the graph holds
    no organisms, and "Rhombencephalitis is caused by Listeria monocytogenes" is a claim a reader needs shown."""
    assert said(kg, "Rhombencephalitis is caused by Listeria monocytogenes.") == [
        ("Listeria monocytogenes", "causes", "Rhombencephalitis", False, "unlinked")]
    assert said(kg, "Rhombencephalitis is caused by the larval stage.") == []


@pytest.mark.parametrize(("phrase", "name"), [
    ("Listeria monocytogenes successfully treated", "Listeria monocytogenes"),
    ("viruses in the family Paramyxoviridae", "viruses in the family Paramyxoviridae"),
    ("Helicobacter pylori in the stomach", "Helicobacter pylori"), ("Meningococcus B", "Meningococcus B"),
    ("parainfluenzavirus type 3 (PI3) in infants", "parainfluenzavirus type 3 (PI3)"),
    ("Cytomegalovirus infections", None), ("the larval stage", None),
])
def test_an_organisms_name_ends_at_its_last_taxon(phrase: str, name: str | None) -> None:
    end = organism_end(phrase)
    assert (phrase[:end] if end is not None else None) == name


def test_the_organism_an_infection_is_named_by_is_its_cause(kg: KGRAG) -> None:
    """"caused by infection with Capillaria hepatica in human liver": the cause is the organism, without the
    infection or the place; a family keeps its name ("viruses in the family Paramyxoviridae"); a participle's phrase
    ("caused by S. moniliformis") is no subject of what follows it."""
    assert said(kg, "Rhombencephalitis is a rare and neglected parasitic disease caused by infection with Capillaria "
                    "hepatica in human liver.")[0] == (
        "Capillaria hepatica", "causes", "Rhombencephalitis", False, "unlinked")
    assert said(kg, "Rhombencephalitis is caused by viruses in the family Paramyxoviridae.") == [
        ("viruses in the family Paramyxoviridae", "causes", "Rhombencephalitis", False, "unlinked")]
    assert [c[:3] for c in said(kg, "Marfan syndrome, caused by Streptobacillus moniliformis, is characterized by "
                                    "chorea.")] == [("Streptobacillus moniliformis", "causes", "OMIM:154700"),
                                                    ("OMIM:154700", "has_phenotype", "HP:0002072")]


def test_while_before_a_determiner_opens_a_clause(kg: KGRAG) -> None:
    """"Two patients developed arachnodactyly while one patient developed chorea": the second clause's subject is
    a patient, so no claim reads arachnodactyly as having chorea; "while taking D" opens no clause."""
    assert said(kg, "Two patients developed arachnodactyly while one patient developed chorea.") == []
    assert said(kg, "Marfan syndrome causes chorea while taking losartan.")[0][:3] == (
        "OMIM:154700", "has_phenotype", "HP:0002072")


def test_a_time_adjunct_ends_an_item(kg: KGRAG) -> None:
    """"patients with X treated with vincristine between 1984 and 1990": the drug is "vincristine"."""
    assert said(kg, "Patients with Marfan syndrome treated with vincristine between 1984 and 1990 were studied.") == [
        ("vincristine", "treats", "OMIM:154700", False, "unlinked")]


def test_an_everyday_verb_relates_only_two_concepts_the_graph_names(kg: KGRAG) -> None:
    """"has", "showed", "developed" are said of anything in a study's prose ("the second night showed higher
    chorea scores", "patients who have undergone surgery"): with such a verb both ends must be concepts, while a
    verb that names the relation ("characterized by") still relates a feature the graph lacks."""
    assert said(kg, "The second night showed significantly more chorea.") == []
    assert said(kg, "Huntington disease patients had received more fluid.") == []
    assert said(kg, "Patients with Huntington disease have chorea.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported")]
    assert said(kg, "Marfan syndrome is characterized by progressive hypoplasia.") == [
        ("OMIM:154700", "has_phenotype", "progressive hypoplasia", False, "unlinked")]
    assert said(kg, "Marfan syndrome patients have progressive hypoplasia.") == []


def test_a_question_or_an_aim_states_no_relation(kg: KGRAG) -> None:
    """"It is unknown whether G causes X", "To investigate the association of X with Y": the clause is asked
    about, not stated; a passive participle there describes a noun the question takes as given."""
    assert said(kg, "We investigated whether HTT causes Huntington disease.") == []
    assert said(kg, "To determine whether losartan treats Marfan syndrome.") == []
    assert said(kg, "To investigate the association of Marfan syndrome with chorea.") == []
    assert said(kg, "To date, HTT has been linked to Huntington disease.")[0][:3] == (
        "NCBIGene:3064", "associated_with", "OMIM:143100")
    assert said(kg, "HTT causes Huntington disease, but whether it causes chorea is unknown.")[0][:3] == (
        "NCBIGene:3064", "causes", "OMIM:143100")
    assert said(kg, "To describe the chorea caused by losartan.") == [
        ("losartan", "causes_adverse_effect", "HP:0002072", False, "unlinked")]
    # a copula in the question states no mode or category either; an appositive's mode is given
    assert said(kg, "We investigated whether Marfan syndrome is an autosomal dominant disorder.") == []
    assert said(kg, "We asked whether Marfan syndrome is a connective tissue disorder.") == []
    assert said(kg, "We studied whether Marfan syndrome, an autosomal dominant disorder, causes chorea.") == [
        ("OMIM:154700", "has_mode_of_inheritance", AD, False, "supported")]


def test_a_cue_word_joined_by_a_hyphen_is_half_a_compound(kg: KGRAG) -> None:
    """"all-cause mortality", "disease-causing": the word after the hyphen is no verb of the clause."""
    assert said(kg, "Chorea predicts all-cause mortality in Huntington disease.") == []
    assert said(kg, "HTT predicts all-cause deaths from Huntington disease.") == []


def test_a_name_before_an_institution_score_or_operation_names_that(kg: KGRAG) -> None:
    """"Memorial Sloan Kettering Cancer Center", "fatigue indices", "rectal cancer surgery": the disease's name
    modifies the head noun after it, which the claim would be about."""
    for sentence in ("The Huntington Disease Society is associated with chorea.",
                     "Marfan syndrome scores were associated with chorea.",
                     "Chorea is a complication of Marfan syndrome surgery."):
        assert not any("OMIM:" in end for claim in said(kg, sentence) for end in (claim[0], claim[2])), sentence


def test_a_name_in_a_bracket_after_another_restates_it(kg: KGRAG) -> None:
    """"Lynch syndrome (hereditary nonpolyposis colorectal cancer; HNPCC) is ...": the bracket gives the first
    name's other names, not a second subject; a bracket that lists names ("(A, B)") is another matter."""
    assert [claim[:3] for claim in said(kg, "Marfan syndrome (hereditary Leigh syndrome; MFS) causes chorea.")] == [
        ("OMIM:154700", "has_phenotype", "HP:0002072")]


def test_names_coordinated_over_one_head_are_each_claimed(kg: KGRAG) -> None:
    """"BRCA1 predisposes to breast and ovarian cancer": the linker reads both names in one span; the claim is
    about each, judged on its own."""
    assert {claim[:3] for claim in said(kg, "Mutations in FBN1 cause Marfan and Leigh syndrome.")} == {
        ("NCBIGene:2200", "causes", "OMIM:154700"), ("NCBIGene:2200", "causes", "OMIM:256000")}
    # a comma list before the pair shares the head too: "breast, ovarian and prostate cancer"
    assert {claim[2] for claim in said(kg, "Mutations in FBN1 cause Marfan, Noonan and Leigh syndrome.")} == {
        "OMIM:154700", "OMIM:163950", "OMIM:256000"}


def test_have_before_an_irregular_participle_is_a_perfect(kg: KGRAG) -> None:
    """"Patients with X have undergone surgery for Y", "has proven to be": no possession, no feature."""
    assert said(kg, "Patients with Marfan syndrome have undergone surgery for chorea.") == []
    assert said(kg, "Patients with Marfan syndrome have chorea.")[0][:3] == ("OMIM:154700", "has_phenotype",
                                                                            "HP:0002072")


def test_an_as_aside_after_the_subject_is_no_subject(kg: KGRAG) -> None:
    """"Defective efferocytosis, as found in other chronic lung diseases, may contribute to tissue damage": the
    aside compares; the clause is about what comes before it."""
    sentence = "Defective efferocytosis, as found in Marfan syndrome, may contribute to chorea."
    assert [claim[:3] for claim in said(kg, sentence)] == [("Defective efferocytosis", "associated_with", "HP:0002072")]


def test_the_clauses_own_verb_ends_what_a_cue_relates(kg: KGRAG) -> None:
    # "chorea induced by tetrabenazine was ...": the verb of the clause ends the cue's object list, so the words
    # after it are no agents ("mixed in type" is what the chorea was).
    assert said(kg, "Chorea induced by tetrabenazine was prolonged, often multiple and mixed in type.") == [
        ("tetrabenazine", "causes", "HP:0002072", False, "unlinked")]
    # a list's last item before the verb is the new clause's subject when it names nothing
    assert said(kg, "Marfan syndrome is caused by mutations in FBN1 and one proband was found to carry it.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]
    # so is one after a fronted adjunct ("and in one case X was observed")
    assert said(kg, "Chorea has been reported in such patients and in one case ectopia lentis was observed.") == []
    # "and is" joins the verbs, not the objects; ", as X is ..." gives a reason of its own
    assert said(kg, "Marfan syndrome leads to ectopia lentis and is fatal in some.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]
    assert said(kg, "Chorea induced by tetrabenazine, as chorea is a common effect, was studied.") == [
        ("tetrabenazine", "causes", "HP:0002072", False, "unlinked")]
    # the verb is written in lower case; "WAS" in capitals is a gene's symbol inside the object
    assert said(kg, "Huntington disease is caused by defects in the HTT gene.") == [HTT_CAUSES_HD]


def test_a_cue_word_before_a_hyphen_is_half_a_compound(kg: KGRAG) -> None:
    assert said(kg, "This course of events is suggestive of a cause-and-effect relationship between tetrabenazine and "
                    "chorea.") == []


def test_but_not_sets_a_phrase_against_another(kg: KGRAG) -> None:
    # ", but not B," closed by its comma is an aside inside the clause: A keeps the relation, B's is denied.
    assert said(kg, "Mutations in FBN1, but not HTT, cause Marfan syndrome.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported"),
        ("NCBIGene:3064", "causes", "OMIM:154700", True, "not_in_kg")]


def test_participles_joined_by_and_say_two_things_of_one_noun(kg: KGRAG) -> None:
    claims = said(kg, "Marfan syndrome is a disorder characterized by ectopia lentis, tall stature, and "
                      "arachnodactyly, and caused by mutations in FBN1.")
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in claims
    assert all(c[0] != "NCBIGene:2200" or c[1] != "has_phenotype" for c in claims)


def test_what_a_drug_is_approved_in_and_given_with_is_no_use_or_target(kg: KGRAG) -> None:
    # where (or when) it is approved is no disease it treats
    assert said(kg, "Ipilimumab was approved in the EU, as monotherapy, for the treatment of chorea.") == [
        ("Ipilimumab", "treats", "HP:0002072", False, "unlinked")]
    # a combination partner after "plus", another drug and cells are not what a drug targets
    assert said(kg, "Ipilimumab, an antibody targeting FBN1, plus tetrabenazine improved survival.") == [
        ("Ipilimumab", "targets", "NCBIGene:2200", False, "unlinked")]
    assert said(kg, "Antibodies against FBN1 (ocrelizumab) and agents targeting HTT (belimumab) emerged.") == []
    assert said(kg, "Saracatinib inhibited the growth of NCI-N87 cells.") == []


def test_a_negative_quantifier_opening_the_clause_denies_its_predicate(kg: KGRAG) -> None:
    for sentence in ("No patient with Marfan syndrome had ectopia lentis.",
                     "None of the patients with Marfan syndrome had ectopia lentis.",
                     "In our cohort, no patients with Marfan syndrome developed ectopia lentis."):
        assert said(kg, sentence) == [("OMIM:154700", "has_phenotype", "HP:0001083", True, "contradicted")], sentence
    # the answer's "No," is no quantifier of the clause after it
    assert said(kg, "No, patients with Marfan syndrome have ectopia lentis.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]


def test_an_everyday_word_before_or_shares_the_next_items_head() -> None:
    """"intermediate or endpoint markers of X": "intermediate" alone is no claim end, though its word heads a graph
    name (as "Intermediate" does in HPO)."""
    from kgrag.claims.terms import TermTest

    sentence = "FBN1 is associated with intermediate or endpoint markers of Marfan syndrome."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("FBN1|Marfan syndrome", sentence)]
    extractor = ProseExtractor(_BARE_KINDS.get, {}, terms=TermTest(frozenset({"intermediate", "marker"})))
    assert "intermediate" not in {str(t.object) for t in extractor(sentence, linked)}


def test_a_drug_class_is_no_effect_or_feature(kg: KGRAG) -> None:
    assert said(kg, "FBN1 rearrangements led to the development of an oral tyrosine kinase inhibitor.") == []


def test_where_an_experiment_was_done_and_the_noun_cause_name_nothing(kg: KGRAG) -> None:
    # "in vivo" is where, not what is treated
    assert said(kg, "In vivo, mice were treated with ipilimumab.") == []
    # "induced in rats by D": the animal between the participle and its agent
    assert said(kg, "Chorea induced in rats by tetrabenazine, ipilimumab and nivolumab, was examined.") == [
        ("tetrabenazine", "causes", "HP:0002072", False, "unlinked"),  # no INN stem: not known as a drug
        ("ipilimumab", "causes_adverse_effect", "HP:0002072", False, "unlinked"),
        ("nivolumab", "causes_adverse_effect", "HP:0002072", False, "unlinked")]
    # "can have many causes, including ..." is the noun; "a common cause of X" still names the relation
    assert said(kg, "Chorea can have many causes, including autoimmune processes.") == []
    assert said(kg, "FBN1 has been implicated as a cause of Marfan syndrome.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]


def test_what_people_develop_after_a_treatment_is_no_feature_of_their_disease(kg: KGRAG) -> None:
    for sentence in ("A man with Marfan syndrome developed chorea while on treatment with tetrabenazine.",
                     "Patients with Marfan syndrome who developed chorea after treatment with ipilimumab."):
        assert all(c[1] != "has_phenotype" for c in said(kg, sentence)), sentence
    assert said(kg, "Patients with Marfan syndrome developed ectopia lentis.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]


def test_a_sequence_change_or_a_phenotype_is_no_claim_end(kg: KGRAG) -> None:
    # what a variant is or is found with is no effect; how a condition shows is no entity
    for sentence in ("FBN1 results in a serine-to-leucine substitution at codon 135.",
                     "The FBN1 mutation is associated with RFLP haplotype 3.",
                     "Marfan syndrome has been associated with a variable clinical phenotype."):
        assert said(kg, sentence) == [], sentence
    # a variant as the subject is what the claim is about
    assert said(kg, "The FBN1 196R allele was found to be associated with Marfan syndrome.") != []


DOOR = "OMIM:220500"


@pytest.mark.parametrize("sentence", [
    "DOOR syndrome (deafness, onycho-osteodystrophy, and mental retardation) is caused by mutations in TBC1D24.",
    # the features before the short form: the linker takes them into the name's mention, and each is linked alone
    "Deafness, onycho-osteodystrophy, and mental retardation (DOOR) syndrome is caused by mutations in TBC1D24.",
])
def test_features_a_syndrome_name_spells_out_are_its_features(kg: KGRAG, sentence: str) -> None:
    claims = said(kg, sentence)
    assert (DOOR, "has_phenotype", "HP:0000365", False, "supported") in claims
    assert (DOOR, "has_phenotype", "HP:0001249", False, "supported") in claims
    assert ("NCBIGene:57465", "causes", DOOR, False, "supported") in claims
    # the spelled-out features restate the name: they are not subjects the gene causes
    assert not [c for c in claims if c[0] == "NCBIGene:57465" and c[2] != DOOR]


def test_spelled_out_features_of_another_name_belong_to_the_named_disease(kg: KGRAG) -> None:
    claims = said(kg, "Li-Fraumeni syndrome is an inherited disorder also known as the SBLA cancer syndrome "
                      "(sarcoma, breast, leukemia, and adrenal).")
    assert ("OMIM:151623", "has_phenotype", "HP:0100242", False, "supported") in claims
    assert ("OMIM:151623", "has_phenotype", "HP:0001909", False, "not_in_kg") in claims


def test_a_list_that_does_not_spell_the_short_form_is_no_feature_list(kg: KGRAG) -> None:
    # "chorea" in place of onycho-osteodystrophy: the initials no longer spell DOOR
    assert not [c for c in said(kg, "DOOR syndrome (deafness, chorea, and mental retardation) is caused by "
                                    "mutations in TBC1D24.") if c[1] == "has_phenotype" and c[0] == DOOR]


def test_a_plural_predicate_nominal_stands_for_every_coordinated_subject(kg: KGRAG) -> None:
    claims = said(kg, "Marfan syndrome and homocystinuria are two connective tissue disorders associated with "
                      "ectopia lentis.")
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in claims
    assert ("OMIM:236200", "has_phenotype", "HP:0001083", False, "supported") in claims


def test_a_raised_risk_is_an_adverse_effect_only_of_a_drug(kg: KGRAG) -> None:
    # "associated with an increased risk of" says what "increases the risk of" says: a drug's adverse effect, an
    # association otherwise (a disease's, read as its feature)
    assert ("OMIM:236200", "has_phenotype", "HP:0001083", False, "supported") in said(
        kg, "Homocystinuria is associated with an increased risk of ectopia lentis.")
    assert [c[1] for c in said(kg, "Simvastatin is associated with an increased risk of chorea.")] == [
        "causes_adverse_effect"]


def test_a_predicate_nominal_after_a_list_of_modifiers_stands_for_the_subject(kg: KGRAG) -> None:
    claims = said(kg, "Huntington disease is an autosomal dominant, progressive movement disorder characterized by "
                      "chorea.")
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in claims
    assert not [c for c in claims if c[0] == "HP:0100022"]  # the nominal is no subject of its own


def test_a_relative_clause_after_a_disease_governed_by_against_is_about_the_disease(kg: KGRAG) -> None:
    claims = said(kg, "Simvastatin is a candidate drug against Huntington disease, which is characterized by chorea.")
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in claims
    assert not [c for c in claims if c[0] == "Simvastatin" and c[1] == "has_phenotype"]


def test_a_gene_recorded_for_a_subtype_by_name_supports_the_group(kg: KGRAG) -> None:
    # The graph records APC on "Familial adenomatous polyposis 1" only: what holds for the numbered subtype is
    # said of the group the author names, and denying it is contradicted.
    stated = kg.verify("Mutations in APC cause familial adenomatous polyposis.").claims
    assert [(c.subject.concept_id, c.object.concept_id, c.verdict, c.rule) for c in stated] == [
        ("NCBIGene:324", "ORPHA:733", "supported", "named_subtype")]
    assert "Familial adenomatous polyposis 1" in stated[0].reason
    denied = kg.verify("APC is not associated with familial adenomatous polyposis.").claims
    assert [(c.verdict, c.rule) for c in denied] == [("contradicted", "denied_specific")]
    # a name that does not hold the group's words is no subtype of it
    assert ("NCBIGene:324", "causes", "OMIM:256000", False, "not_in_kg") in said(kg, "APC causes Leigh syndrome.")


def test_what_people_developed_on_a_treatment_is_no_feature_of_their_disease(kg: KGRAG) -> None:
    for sentence in ("Two patients with Marfan syndrome treated on a long-term basis with simvastatin developed "
                     "chorea.",
                     "Five patients receiving simvastatin for Marfan syndrome developed chorea.",
                     "Under treatment with simvastatin they developed arachnodactyly and showed chorea.",
                     "Throughout treatment, 56.9% of patients with Marfan syndrome experienced chorea."):
        assert not [c for c in said(kg, sentence) if c[1] == "has_phenotype"], sentence
    # without a treatment, the everyday verb still reads the feature
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Two patients with Marfan syndrome developed arachnodactyly.")


def test_a_predicate_nominal_the_graph_names_is_a_category_without_a_class_noun(kg: KGRAG) -> None:
    assert ("OMIM:143100", "is_a", "HP:0002721", False, "not_in_kg") in said(
        kg, "Huntington disease is an immunodeficiency caused by mutations in HTT.")
    # after a comma, the same words are as often the next item of a list: no category
    assert not [c for c in said(kg, "Other findings included chorea, an immunodeficiency, and arachnodactyly.")
                if c[1] == "is_a"]


def test_a_therapy_named_for_a_disease_treats_it(kg: KGRAG) -> None:
    assert ("radiotherapy", "treats", "OMIM:143100", False, "unlinked") in said(
        kg, "Yes, radiotherapy for Huntington disease is associated with an increased risk of chorea.")
    assert ("cranial irradiation", "treats", "OMIM:154700", False, "unlinked") in said(
        kg, "Meningiomas are more frequent in children treated with cranial irradiation for Marfan syndrome.")
    # a therapy after an article is a predicate nominal the copula reads; "therapy" alone names none
    for sentence in ("Simvastatin may not be an appropriate therapy for Marfan syndrome.",
                     "A case of chorea after simvastatin therapy for Marfan syndrome is reported."):
        assert not [c for c in said(kg, sentence) if c[1] == "treats" and "therapy" in c[0]], sentence


@pytest.mark.parametrize("sentence", [
    "Huntington disease, or chorea major, is a movement disorder caused by mutations in HTT.",
    # the name the graph holds as a disease stays, whichever comes first
    "Chorea major, or Huntington disease, is a movement disorder caused by mutations in HTT.",
])
def test_a_second_name_after_or_between_commas_is_the_same_subject(kg: KGRAG, sentence: str) -> None:
    claims = said(kg, sentence)
    assert HTT_CAUSES_HD in claims
    assert all("chorea" not in str(end).lower() and end != "HP:0002072" for c in claims for end in (c[0], c[2]))


def test_a_relative_clause_inside_a_relative_clause_is_about_the_noun_before_it(kg: KGRAG) -> None:
    # "that involves ... associated with W, which is caused by V": W is no part of the copula's predicate nominal
    claims = said(kg, "Huntington disease is a complication of Marfan syndrome that involves capsular inflammation "
                      "associated with salpingitis, which is usually caused by Chlamydia trachomatis.")
    assert ("Chlamydia trachomatis", "causes", "salpingitis", False, "unlinked") in claims
    assert not [c for c in claims if c[1] == "causes" and c[2] == "OMIM:143100"]
    # a relative clause right after the predicate nominal stays about the copula's subject
    assert HTT_CAUSES_HD in said(kg, "Huntington disease is a rare disorder of movement, which is caused by "
                                     "mutations in HTT.")


def test_a_verb_joined_by_and_shares_the_first_verbs_subject(kg: KGRAG) -> None:
    # with no verb read before "and", the subject's extent is unknown: the nearest phrase is not it
    assert not [c for c in said(kg, "M2-like macrophages hold an unfavourable prognostic value in Huntington "
                                    "disease and may contribute to chorea.") if c[0] == "OMIM:143100"]
    # an earlier relation's subject is the joined verb's too, not the clause's words up to it
    claims = said(kg, "Simvastatin primarily improves pharmacokinetics and helps to prevent chorea.")
    assert [c[0] for c in claims if c[2] == "HP:0002072"] == ["Simvastatin"]
    assert HTT_CAUSES_HD in said(kg, "Huntington disease is a movement disorder and is caused by mutations in HTT.")


def test_a_demonstrative_phrase_left_unresolved_names_nothing(kg: KGRAG) -> None:
    assert said(kg, "These lncRNAs are involved in Huntington disease.") == []
    assert said(kg, "This variant was associated with chorea.") == []


def test_a_quantified_class_before_its_examples_is_no_claim_end(kg: KGRAG) -> None:
    claims = said(kg, "An increased risk of chorea has been described in several movement disorders, including "
                      "Huntington disease.")
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in claims
    assert not [c for c in claims if "HP:0100022" in (c[0], c[2])]


def test_what_a_treatment_targets_is_no_treatment(kg: KGRAG) -> None:
    assert not [c for c in said(kg, "Ferroportin may represent new immunotherapeutic targets for treatment of "
                                    "Huntington disease.") if c[1] == "treats"]
    assert ("Simvastatin", "treats", "OMIM:143100", False, "unlinked") in said(
        kg, "Simvastatin is used for treatment of Huntington disease.")
    # nor is what has implications for a treatment
    assert unlinked_ends("Genome-wide association and linkage analysis studies with multiple genomic areas have "
                         "implications for the treatment of Marfan syndrome.") == set()


def test_a_gerund_after_and_ends_a_targets_list(kg: KGRAG) -> None:
    claims = said(kg, "Ibalizumab is a monoclonal antibody that acts as post-attachment inhibitor by binding FBN1 and "
                      "preventing HIV connection to CCR5 or HTT.")
    assert [c[2] for c in claims if c[1] == "targets"] == ["NCBIGene:2200"]


def test_the_word_a_bare_participle_follows_is_its_agent(kg: KGRAG) -> None:
    # "Cisplatin induced chorea": the drug induced it, not the clause's first phrase
    claims = said(kg, "Our data showed a role of HTT in this process and HTT protected against cisplatin induced "
                      "chorea.")
    assert [c[0] for c in claims if c[2] == "HP:0002072"] == ["cisplatin"]
    # after a determiner or a comparison, the participle is an adjective: what induced it is unsaid
    assert not [c for c in said(kg, "Unresolved issues: tissue preparation, oncogenic versus induced chorea.")
                if c[2] == "HP:0002072"]
    # a verb with a determiner after it is the clause's verb: its subject comes first, not the word before it
    assert not [c for c in said(kg, "Microinjection of simvastatin into the ventral medulla caused a potent chorea.")
                if c[0] == "medulla"]


def test_relative_clauses_joined_by_and_are_about_one_noun(kg: KGRAG) -> None:
    claims = said(kg, "Marfan syndrome is an autosomal dominant disease that predisposes to arachnodactyly and that "
                      "results from truncating mutations in FBN1.")
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in claims
    assert not [c for c in claims if c[0] == "NCBIGene:2200" and c[2] != "OMIM:154700"]


def test_a_joined_verb_keeps_a_subject_named_first(kg: KGRAG) -> None:
    # no verb the extractor knows before "and": the subject is still the clause's first phrase, when no
    # preposition governs it
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(
        kg, "Mutations in the fibrillin gene (FBN1) impair endochondral ossification and cause Marfan syndrome.")
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in said(
        kg, "The FBN1 gene encodes fibrillin and has recently been shown to be mutated in Marfan syndrome patients.")


def test_a_relative_after_a_prepositional_phrase_is_about_its_object(kg: KGRAG) -> None:
    # "convulsions at doses that did not cause X": the doses, which name nothing, not the convulsions
    assert not [c for c in said(kg, "Rats were likely to have chorea at doses that did not first cause "
                                    "arachnodactyly.") if c[2] == "HP:0001166"]


def test_what_a_syndrome_comprises_are_features_not_its_class(kg: KGRAG) -> None:
    claims = said(kg, "The Bloggs triad is a rare hereditary syndrome comprising anorectal anomaly, arachnodactyly, "
                      "and chorea.")
    assert {c[2] for c in claims if c[1] == "has_phenotype"} == {"HP:0012732", "HP:0001166", "HP:0002072"}
    assert not [c for c in claims if c[1] == "is_a"]  # never "is_a rare hereditary syndrome comprising ..."
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Marfan syndrome is a rare disorder consisting of arachnodactyly and tall stature.")


def test_a_present_participle_after_a_noun_is_said_of_that_noun(kg: KGRAG) -> None:
    # "other diseases causing X, like A": the diseases cause X, not the clause's subject
    assert not [c for c in said(kg, "Tall stature was not explained by other diseases causing arachnodactyly, like "
                                    "Homocystinuria.") if c[0] == "HP:0000098"]
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(
        kg, "Mutations in the FBN1 gene causing Marfan syndrome were found in 12 families.")
    # a predicate nominal's participle is its subject's
    assert HTT_CAUSES_HD in said(kg, "HTT is a gene causing Huntington disease.")


def test_a_drug_induced_finding_is_no_feature_of_the_patients_disease(kg: KGRAG) -> None:
    for sentence in ("Tetrabenazine-induced chorea has been reported in Marfan syndrome.",
                     "Chorea caused by tetrabenazine in a patient with Marfan syndrome."):
        claims = said(kg, sentence)
        assert [(c[0].lower(), c[2]) for c in claims if c[1] == "causes"] == [("tetrabenazine", "HP:0002072")]
        assert not [c for c in claims if c[1] == "has_phenotype"], sentence
    # without a drug's effect named, the finding in the patients is still their disease's
    assert ("OMIM:154700", "has_phenotype", "HP:0002072", False, "not_in_kg") in said(
        kg, "Chorea has been reported in Marfan syndrome.")


def test_one_person_is_no_claim_end() -> None:
    for person in ("1-year-old female", "a 45-year-old man", "the proband"):
        assert not names_an_entity(person), person
    assert names_an_entity("female infertility")


def test_what_a_participle_compound_and_an_approval_name(kg: KGRAG) -> None:
    # a drug right before a bare participle induced the finding, even inside a relative clause about a patient
    claims = said(kg, "We report a patient with Marfan syndrome who developed ANCA positive carbimazole induced "
                      "chorea.")
    assert [(c[0], c[2]) for c in claims] == [("carbimazole", "HP:0002072")]
    # "FDA approved D for X": the drug approved is the subject, not the agency's clause
    assert [c[0] for c in said(kg, "FDA previously approved Keytruda for treatment of Huntington disease.")
            if c[1] == "treats"] == ["Keytruda"]
    # a loss of something the graph lacks is the entity; a loss of a gene still names the gene
    assert unlinked_ends("The loss of dopaminergic neurons underlies Marfan syndrome.") == {
        "loss of dopaminergic neurons"}
    assert HTT_CAUSES_HD in said(kg, "Loss of HTT causes Huntington disease.")


def test_a_virus_named_by_a_letter_is_no_mention_of_its_disease() -> None:
    from kgrag.claims.reading import modifies_a_head
    assert modifies_a_head("Hepatitis B virus (HBV) is a cause", len("Hepatitis"))
    assert not modifies_a_head("Hepatitis B is common", len("Hepatitis"))
    assert modifies_a_head("associated with tumor location and stage", len("associated with tumor"))
    assert modifies_a_head("the sum of tumor number and size", len("the sum of tumor"))


def test_a_study_named_before_the_subject_and_people_after_the_object_are_no_claim_ends(kg: KGRAG) -> None:
    claims = said(kg, "In a 12-week controlled study tetrabenazine was compared to placebo in the treatment of chorea "
                      "induced by simvastatin in 60 schizophrenic outpatients.")
    assert {(c[0].lower(), c[1]) for c in claims if c[2] == "HP:0002072"} == {("tetrabenazine", "treats"),
                                                                             ("simvastatin", "causes_adverse_effect")}


def test_a_finding_seen_in_a_disease_is_the_finding_not_the_disease(kg: KGRAG) -> None:
    # "cause eye-tracking abnormality in X": the abnormality is caused, X only says where it was seen
    assert not [c for c in said(kg, "Chorea was thought to cause eye-tracking abnormality in Huntington disease.")
                if c[2] == "OMIM:143100"]
    # an attribute before "in" names no finding: the disease stays ("associated with disease severity in X")
    assert not names_an_entity("disease severity")
    # the disease itself after "in" with nothing naming a finding before it stays the item
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in said(
        kg, "Chorea is common in Huntington disease.")


def test_a_colon_list_belongs_to_the_disease_its_part_noun_names(kg: KGRAG) -> None:
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "The main features of Marfan syndrome: arachnodactyly and tall stature.")
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Marfan syndrome is a disease characterized by a triad of signs, in order of appearance: arachnodactyly, "
            "tall stature and ectopia lentis.")
    # the women's baseline characteristics are no features of the disease they have
    assert not [c for c in said(kg, "Analysis was performed on 61 women with Marfan syndrome receiving simvastatin as "
                                    "part of a trial to assess the following pretreatment characteristics: chorea "
                                    "and arachnodactyly.") if c[1] == "has_phenotype"]


def test_parts_organs_and_generic_enzymes_are_no_claim_ends() -> None:
    for words in ("primary symptoms", "the cardinal features", "enzymes", "the constellation of five hallmarks",
                  "symptomatic triad"):
        assert not names_an_entity(words), words
    assert names_an_entity("Lupus-like symptoms") and names_an_entity("burning symptoms of the oral mucosa")
    assert names_an_entity("Saint's triad") and names_an_entity("Hakim triad")


def test_an_organ_alone_is_no_feature() -> None:
    sentence = "Marfan syndrome is characterized by contractures, the spine, salivation and tumors."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome|tumors", sentence)]
    # (a function the graph names among its organs, "salivation", is written for its change)
    extract = ProseExtractor(_BARE_KINDS.get, {}, organs={"spine", "salivation"})
    assert {str(t.object) for t in extract(sentence, linked)} == {"contractures", "salivation", str(linked[1])}


def test_how_a_drug_is_given_and_a_compound_after_a_bracket_name_no_condition(kg: KGRAG) -> None:
    # "given in a 300 mg dose" is a dose, "CaCl(2)-treated segments" half a compound
    assert said(kg, "Tetrabenazine, given in a 300 mg dose intramuscularly, did not prevent sustained chorea.") == []
    assert said(kg, "FBN1 mRNA levels were increased in CaCl(2)-treated segments.") == []
    # a modifier pair before a name shares it ("persistent or recurrent chorea", past "the triad of")
    claims = said(kg, "Marfan syndrome is a disorder consisting of the triad of persistent or recurrent chorea, "
                      "arachnodactyly and tall stature.")
    assert not [c for c in claims if c[2] == "persistent"]


def test_titles_genes_named_by_findings_no_change_and_people_who(kg: KGRAG) -> None:
    # a title's "Potential of D in treatment of X": D treats X
    assert [c[0] for c in said(kg, "Potential of Tetrabenazine in Treatment of Huntington disease.")] == [
        "Tetrabenazine"]
    # "mutations in the chorea slow (cs) gene": a gene's name, no finding; "an autosomal dominant gene" keeps its
    # mode, and its denial
    assert not [c for c in said(kg, "Mutations in the chorea slow (cs) gene cause Marfan syndrome.")
                if c[0] == "HP:0002072"]
    assert said(kg, "Huntington disease is not caused by an autosomal dominant gene.") == [
        ("OMIM:143100", "has_mode_of_inheritance", AD, True, "contradicted")]
    # "caused no significant change in X" states no relation to X
    assert said(kg, "Pretreatment with simvastatin caused no significant change in the chorea.") == []
    # "compared with subjects who were treated with D": the people, no condition named
    assert not [c for c in said(kg, "Subjects on haloperidol showed chorea compared with subjects who were treated "
                                    "with tetrabenazine.") if c[1] == "treats"]
    assert ("OMIM:154700", "has_phenotype", "HP:0002072", False, "not_in_kg") in said(
        kg, "Patients with Marfan syndrome who developed chorea were studied.")


def test_items_of_a_list_and_a_drug_class_given_with_another_drug(kg: KGRAG) -> None:
    # a drug before "and" is an item of its own, not a modifier shared with the name after it
    assert ("tetrabenazine", "treats", "HP:0002072", False, "unlinked") in said(
        kg, "Chorea was treated with tetrabenazine and broad complex arachnodactyly was treated with simvastatin.")
    # "D in patients previously treated with chemotherapy and FBN1 inhibitors": the class is another treatment
    assert not [c for c in said(kg, "Efficacy of everolimus in patients with Marfan syndrome previously treated with "
                                    "chemotherapy alone or with chemotherapy and FBN1 inhibitors.")
                if c[1] == "targets"]
    # people who had a condition still had it
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in said(
        kg, "FBN1 allelic patterns were determined for 12 mutation carriers who had Marfan syndrome.")


def test_a_multikinase_inhibitor_names_no_target(kg: KGRAG) -> None:
    assert not [c for c in said(kg, "Sorafenib is a multikinase inhibitor that targets signaling pathways.")
                if c[1] == "targets" and "kinase" in str(c[2]).lower()]


def test_places_possessives_and_a_participle_after_a_name_in_a_relative(kg: KGRAG) -> None:
    # "other oral sites" is where, "Its prolonged use" refers back: no claim ends
    assert not names_an_entity("other oral sites") and not names_an_entity("the affected area")
    assert names_an_entity("chromosome region 15q11-13")  # a chromosome's region names one
    assert unlinked_ends("Its prolonged use has been associated with Marfan syndrome.") == set()
    # a participle right after a name inside a relative clause is about that name
    claims = said(kg, "Two patients had chorea, which developed from Huntington disease treated with high-dose "
                      "tetrabenazine.")
    assert [(c[0], c[2]) for c in claims if c[1] == "treats"] == [("high-dose tetrabenazine", "OMIM:143100")]


def test_a_spelled_out_name_the_graph_lacks_is_one_unlinked_name(kg: KGRAG) -> None:
    # "Deafness, arachnodactyly and chorea (DAC) syndrome": the features spell the short form; the graph lacks the
    # syndrome, so the name is one unlinked end and none of its words is a finding of the clause
    claims = said(kg, "Deafness, arachnodactyly and chorea (DAC) syndrome is a recently described syndrome caused by "
                      "mutations in FBN1.")
    assert ("NCBIGene:2200", "causes", "DAC syndrome", False, "unlinked") in claims
    assert not [c for c in claims if {c[0], c[2]} & {"HP:0000365", "HP:0001166", "HP:0002072"}]
    # a spelled-out name the graph holds keeps its features (DOOR syndrome)
    assert ("OMIM:220500", "has_phenotype", "HP:0000365", False, "supported") in said(
        kg, "Deafness, onycho-osteodystrophy and mental retardation (DOOR) syndrome is caused by TBC1D24.")


def test_a_gene_treats_nothing(kg: KGRAG) -> None:
    # the target a drug acts on, read as the subject of "to treat"
    for sentence in ("As a potent drug, tetrabenazine exhibits high efficacy against wild-type and mutant FBN1 "
                     "proteins to treat Marfan syndrome.",
                     "FBN1 has been exploited as the target for therapy against Marfan syndrome."):
        assert not [c for c in said(kg, sentence) if c[1] == "treats" and c[0] == "NCBIGene:2200"]


def test_phrases_that_are_no_list_items(kg: KGRAG) -> None:
    # "..., and on D, ...": a phrase of the clause's verb after the list, not an item of it
    claims = said(kg, "We focused on FBN1, as it plays a key role in Marfan syndrome, and on tetrabenazine, a new "
                      "drug.")
    assert [(c[0], c[2]) for c in claims] == [("NCBIGene:2200", "OMIM:154700")]
    # a when or where phrase is no entity
    assert unlinked_ends("Marfan syndrome is caused by FBN1, and a second locus has been mapped, on chromosome "
                         "4p16, near FBN1.") == set()
    # "a deep and durable response": a modifier before "and" and an outcome noun name nothing
    assert unlinked_ends("A deep and durable response was observed in a patient with Marfan syndrome.") == set()
    # the text speaking of itself is no agent
    assert not [c for c in said(kg, "This article summarizes the milestones in the development of tetrabenazine "
                                    "leading to its approval for the treatment of chorea.") if c[1] == "treats"]
    assert said(kg, "This research uses vignettes to elucidate factors associated with chorea in adults.") == []


def test_a_use_that_has_been_investigated_is_no_claim_of_efficacy(kg: KGRAG) -> None:
    assert said(kg, "Tetrabenazine has been investigated as add-on therapy for chorea.") == []
    assert ("Tetrabenazine", "treats", "HP:0002072", False, "unlinked") in said(
        kg, "Tetrabenazine has been used as add-on therapy for chorea.")


def test_a_cue_inside_a_spelled_name_and_a_recent_description(kg: KGRAG) -> None:
    # "... Syndrome Associated with Chorea Episodes (PMSACE)": a title-case cue inside the long form of a short form
    assert said(kg, "Pediatric Marfan Syndrome Associated with Chorea Episodes (PMSACE) is a newly defined "
                    "disease.") == []
    # "a recently identified disorder" describes; an "of" phrase still makes a category
    assert said(kg, "Huntington disease is a recently identified disorder.") == []
    assert [c[1] for c in said(kg, "Huntington disease is a recently identified disorder of the basal ganglia.")] == [
        "is_a"]


def test_a_definite_category_right_before_a_disease_name(kg: KGRAG) -> None:
    # "cause the neurodegenerative disorder Huntington disease": the class is the name's category, no item
    claims = said(kg, "Mutations in HTT cause the progressive movement disorder Huntington disease (HD).")
    assert HTT_CAUSES_HD in claims
    assert ("OMIM:143100", "is_a", "HP:0100022", False, "not_in_kg") in claims
    assert not [c for c in claims if c[1] != "is_a" and c[2] == "HP:0100022"]
    # a short form in brackets after a disease's name is that disease, no member of a class
    assert not [c for c in said(kg, "Repeats in the Huntington disease (HD) gene were counted in HD cases.")
                if c[1] == "is_a"]


def test_a_misspelled_disease_name_is_read_as_the_disease(kg: KGRAG) -> None:
    # a model's misspelling of an eponym keeps its first letter and most letters: read as the disease
    claims = said(kg, "FBN1 is associated with Marfen Syndrome.")
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in claims
    # the reading is a guess, and the claim's reason says so
    reason = kg.verify("FBN1 is associated with Marfen Syndrome.").claims[0].reason
    assert "'Marfen Syndrome' read as Marfan syndrome" in reason
    # another first letter, or too many letters changed, is another name the graph lacks
    for other in ("Narfan Syndrome", "Murphy syndrome"):
        assert ("NCBIGene:2200", "associated_with", other, False, "unlinked") in said(
            kg, f"FBN1 is associated with {other}.")


def test_misspelled_ends_need_a_name_and_a_unique_near_spelling() -> None:
    class Names:
        def iter_concepts(self) -> list[Concept]:
            return [Concept("ORPHA:51", "Aicardi-Goutières syndrome", NodeKind.DISEASE),
                    Concept("OMIM:1", "Riddle syndrome", NodeKind.DISEASE),
                    Concept("OMIM:2", "Bartter syndrome", NodeKind.DISEASE),
                    Concept("OMIM:3", "Bertter syndrome", NodeKind.DISEASE)]

    ends = MisspelledEnds(Names())  # type: ignore[arg-type]
    found = ends.resolve("Aicardi-Gouteau Syndrome (AGS)")
    assert found is not None and found.concept_ids == ("ORPHA:51",) and found.method == "spelling"
    assert ends.resolve("Twiddler syndrome") is None  # near "Riddle", but not its first letter
    assert ends.resolve("Bratteres Syndrome") is not None  # a transposition counts once
    assert ends.resolve("Birtter syndrome") is None  # two diseases as near: no clear reading
    assert ends.resolve("aicardi-gouteau syndrome") is None  # not written as a name


def test_a_verb_after_but_shares_the_subject_and_adverse_events_including(kg: KGRAG) -> None:
    # "D resulted in A but was associated with adverse events, including B": D's adverse effect is B; the phrase
    # right before "resulted" is the verb's subject, no item of the list before it; a reduction of a condition is
    # no cause of it
    claims = said(kg, "In patients with chorea associated with Huntington disease, tetrabenazine resulted in a greater "
                      "reduction in the number of chorea episodes than placebo but was associated with adverse "
                      "events, including arachnodactyly and tall stature.")
    assert ("tetrabenazine", "causes_adverse_effect", "HP:0001166", False, "unlinked") in claims
    assert ("tetrabenazine", "causes_adverse_effect", "HP:0000098", False, "unlinked") in claims
    assert not [c for c in claims if "tetrabenazine" in (c[0], c[2]) and c[2] == "HP:0002072"]
    assert not [c for c in claims if c[1] == "associated_with"]


def test_a_bare_block_before_a_preposition_is_a_noun_and_adverbs_grade(kg: KGRAG) -> None:
    # "cardiac conduction block with ...": the noun, no targets cue ending the list
    assert not [c for c in said(kg, "Marfan syndrome is characterized by arachnodactyly, and conduction block with a "
                                    "high risk of chorea.") if c[2] == "conduction"]
    assert [c[1] for c in said(kg, "Sorafenib may block FBN1.")] == ["targets"]
    # "a poorly explained clinical entity" describes, names no category
    assert said(kg, "Marfan syndrome is a poorly explained clinical entity.") == []
    # a mode's adverb is the mode's word: "autosomal dominantly inherited connective tissue syndrome" is a category
    assert "is_a" in [c[1] for c in said(kg, "Marfan syndrome is a rare autosomal dominantly inherited connective "
                                             "tissue syndrome.")]


def test_an_organ_is_keyed_as_the_graph_names_it() -> None:
    # only the last word is made singular: "Achilles tendons" is the organ "achilles tendon", and takes the finding
    # head the list distributes
    sentence = "Marfan syndrome is characterized by contractures of the elbows, Achilles tendons and spine."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome", sentence)]
    extract = ProseExtractor(_BARE_KINDS.get, {}, organs={"elbow", "achilles tendon", "spine"})
    objects = {str(t.object) for t in extract(sentence, linked)}
    assert "contractures of the Achilles tendons" in objects and "Achilles tendons" not in objects


def test_fronted_phrases_conditions_and_a_second_clause_name_no_subject(kg: KGRAG) -> None:
    # "Along with A and B, affected relatives exhibit C": the fronted phrase is no subject
    assert said(kg, "Along with arachnodactyly and tall stature, affected relatives exhibit chorea.") == []
    # "even in the absence of X": a condition of the statement, no item
    assert not [c for c in said(kg, "Chorea is associated with Huntington disease even in the absence of tall "
                                    "stature.") if c[2] == "HP:0000098" or c[0] == "HP:0000098"]
    # "A is a component of B and its breakdown is a feature of X": the second clause's subject is "its breakdown"
    assert said(kg, "FBN1 is a major component of microfibrils and its breakdown is a key feature of Marfan "
                    "syndrome.") == []
    # but a possessive's carrier is the first subject's ("its deficiency" is FBN1's), and "and a history of X in
    # whom ..." coordinates noun phrases, no clause
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in said(
        kg, "FBN1 is involved in the development of the aorta, and its deficiency may contribute to Marfan syndrome.")
    # whose relative clause ("in whom") has a subject of its own
    assert said(kg, "We describe a patient with Huntington disease and a history of tetrabenazine nephropathy in whom "
                    "chorea and arachnodactyly were caused by sorafenib.") == [
        ("sorafenib", "causes_adverse_effect", "HP:0002072", False, "unlinked"),
        ("sorafenib", "causes_adverse_effect", "HP:0001166", False, "unlinked")]
    # but "a condition in which severe aberrations result in X" says X of the condition when the clause names
    # nothing before its verb, and "impairment of which" is a noun phrase, no opener
    assert ("OMIM:154700", "has_phenotype", "HP:0002072", False, "not_in_kg") in said(
        kg, "Marfan syndrome is a rare condition in which severe aberrations result in chorea.")
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(
        kg, "This is of interest for the protein FBN1, impairment of which results in the disorder Marfan syndrome.")
    # (one a comma closes is an aside: the clause's subject comes before it)
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Patients with Marfan syndrome, in which FBN1 lesions are not removed, are characterized by "
            "arachnodactyly.")
    # "the mutant allele": a variant of what was named before, named by nothing
    assert unlinked_ends("A C-to-T transition was found, and the mutant allele is associated with Marfan "
                         "syndrome.") == set()


def test_amounts_unresolved_carriers_and_a_use_being_developed(kg: KGRAG) -> None:
    # "a plethora of X": an amount, no finding (the graph's *Plethora* is a flushed face)
    sentence = "Marfan syndrome is characterized by a plethora of tumors."
    ids = {**_BARE_IDS, "plethora": "HP:0001050"}
    linked = [LinkedMention(m.start(), m.end(), m.group(), (ids[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome|plethora|tumors", sentence)]
    extract = ProseExtractor({**_BARE_KINDS, "HP:0001050": "Phenotype"}.get, {})
    assert [str(t.object) for t in extract(sentence, linked)] == [str(linked[2])]
    # "a deficiency in the activity of this enzyme": what is deficient is unresolved
    assert unlinked_ends("A partial deficiency in the activity of this enzyme can result in Marfan syndrome.") == set()
    # "an inhibitor being developed for the treatment of X": a use under study
    assert not [c for c in said(kg, "Sorafenib is a potent FBN1 inhibitor being developed for the treatment of "
                                    "patients with Marfan syndrome.") if c[1] == "treats"]


def test_a_class_narrower_than_the_name_it_ends_in_stays_the_words(kg: KGRAG) -> None:
    # "a type of extrapyramidal movement disorder": more than *Movement disorder*, so the words; "an autosomal
    # dominant progressive movement disorder" only describes it, and keeps the name
    assert ("OMIM:143100", "is_a", "extrapyramidal movement disorder", False, "unlinked") in said(
        kg, "Huntington disease is a type of extrapyramidal movement disorder.")
    assert ("OMIM:143100", "is_a", "HP:0100022", False, "not_in_kg") in said(
        kg, "Huntington disease is an autosomal dominant progressive movement disorder.")
    # the member too: "Sydenham chorea is a disorder of the basal ganglia" is about more than *Chorea*
    assert said(kg, "Sydenham chorea is a disorder of the basal ganglia.") == [
        ("Sydenham chorea", "is_a", "disorder of the basal ganglia", False, "unlinked")]
    # a phrase around the name is no modifier: "the locus for Huntington disease (HD), a movement disorder"
    assert ("OMIM:143100", "is_a", "HP:0100022", False, "not_in_kg") in said(
        kg, "The locus for Huntington disease (HD), a progressive movement disorder, is linked to markers D4S10.")


def test_a_relative_after_a_case_or_a_mechanism_has_its_own_subject(kg: KGRAG) -> None:
    assert said(kg, "The authors describe a case in which sorafenib was used to treat chorea.") == [
        ("sorafenib", "treats", "HP:0002072", False, "unlinked")]
    assert said(kg, "The mechanism by which sorafenib caused the patient's chorea is uncertain.") == [
        ("sorafenib", "causes_adverse_effect", "HP:0002072", False, "unlinked")]


def test_outcomes_modal_denials_long_modifier_runs_and_hyphenated_treatments(kg: KGRAG) -> None:
    # "correlates with lower survival in X patients": an outcome of X, no relation to X
    assert said(kg, "FBN1 overexpression is associated with lower survival in Marfan syndrome patients.") == []
    # "may not be an appropriate therapy for X" denies treating X
    assert ("sorafenib", "treats", "OMIM:143100", True, "unlinked") in said(
        kg, "We conclude that sorafenib may not be an appropriate therapy for Huntington disease patients.")
    # up to six modifiers before a predicate nominal's class noun keep the copula's subject
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in said(
        kg, "Huntington disease is a late onset, incurable, autosomal dominantly-inherited, progressive "
            "neuropsychiatric disease, characterised by chorea.")
    # "the only FDA-approved treatment for X" (a hyphenated modifier)
    assert ("Sorafenib", "treats", "HP:0002072", False, "unlinked") in said(
        kg, "Sorafenib is the only FDA-approved treatment for the chorea of Huntington disease.")
    # a recurrence of a condition is the condition
    assert ("sorafenib", "causes_adverse_effect", "HP:0002072", False, "unlinked") in said(
        kg, "Re-exposure to a single dose of sorafenib caused recurrence of chorea.")


def test_an_aims_verb_phrase_is_no_entity() -> None:
    # "To investigate mutation origin and ... due to G": the aim's own words are no claim end
    assert unlinked_ends("To investigate mutation origin and mutation-specific phenotypes due to FBN1, we constructed "
                         "a haplotype.") == set()


def test_binding_before_what_binds_and_attribute_heads_name_nothing(kg: KGRAG) -> None:
    # "the DNA binding domain of FKHR": a noun, no targets cue ending the list before "domain"
    assert unlinked_ends("Marfan syndrome is linked to the bisected DNA binding domain of FBN1.") == set()
    assert [c[1] for c in said(kg, "Sorafenib is a drug binding FBN1.")] == ["targets"]
    # a size: an attribute, no entity
    assert unlinked_ends("The size of the expanded allele is correlated with Marfan syndrome.") == set()


def test_descriptions_measures_and_hypotheses_name_no_claim(kg: KGRAG) -> None:
    # how well known a condition is only describes it: no category
    assert said(kg, "Bloggs syndrome is a little known and under-reported disease.") == []
    # a rate, a count or a causation is a measure or a process, no entity; a bare "complications" says of what
    assert unlinked_ends("Marfan syndrome is one of the main causes of neonatal morbi-mortality rate.") == set()
    assert unlinked_ends("The numbers of BFU-e were associated with Marfan syndrome.") == set()
    assert unlinked_ends("FBN1 is linked with both causation and development of Marfan syndrome.") == set()
    assert unlinked_ends("Marfan syndrome was not associated with any increase in neonatal complications.") == set()
    # "The response for D was associated with ...": the response, no entity, and not the gene inside it
    assert unlinked_ends("The response for FBN1-targeted drugs was associated with Marfan syndrome.") == set()
    # a hypothesis set out to test is no finding
    assert said(kg, "We hypothesized that HTT is associated with Huntington disease.") == []


def test_adverbs_in_fully_pronouns_places_and_ruled_out_findings(kg: KGRAG) -> None:
    # "successfully" is an adverb of the verb group, not a word of the drug's name
    assert ("Sorafenib", "treats", "HP:0002072", False, "unlinked") in said(
        kg, "Sorafenib successfully relieved the chorea of patients in both groups.")
    # "another anxiogenic drug" refers to the drug named beside it
    assert unlinked_ends("The tumors induced by caffeine and another anxiogenic drug, pentylenetetrazole, were "
                         "studied.", names="tumors") == {"caffeine", "pentylenetetrazole"}
    # "those treated with D": who was treated is unnamed, and not the phrase before them
    assert unlinked_ends("No alteration in total myocardial lipids was observed between control dogs and those "
                         "treated with sorafenib.") == set()
    # "a region implicated in X": the place, no entity
    assert unlinked_ends("The human gene is located on chromosome 15q21, a region implicated in linkage studies of "
                         "Marfan syndrome.") == set()
    # "characterized by A and absence of B": B is ruled out, no feature
    assert said(kg, "Marfan syndrome is characterized by ectopia lentis and absence of significant "
                    "arachnodactyly.") == [("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]
    # "these tumors": the tumors named before, unresolved
    sentence = "Marfan syndrome causes these tumors."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("Marfan syndrome|tumors", sentence)]
    assert ProseExtractor(_BARE_KINDS.get, {})(sentence, linked) == []


def test_cases_long_term_use_amplification_and_levels_before_a_relative(kg: KGRAG) -> None:
    # "A case of X ... treated with D": D treats X, not "case of X"
    assert ("linezolid", "treats", "rhombencephalitis", False, "unlinked") in said(
        kg, "A case of rhombencephalitis caused by Listeria monocytogenes successfully treated with linezolid.")
    # "long-term use of D": the drug is the subject
    assert unlinked_ends("Long-term use of sorafenib increased the risk of Marfan syndrome.") == {"sorafenib"}
    # an amplification carries the gene: "amplification of the N-myc oncogene"
    assert unlinked_ends("Marfan syndrome is associated with amplification of the N-myc oncogene.") == {
        "N-myc oncogene"}
    # "tumour suppression": the tumour only modifies the process
    assert modifies_a_head("mediating tumour suppression by BRCA1", len("mediating tumour"))
    # "higher levels of P, which are associated with X": the levels, not the disease named before them
    assert unlinked_ends("In Marfan syndrome, higher levels of p19, which are associated with large tumor mass, "
                         "were observed.") == set()
    # (not a clause with its own verb before the relative: "the expression of G is repressed, which leads to X")
    assert ("NCBIGene:2200", "has_phenotype", "HP:0001083", False, "not_in_kg") in said(
        kg, "In Marfan syndrome, the expression of the FBN1 gene is repressed, which leads to the absence of the "
            "protein and subsequent ectopia lentis.")
    # a suppression is a process, no entity
    assert "tumor suppression" not in unlinked_ends("FBN1 plays an essential role in cellular processes, including "
                                                    "meiosis and tumor suppression.")


def test_processes_loads_and_the_use_of_a_drug(kg: KGRAG) -> None:
    # an activation or a shift is a process, no entity
    assert unlinked_ends("Marfan syndrome causes unregulated activation of the proinflammatory cascade.") == set()
    assert unlinked_ends("Marfan syndrome might be due to rapid shifts in the predominance of various structures.") \
        == set()
    # "tumor loads": the tumor only modifies the load
    assert modifies_a_head("large pelvic tumor loads are", len("large pelvic tumor"))
    # "the use of these drugs": the drugs referred to, unnamed; "the use of D": D
    assert unlinked_ends("Marfan syndrome was reported in association with the use of these drugs.") == set()
    assert unlinked_ends("Marfan syndrome associated with the use of ziprasidone was described.") == {"ziprasidone"}
    # "associated with slower progression of X": the drug slowed X, no cause of it
    assert unlinked_ends("Sorafenib was associated with slower progression of Marfan syndrome than placebo.") == set()


def test_a_treatment_named_before_its_copula(kg: KGRAG) -> None:
    # "The treatment of choice for X is D": D treats X; a quality of the treatment names none
    assert said(kg, "The treatment of choice for Huntington disease is sorafenib.") == [
        ("sorafenib", "treats", "OMIM:143100", False, "unlinked")]
    assert said(kg, "The treatment of Huntington disease is difficult.") == []


def test_a_treated_population_and_graded_generic_nouns(kg: KGRAG) -> None:
    # "the treated X population": an adjective, no treats cue; what is common in the population is a feature
    assert not [c for c in said(kg, "Bilateral visual field abnormalities are common in the treated Huntington "
                                    "disease population, irrespective of drug history.") if c[1] == "treats"]
    assert said(kg, "Tall stature is common in the treated Marfan syndrome population.") == [
        ("OMIM:154700", "has_phenotype", "HP:0000098", False, "supported")]
    # "reduced activity": a grade of a generic noun names nothing ("reduced vision" would)
    assert "reduced activity" not in unlinked_ends("Marfan syndrome is associated with reduced activity and genetic "
                                                   "defects.")


def test_mode_words_rankings_and_relations_name_no_class(kg: KGRAG) -> None:
    # "a dominant disorder", "allelic disorders", "the first conditions": no category
    assert said(kg, "Bloggs syndrome is a dominant disorder.") == []
    assert said(kg, "Bloggs syndrome and Marfan syndrome are allelic disorders.") == []
    # a superlative alone is a ranking, not a claim end
    assert unlinked_ends("One of the rarest is associated with Marfan syndrome.") == set()
    # a mode the graph names keeps its category ("an X-linked recessive neuromuscular disorder")
    assert ("Bloggs syndrome", "is_a", "autosomal recessive neuromuscular disorder", False, "unlinked") in said(
        kg, "Bloggs syndrome is an autosomal recessive neuromuscular disorder.")


def test_invasion_expectancy_and_an_unresolved_demonstrative(kg: KGRAG) -> None:
    # "correlated with invasion of the tumor": the invasion, not the tumor
    sentence = "FBN1 expression was significantly correlated with invasion of the tumors."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("FBN1|tumors", sentence)]
    assert ProseExtractor(_BARE_KINDS.get, {})(sentence, linked) == []
    # a life expectancy is a measure; "involvement in this syndrome" is about what was named before
    assert unlinked_ends("Quality-adjusted life expectancy is associated with Marfan syndrome.") == set()
    assert unlinked_ends("FBN1 is a candidate gene for involvement in this gene deletion syndrome.") == set()


def test_people_treated_after_to_and_more_attribute_heads(kg: KGRAG) -> None:
    # "infants born to mothers treated with D": the mothers were treated, not the infants' findings
    assert not [c for c in said(kg, "Ectopia lentis has been reported in 11 infants born to mothers treated with "
                                    "sorafenib during the first trimester.") if c[1] == "treats"]
    # a selectivity or a component names no entity
    assert unlinked_ends("Selectivity for the cerebrovascular bed is useful in the treatment of Marfan syndrome.") \
        == set()
    assert unlinked_ends("Marfan syndrome may include an early neurodevelopmental stress component.") == set()


def test_a_plural_anaphor_and_a_verb_inside_a_phrase(kg: KGRAG) -> None:
    # "These conditions" are the features named before, not the disease the question asks about
    assert not [c for c in said(kg, "These conditions have been linked to chorea.", "What is Huntington disease?")
                if c[0] == "OMIM:143100"]
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in said(
        kg, "This condition has been linked to chorea.", "What is Huntington disease?")
    # a finite verb inside a phrase makes it a clause, no claim end
    assert unlinked_ends("The condition involves premature brain development resulting in Marfan syndrome.") == set()
    assert unlinked_ends("The disease progresses gradually increasing risk of Marfan syndrome.") == set()
    # "overt disease" is the disease itself, named before
    assert unlinked_ends("Marfan syndrome, in combination with stress, leads to overt disease.") == set()


def test_units_discontinuations_and_a_participle_after_a_preposition(kg: KGRAG) -> None:
    # a unit ("28.7 U/mL") names nothing; a discontinuation is an act, no entity
    assert "U/mL" not in unlinked_ends("Levels were higher in Marfan syndrome due to overdose (median, 28.7 U/mL; "
                                       "range, 12.8-52.7 U/mL) than those due to hepatitis.")
    assert unlinked_ends("Marfan syndrome led to treatment discontinuation in 6 %.") == set()
    # "during induced hypotension": an adjective; the clause's subject induced nothing
    assert unlinked_ends("Sorafenib preserves blood flow to the kidney during induced tumors.", names="tumors") \
        == set()


def test_a_development_and_an_adjective_in_ar_name_nothing(kg: KGRAG) -> None:
    # "dysregulated development": a process; "neuromuscular" of "the neuromuscular and hematopoietic systems": an
    # adjective
    assert unlinked_ends("Depletion of FBN1 resulted in dysregulated development and proliferation.") == set()
    assert "neuromuscular" not in unlinked_ends("Marfan syndrome is characterized by abnormalities in the "
                                                "neuromuscular and hematopoietic systems.")


def test_a_participle_after_a_treated_condition_describes_it(kg: KGRAG) -> None:
    # "D is a drug used for the treatment of A caused by X": X causes A; D is caused by nothing
    claims = said(kg, "Sorafenib is a drug used for the treatment of chorea caused by Huntington disease.")
    assert ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported") in claims
    assert not [c for c in claims if c[0] == "OMIM:143100" and c[2] == "sorafenib"]
    assert not [c for c in claims if c[1] != "treats" and "sorafenib" in (c[0], c[2])]
    # a relative there stays about the subject: "D is an antibody indicated for the prevention of X that binds P"
    assert ("Sorafenib", "targets", "NCBIGene:2200", False, "unlinked") in said(
        kg, "Sorafenib is an antibody indicated for the prevention of chorea that binds FBN1.")


def test_produced_is_a_cause_and_a_lessening_holds_its_whole_list(kg: KGRAG) -> None:
    # "A produced more severe B": A causes B (not B what the agent of A's participle caused)
    assert not [c for c in said(kg, "Chorea induced by sorafenib produced more severe ectopia lentis in mice.")
                if c[0] == "HP:0001083"]
    # "resulting in a dramatic reduction in plasma concentrations of A, B, and C": no cause of any of them
    assert unlinked_ends("Marfan syndrome is a disorder resulting in a dramatic reduction in plasma concentrations of "
                         "apolipoprotein B, cholesterol, and beta-migrating lipoproteins.") == set()


def test_a_modal_ends_a_list_oncogenes_are_generic_and_an_expletive_it(kg: KGRAG) -> None:
    # "produced by D can restore these signs, such as A and B": the modal opens the clause's verb; A and B are no
    # agents of anything
    assert not [c for c in said(kg, "The blockage produced by sorafenib can restore these signs, such as chorea.")
                if c[0] == "HP:0002072"]
    # "deregulated expression of protooncogenes": a class of genes, no entity
    assert unlinked_ends("Marfan syndrome results in deregulated expression of protooncogenes.") == set()
    # "it is unknown whether ...": an expletive "it" stands for nothing
    assert not [c for c in said(kg, "However, it is unknown whether acute changes in HR caused by sorafenib can "
                                    "affect chorea.", "What causes Huntington disease?") if "OMIM:143100" in c]
    # (a referential "It is thought to be caused by ..." still stands for the disease)
    assert ("NCBIGene:3064", "causes", "OMIM:143100", False, "supported") in said(
        kg, "It is thought to be caused by mutations in HTT.", "What causes Huntington disease?")


def test_a_relation_noun_names_nothing_and_unknown_origin_is_no_class(kg: KGRAG) -> None:
    # "X, the most common cause of Y, is a condition characterized by A": the features are X's
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in said(
        kg, "Marfan syndrome, the most common cause of tall stature in man, is a condition characterized by ectopia "
            "lentis.")
    # "a condition of unknown origin": how little is known, no category
    assert said(kg, "Bloggs syndrome is a condition of unknown origin.") == []
    # (the list before "and may ..." keeps its last item)
    assert "cerebral ALD" in unlinked_ends("Marfan syndrome is frequently associated with AMN or cerebral ALD and may "
                                           "remain the only clinical expression of it.")


def test_a_time_to_a_finding_an_overuse_and_an_invasion_name_nothing(kg: KGRAG) -> None:
    # "associated with shorter time from onset to chorea": a time measured to the finding, no claim about it
    assert said(kg, "Use of sorafenib was associated with shorter time from onset to chorea peak.") == []
    assert said(kg, "Sorafenib was associated with the time to chorea.") == []
    # "Its prolonged use or overuse": the drug "Its" stands for is unnamed, and an overuse names nothing
    assert unlinked_ends("Its prolonged use or overuse has been associated with Marfan syndrome.") == set()
    # "asporin-activated invasion": a process, no feature of the tumour
    assert unlinked_ends("Asporin-activated invasion has been described in Marfan syndrome.") == set()
    # (the finding itself still is one)
    assert ("Sorafenib", "associated_with", "HP:0002072", False, "unlinked") in said(
        kg, "Sorafenib was associated with the time to relapse and with chorea.")


def test_a_participle_after_a_measure_or_a_structure_is_theirs(kg: KGRAG) -> None:
    # "enhanced drug responses associated with X": the responses, a measure, are what is associated
    assert said(kg, "Sorafenib must be considered along with impaired drug metabolism in enhanced drug responses "
                    "associated with Marfan syndrome.") == []
    # "an adjacent structure involved in X": the structure names nothing; the clause's subject is not involved
    assert said(kg, "However, the UICC does not mention this anatomical site as an adjacent structure involved in "
                    "Marfan syndrome.") == []


def test_a_feature_inside_a_predicate_nominal_is_no_nominal(kg: KGRAG) -> None:
    # "X is a disorder characterized by features of A due to B": what the cause is said of is A, not X
    claims = said(kg, "Marfan syndrome is a rare disorder characterized by cardinal features of ectopia lentis due "
                      "to chorea.")
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in claims
    assert ("HP:0002072", "causes", "HP:0001083", False, "not_in_kg") in claims
    assert not [c for c in claims if c[1] == "causes" and c[2] == "OMIM:154700"]
    # (a cause before the feature list keeps the nominal's reading: the syndrome is characterized)
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in said(
        kg, "Marfan syndrome is an uncommon syndrome caused by mutations in the FBN1 gene and clinically "
            "characterized by ectopia lentis.")


def test_an_induced_effect_is_no_drug_target(kg: KGRAG) -> None:
    # "did not inhibit 5-HTP-induced head twitch": an effect the agent induced, not what the drug acts on
    assert said(kg, "Sorafenib did not inhibit 5-hydroxytryptophan-induced head twitch in rats.") == []
    assert said(kg, "Sorafenib did not inhibit FBN1-induced head twitch in rats.") == []
    assert said(kg, "Sorafenib inhibits FBN1.") == [("Sorafenib", "targets", "NCBIGene:2200", False, "unlinked")]


def test_a_class_the_subjects_are_examples_of_stands_for_them() -> None:
    # "A and B are examples of tumors that are associated with G": the relative clause is said of A and B
    sentence = "Marfan syndrome and Bloggs syndrome are examples of tumors that are associated with FBN1."
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("FBN1|Marfan syndrome|tumors", sentence)]
    subjects = [str(t.subject) if isinstance(t.subject, str) else t.subject.text
                for t in ProseExtractor(_BARE_KINDS.get, {})(sentence, linked)]
    assert subjects == ["Marfan syndrome", "Bloggs syndrome"]


def test_a_disease_right_before_a_finding_says_whose_finding_it_is(kg: KGRAG) -> None:
    # "Huntington disease chorea": the chorea of Huntington disease, one item, not the disease and a finding
    assert said(kg, "Sorafenib is effective for treating Huntington disease chorea.") == [
        ("Sorafenib", "treats", "HP:0002072", False, "unlinked")]
    # (a comma or "and" between them still makes two items)
    assert said(kg, "Sorafenib is effective for treating Huntington disease and chorea.") == [
        ("Sorafenib", "treats", "OMIM:143100", False, "unlinked"), ("Sorafenib", "treats", "HP:0002072", False,
                                                                    "unlinked")]


def test_a_production_or_synthesis_is_a_process() -> None:
    # "accompanied by the production of reactive oxygen species": a process, no feature
    assert unlinked_ends("Marfan syndrome is accompanied by the production of reactive oxygen species.") == set()
    assert unlinked_ends("Marfan syndrome is associated with impaired collagen synthesis.") == set()


def test_deaths_are_a_count_and_a_spectrum_only_groups_the_nominal(kg: KGRAG) -> None:
    # "the second leading cause of male cancer deaths": deaths counted, no feature of the subject
    assert said(kg, "Marfan syndrome is the second leading cause of male chorea deaths in the United States.") == []
    # "X is a disorder in the Y spectrum characterized by A": X is characterized, Y only names the group
    claims = said(kg, "Marfan syndrome is a connective tissue disorder in the Huntington disease (HD) spectrum "
                      "characterized by arachnodactyly and tall stature.")
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in claims
    assert not [c for c in claims if c[0] == "OMIM:143100"]


def test_a_disease_given_as_an_example_is_not_what_this_condition_refers_to(kg: KGRAG) -> None:
    # "such as homocystinuria" names an example; "The condition" in the next sentence is still Marfan syndrome (the
    # example's recessive mode would have made the claim a false contradiction)
    text = ("Marfan syndrome has features that overlap with other disorders, such as homocystinuria. The condition "
            "is an autosomal dominant disorder.")
    assert ("OMIM:154700", "has_mode_of_inheritance", AD, False, "supported") in said(kg, text)
    assert not [c for c in said(kg, text) if c[0] == "OMIM:236200"]


def test_a_finding_during_another_and_a_relative_after_a_long_object(kg: KGRAG) -> None:
    # "progressive hypoplasia during chorea may be caused by D": the hypoplasia is what D causes, the chorea only
    # says when
    assert not [c for c in said(kg, "Progressive hypoplasia during chorea may be caused by sorafenib.")
                if "HP:0002072" in (c[0], c[2])]
    # "... caused by excess of plasma levels of D which causes Y": the relative is about the excess (or D), never
    # about a name before the cue
    claims = said(kg, "Tall stature during chorea may be caused by excess of plasma levels of sorafenib which "
                      "causes ectopia lentis.")
    assert not [c for c in claims if c[0] in ("HP:0002072", "HP:0000098") and c[2] == "HP:0001083"]


def test_the_head_of_a_phrase_comes_before_under_or_during() -> None:
    # "no such tumors were observed in rats under the same treatment conditions": the rats, animals of a study,
    # are no claim end; "hypotension during anaesthesia" is a hypotension
    from kgrag.claims.terms import head_word

    assert head_word("rats under the same treatment conditions") == "rats"
    assert not names_an_entity("rats under the same treatment conditions")
    assert head_word("hypotension during anaesthesia") == "hypotension"


def test_a_class_noun_anaphor_never_refers_to_a_finding(kg: KGRAG) -> None:
    # "the disease" with no disease named before is unresolved; the previous sentence's finding is not it ("it"
    # still falls back to that sentence's subject)
    text = "Bloggs is caused by ectopia lentis. In some cases, {} may cause chorea."
    assert not [c for c in said(kg, text.format("the disease")) if c[0] == "HP:0001083" and c[2] == "HP:0002072"]
    assert ("HP:0001083", "causes", "HP:0002072", False, "not_in_kg") in said(kg, text.format("it"))


def test_it_after_a_sentence_about_a_name_the_graph_lacks_is_not_resolved(kg: KGRAG) -> None:
    # "Bloggs syndrome is a form of ectopia lentis. It ...": "It" is Bloggs syndrome, which the graph lacks; the
    # category the sentence links is not what "It" stands for, so no claim is made of it
    assert said(kg, "Bloggs syndrome is a form of ectopia lentis. It is caused by mutations in FBN1.") == [
        ("Bloggs syndrome", "is_a", "HP:0001083", False, "unlinked")]
    # a linked subject is still the antecedent (passes on the code before the rule too)
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(
        kg, "Marfan syndrome is a form of ectopia lentis. It is caused by mutations in FBN1.")
    # an unresolved "It" stays unresolved in the next sentence: the chorea this one names in passing is not it
    assert said(kg, "Bloggs is an enzyme. It is implicated in diseases including chorea. It is linked to Marfan "
                    "syndrome.") == []
    # and a resolved one stays resolved (passes on the code before the rule too)
    assert said(kg, "Marfan syndrome is common. It is linked to chorea. It causes ectopia lentis.") == [
        ("OMIM:154700", "has_phenotype", "HP:0002072", False, "not_in_kg"),
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported")]


def test_a_lessened_finding_a_there_clause_and_it_after_a_subordinate_clause(kg: KGRAG) -> None:
    # "resulting in decreased chorea": the agent lessened the chorea, caused none; a name of its own that says
    # "decreased" is a finding, and an unmodified one is still caused
    assert said(kg, "Sorafenib resulted in decreased chorea.") == []
    # a change of a finding either way is no cause of it ("to produce significant changes in outcomes of proptosis")
    assert said(kg, "Sorafenib produced significant changes in chorea.") == []
    assert said(kg, "Sorafenib resulted in alterations of chorea.") == []
    assert said(kg, "Sorafenib resulted in chorea.") == [("Sorafenib", "causes_adverse_effect", "HP:0002072", False,
                                                          "unlinked")]
    # "these drugs in their package inserts there is ...": "there" opens a clause, no name
    assert unlinked_ends("Although Marfan syndrome is listed as one side effect of these drugs in their package "
                         "inserts there is only one report.") == set()
    # "Although A ..., it ...": "it" continues the subordinate clause's subject when that is a disease, and is
    # unresolved when it is not (the therapy, not the heart failure named in passing)
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(
        kg, "Although Marfan syndrome is rare, it is caused by FBN1 mutations.")
    assert said(kg, "Although sorafenib therapy reduces mortality rates in patients with Huntington disease, it may "
                    "also cause chorea.") == []


def test_a_drug_named_right_after_its_class_noun_targets_what_the_noun_names(kg: KGRAG) -> None:
    # "the anti-FBN1 antibody sorafenib", "the FBN1 inhibitor sorafenib": the drug after the class noun
    assert ("sorafenib", "targets", "NCBIGene:2200", False, "unlinked") in said(
        kg, "Phase III trials of the anti-fibrillin (FBN1) antibody sorafenib in Marfan syndrome were discontinued.")
    assert ("sorafenib", "targets", "NCBIGene:2200", False, "unlinked") in said(
        kg, "The FBN1 inhibitor sorafenib was studied.")
    # and each drug of a list there ("the BRAF inhibitors vemurafenib or encorafenib (LGX818)")
    claims = said(kg, "The FBN1 inhibitors sorafenib (BAY43) or imatinib were studied.")
    assert {("sorafenib", "targets", "NCBIGene:2200", False, "unlinked"),
            ("imatinib", "targets", "NCBIGene:2200", False, "unlinked")} <= set(claims)
    # (a word after the noun that names no drug is none: "the FBN1 antibody was studied")
    assert said(kg, "The FBN1 antibody was studied in patients.") == []


def test_a_phrase_never_reaches_back_across_a_verb_cue() -> None:
    # "Doxorubicin causes significant cardiotoxicity characterized by A": "Doxorubicin causes significant
    # cardiotoxicity" is a fragment, never what the participle is about
    assert not [end for end in unlinked_ends("Sorafenib causes significant cardiotoxicity characterized by marked "
                                             "increases in FBN1 and tumors.", names="FBN1|tumors")
                if "causes" in end]


def test_a_drug_named_after_its_class_is_the_item(kg: KGRAG) -> None:
    # "The tyrosine kinase inhibitors sorafenib and imatinib have been approved for X": the drugs, not the class
    claims = said(kg, "The tyrosine kinase inhibitors sorafenib (first line) and imatinib (second line) have been "
                      "approved for Marfan syndrome.")
    assert {("sorafenib", "treats", "OMIM:154700", False, "unlinked"),
            ("imatinib", "treats", "OMIM:154700", False, "unlinked")} <= set(claims)
    assert not [c for c in claims if "inhibitor" in c[0]]


def test_a_noun_cue_after_the_verb_is_about_the_verbs_object(kg: KGRAG) -> None:
    # "Toxicities have limited the use of cisplatin as a treatment for X": cisplatin treats X, not the toxicities
    assert said(kg, "Toxicities such as tumors have limited the use of sorafenib as a treatment for Marfan "
                    "syndrome.") == [("sorafenib", "treats", "OMIM:154700", False, "unlinked")]
    # a possessive names the treatment before this sentence: nothing here treats X
    assert said(kg, "Toxicities such as tumors have limited its use as a treatment for Marfan syndrome.") == []
    # (after a copula or a passive the cue is the subject's own: these pass on the code before the rule too)
    for sentence in ("Sorafenib is an effective treatment for Marfan syndrome.",
                     "Sorafenib was approved by regulators as a treatment for Marfan syndrome."):
        assert said(kg, sentence) == [("Sorafenib", "treats", "OMIM:154700", False, "unlinked")]


def test_a_gerund_of_showing_opens_a_clause_of_its_own(kg: KGRAG) -> None:
    # "..., suggesting that absence of BRCA1 may contribute to X": the clause after "suggesting that" has its own
    # subject; the sarcomas of the clause before are not it
    assert said(kg, "FBN1 expression was reduced in most sarcomas, suggesting that absence of FBN1 may contribute "
                    "to Marfan syndrome.") == [("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported")]


def test_a_list_ends_where_a_clause_or_a_class_nouns_relative_begins(kg: KGRAG) -> None:
    # one comma before "and", with no list before it, joins two clauses: the drug is the new clause's subject
    assert said(kg, "Tall stature is caused by bone growth in excess of bone resorption, and bisphosphonates, are "
                    "used to inhibit bone resorption.") == []
    # "result in a syndrome that embraces A and manifests B": what the syndrome is like, not what ATM causes (and no
    # fragment "manifests marked radiosensitivity")
    assert said(kg, "Mutations in ATM result in a syndrome that embraces many features and manifests marked "
                    "radiosensitivity and leukemia.") == []


def test_a_finding_in_a_condition_is_the_item(kg: KGRAG) -> None:
    # "vasopressin in the treatment of milrinone-induced hypotension in severe heart failure": what is treated is
    # the hypotension; the heart failure says in whom
    assert said(kg, "Sorafenib in the treatment of chorea in Huntington disease.") == [
        ("Sorafenib", "treats", "HP:0002072", False, "unlinked")]
    # (a condition naming people keeps its treatment: this passes on the code before the rule too)
    assert ("sorafenib alone", "treats", "OMIM:143100", False, "unlinked") in said(
        kg, "We report a case of chorea in a Huntington disease patient treated with sorafenib alone.")


def test_more_places_after_an_organ_are_no_items() -> None:
    organs = frozenset({"tongue", "brain"})
    linked = [LinkedMention(0, 15, "Marfan syndrome", ("OMIM:154700",), 1.0)]
    extractor = ProseExtractor(_BARE_KINDS.get, {}, organs=organs)
    for sentence, place in (("Marfan syndrome is characterized by burning pain in the tongue or other oral mucous "
                             "membrane.", "oral mucous membrane"),
                            ("Marfan syndrome may cause life-long changes in brain and behavior.", "behavior")):
        ends = {str(end) for t in extractor(sentence, linked) for end in (t.subject, t.object)}
        assert place not in ends and any(end.startswith(("burning pain", "life-long changes")) for end in ends)


def test_not_the_sole_cause_is_a_cause_and_an_adverb_keeps_a_participle_an_adjective(kg: KGRAG) -> None:
    assert said(kg, "Mutations in FBN1 are not the sole cause of Marfan syndrome.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]
    # "the course of experimentally induced status epilepticus": an adjective; the finding listed before it did
    # not induce it
    assert said(kg, "Exercise reduced arachnodactyly and the course of experimentally induced chorea.") == []


def test_a_gerund_targeting_is_its_nouns_and_a_bracket_names_a_class_drugs(kg: KGRAG) -> None:
    # "anti-CD20 antibodies (rituximab, ocrelizumab), anti-FBN1 antibody (sorafenib), and agents targeting ...":
    # the drug in the class noun's bracket targets what the class names; the drugs listed before it do not, and
    # "agents targeting X" names no agent
    claims = said(kg, "Therapies emerged, including anti-CD20 antibodies (rituximab, ocrelizumab, and ofatumumab), "
                      "anti-FBN1 antibody (imatinib), and agents targeting the HTT pathway (atacicept and belimumab).")
    assert claims == [("imatinib", "targets", "NCBIGene:2200", False, "unlinked")]
    # (a bracket that names no drug leaves the subject the class's target: "an anti-FBN1 antibody (IgG1)")
    assert said(kg, "Sorafenib, an anti-FBN1 antibody (IgG1), was studied.") == [
        ("Sorafenib", "targets", "NCBIGene:2200", False, "unlinked")]


def test_what_is_absent_is_no_participles_noun() -> None:
    # "QRS without preexcitation, caused by junctional escape beats": the escape beats did not cause what is absent
    sentence = "Arachnodactyly without tumors, caused by junctional escape beats after surgery, was seen."
    start = sentence.index("tumors")
    linked = [LinkedMention(start, start + 6, "tumors", ("HP:0002664",), 1.0)]
    triples = ProseExtractor(_BARE_KINDS.get, {})(sentence, linked)
    assert not [t for t in triples if linked[0] in (t.subject, t.object)]


def test_one_of_the_class_is_a_category_appositive(kg: KGRAG) -> None:
    # "cause Huntington's disease (HD), one of the major neurodegenerative disorders": the appositive says what HD
    # is, no second thing the gene causes
    assert said(kg, "Mutations in HTT, found in many families, cause Huntington disease (HD), one of the major "
                    "movement disorders.") == [HTT_CAUSES_HD[:4] + ("supported",),
                                              ("OMIM:143100", "is_a", "HP:0100022", False, "not_in_kg")]
    # and the verb before the name is no modifier of it: the member is the disease, not "cause Huntington disease"
    from kgrag.claims.entity_words import narrower_words
    assert not narrower_words("cause Huntington disease", "Huntington disease")
    assert narrower_words("malignant mesothelial cancer", "cancer")


def test_an_appositive_without_an_article_names_the_drug_before_it(kg: KGRAG) -> None:
    # "inclisiran, siRNA silencer targeting PCSK9 gene": the drug before the comma targets (this passes on the code
    # before the gerund rule too, which took the clause's subject; the rule must keep it)
    assert said(kg, "The development of sorafenib, siRNA silencer targeting FBN1 gene, is a step forward.") == [
        ("sorafenib", "targets", "NCBIGene:2200", False, "unlinked")]


def test_a_drugs_class_after_its_comma_is_no_item(kg: KGRAG) -> None:
    # "MCL treated with temsirolimus, a mTOR inhibitor": the class describes the drug, it is no second treatment
    assert said(kg, "A remission was reported in Marfan syndrome treated with sorafenib, a kinase inhibitor.") == [
        ("sorafenib", "treats", "OMIM:154700", False, "unlinked")]


@pytest.mark.parametrize("words", ["pressing down the object", "received exogenous estrogens",
                                   "underwent renal transplantation"])
def test_a_verb_phrase_names_no_entity(words: str) -> None:
    from kgrag.claims.entity_words import names_an_entity
    assert not names_an_entity(words)


def test_an_appositive_describes_only_the_words_right_before_its_comma(kg: KGRAG) -> None:
    # "... chemotherapy for Hodgkin disease, and received exogenous estrogens, a treatment implicated in X": the
    # treatment is the estrogens, a verb phrase that names no entity, and never the disease named earlier
    claims = said(kg, "She had surgery for Marfan syndrome, and received exogenous estrogens, a treatment implicated "
                      "in the development of leukemia in women.")
    assert not [c for c in claims if c[0] in ("OMIM:154700", "received exogenous estrogens")]
    # (", a few caused by mutations in G2" is a share of the cases, no appositive: test_the_left_side_is_what_the_
    # sentence_is_about keeps it)
    # (a name and its bracket right before the comma keep it: this passes on the code before the rule too)
    assert said(kg, "Marfan syndrome (MFS), a disorder caused by FBN1 mutations, is rare.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]


def test_a_finding_in_people_described_at_length_is_not_what_treats_them(kg: KGRAG) -> None:
    # "in human immunodeficiency virus type 1-infected children treated with indinavir": up to six words describe
    # the treated people; the finding seen in them is not what the drug treats
    claims = said(kg, "Tall stature is associated with arachnodactyly in human immunodeficiency virus type 1-infected "
                      "children treated with sorafenib.")
    assert claims == [("HP:0000098", "associated_with", "HP:0001166", False, "not_in_kg")]


def test_a_clause_after_a_word_of_showing_ends_a_list_and_has_its_own_category_subject(kg: KGRAG) -> None:
    # "The NMS-like encephalopathy that develops in association with the use of antidepressants indicates that NMS
    # and SS are spectrum disorders": the association ends at "indicates that", whose clause says what NMS and SS are
    assert said(kg, "The tall stature that develops in association with the use of sorafenib indicates that Marfan "
                    "syndrome and Noonan syndrome are spectrum disorders.") == [
        ("HP:0000098", "associated_with", "sorafenib", False, "unlinked"),
        ("OMIM:154700", "is_a", "spectrum disorders", False, "unlinked"),
        ("OMIM:163950", "is_a", "spectrum disorders", False, "unlinked")]


def test_no_change_and_an_organ_named_as_a_place_are_no_claim_ends() -> None:
    extractor = ProseExtractor(_BARE_KINDS.get, {}, organs=frozenset({"inner ear", "salivation"}))
    for sentence in ("No consistent change was observed in patients with Marfan syndrome.",
                     "The inner ear is the body part that is associated with Marfan syndrome."):
        linked = [LinkedMention(sentence.index("Marfan"), sentence.index("Marfan") + 15, "Marfan syndrome",
                                ("OMIM:154700",), 1.0)]
        assert extractor(sentence, linked) == []
    # (a function HPO names as it names body parts, bare in a list of features, is a finding: this passes on the
    # code before the rule too)
    sentence = "Marfan syndrome consists of shivering, salivation and confusion."
    ends = {str(t.object) for t in extractor(sentence, [LinkedMention(0, 15, "Marfan syndrome", ("OMIM:154700",),
                                                                      1.0)])}
    assert "salivation" in ends


def test_a_person_or_a_joined_clause_before_a_cue_is_not_an_earlier_phrase(kg: KGRAG) -> None:
    # "Four hours of apnoea ensued and he suffered myalgia": the man suffered it, not the apnoea
    assert said(kg, "Four hours of arachnodactyly ensued and he suffered generalized severe chorea lasting for one "
                    "week.") == []
    # "..., and frequent takeaway consumption showed a similar association with BHR": the new clause's subject
    assert said(kg, "Frequent consumption of sorafenib showed a dose-dependent association with tall stature, and "
                    "frequent takeaway consumption showed a similar association with chorea.") == []
    # (what the rules must keep, passing on the code before them too: "they" may be drugs, a list of subjects may
    # end in ", and ... may be", and "rhIGF-I" ends in no pronoun "I")
    assert said(kg, "Sorafenib and imatinib are restricted because they cause chorea.") == [
        ("Sorafenib", "causes_adverse_effect", "HP:0002072", False, "unlinked"),
        ("imatinib", "causes_adverse_effect", "HP:0002072", False, "unlinked")]
    assert ("OMIM:154700", "has_phenotype", "HP:0001166", False, "supported") in said(
        kg, "Tall stature, arachnodactyly, and long-term treatment with sorafenib may be all associated with the "
            "development of Marfan syndrome.")
    assert said(kg, "Administration of rhIGF-I improves chorea in Marfan syndrome.") == [
        ("rhIGF-I", "treats", "HP:0002072", False, "unlinked")]


def test_a_predicative_adjective_phrase_names_no_entity(kg: KGRAG) -> None:
    # "a reactivation of HSV-1, latent within the geniculate ganglion": said of HSV-1, no second cause
    assert said(kg, "Marfan syndrome is likely caused by a reactivation of HSV-1, latent within the geniculate "
                    "ganglion.") == [("reactivation of HSV-1", "causes", "OMIM:154700", False, "unlinked")]


def test_what_is_set_apart_is_no_item(kg: KGRAG) -> None:
    # "may underlie phenotypes distinct from textbook aniridia": not aniridia
    assert said(kg, "The missing FBN1 mutations may underlie phenotypes distinct from textbook Marfan syndrome.") == []
    assert said(kg, "FBN1 mutations cause conditions other than Marfan syndrome.") == []


@pytest.mark.parametrize("sentence", ["Huntington disease is caused mainly by mutations in HTT.",
                                      "Huntington disease results primarily from mutations in HTT."])
def test_an_adverb_inside_a_reverse_cue_keeps_its_direction(kg: KGRAG, sentence: str) -> None:
    # "a common disorder caused mainly by portal hypertension" was read as the disorder causing the hypertension
    assert said(kg, sentence) == [HTT_CAUSES_HD]


def test_a_verb_before_an_article_and_the_act_of_finding_name_nothing(kg: KGRAG) -> None:
    from kgrag.claims.entity_words import names_an_entity
    # "Nicotine activates the sympathetic nervous system and ... could contribute to X": a clause, no subject name
    assert not names_an_entity("Nicotine activates the sympathetic nervous system")
    assert names_an_entity("diseases of the sympathetic nervous system")
    assert names_an_entity("webbing across the joints")  # "across" is no verb in -s
    # "led to the recognition of two new point mutations (A and B)": finding them out, causing none
    assert said(kg, "Sequencing of the FBN1 gene led to the recognition of two new point mutations (272gly----stop "
                    "and 273ser----phe, respectively).") == []


def test_a_finding_never_has_a_disease_as_its_feature(kg: KGRAG) -> None:
    # "A patient with chorea had Huntington disease": "had" is the patient's; reading it as "chorea has phenotype
    # Huntington disease" puts each end at the other's place, so nothing is shown
    assert said(kg, "A patient with chorea had Huntington disease.") == []
    assert said(kg, "An infant presenting with chorea had a disorder called Huntington disease.") == []
    # the same cue with its ends the right way round still reads (passes on the code before the rule too)
    assert said(kg, "Huntington disease patients had chorea.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported")]


def test_the_noun_causes_with_its_examples_names_the_causes(kg: KGRAG) -> None:
    # "X can have various causes, such as A and B": A and B cause X (not X's features)
    assert said(kg, "Ectopia lentis can have various causes, such as Marfan syndrome and homocystinuria.") == [
        ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported"),
        ("OMIM:236200", "has_phenotype", "HP:0001083", False, "supported")]
    assert said(kg, "Chorea has many causes, including Huntington disease.") == [
        ("OMIM:143100", "has_phenotype", "HP:0002072", False, "supported")]


def test_an_arm_of_a_chromosome_is_no_limb() -> None:
    text = "a microdeletion on the short arm of chromosome 17, and the long arms of chromosomes 13 and 14"
    assert inside_compound(text, text.index("short arm"), text.index("short arm") + len("short arm"))
    assert inside_compound(text, text.index("long arms"), text.index("long arms") + len("long arms"))
    # (passes on the code before the rule too)
    assert not inside_compound("Marfan syndrome with a short arm.", 21, 30)


def test_a_predicate_nominal_of_an_unnamed_subject_is_no_subject(kg: KGRAG) -> None:
    # "It is a rare movement disorder characterized by chorea" with no "It" to resolve: the class is said of
    # something unnamed, not "movement disorder has phenotype chorea"
    assert said(kg, "It is a rare movement disorder characterized by chorea.") == []
    assert said(kg, "This refers to a rare movement disorder characterized by chorea.") == []  # "refers to" as "is"
    # a named subject still takes the nominal's features (passes on the code before the rule too)
    assert ("OMIM:154700", "has_phenotype", "HP:0001083", False, "supported") in said(
        kg, "Marfan syndrome is a rare connective tissue disorder characterized by ectopia lentis.")


def test_it_opening_a_sentence_keeps_its_referent_past_the_claims_it_makes(kg: KGRAG) -> None:
    # "It is caused by mutations in FBN1. It leads to chorea": both "It" are the finding, not the gene the
    # sentence between them makes a claim subject of
    assert said(kg, "Ectopia lentis is common. It is caused by mutations in FBN1. It leads to chorea.")[1] == (
        "HP:0001083", "causes", "HP:0002072", False, "not_in_kg")


@pytest.mark.parametrize("words", ["8-day old breast-fed baby", "babies", "a toddler", "adolescents"])
def test_babies_and_adolescents_are_people_not_entities(words: str) -> None:
    assert not names_an_entity(words)


def test_a_disease_that_is_a_triad_has_its_three_features(kg: KGRAG) -> None:
    assert said(kg, "Marfan syndrome refers to the clinical triad of ectopia lentis, arachnodactyly and tall "
                    "stature.") == [("OMIM:154700", "has_phenotype", term, False, "supported")
                                    for term in ("HP:0001083", "HP:0001166", "HP:0000098")]


def test_a_one_word_feature_one_edit_from_a_name_is_read_as_it(kg: KGRAG) -> None:
    # "arachnodactily" for Arachnodactyly: one letter changed, a word general English does not use
    [claim] = kg.verify("Marfan syndrome is characterized by arachnodactily.").claims
    assert (claim.object.concept_id, claim.verdict) == ("HP:0001166", "supported")
    assert "'arachnodactily' read as Arachnodactyly" in claim.reason  # the guess is shown
    # two edits away is another word, left unlinked
    assert said(kg, "Marfan syndrome is characterized by arachnodactilies.") == [
        ("OMIM:154700", "has_phenotype", "arachnodactilies", False, "unlinked")]


def test_a_trial_of_a_drug_and_a_gene_s_mrnas_state_nothing(kg: KGRAG) -> None:
    # a trial's design is no result: "trial of D in the treatment of X" says D is studied, not that it works
    assert said(kg, "Multicenter, double-blind, placebo-controlled trial of tetrabenazine in the treatment of "
                    "chorea.") == []
    # a result reported in a trial still reads (passes on the code before the rule too)
    assert said(kg, "In a randomized trial, tetrabenazine was effective in the treatment of chorea.") == [
        ("tetrabenazine", "treats", "HP:0002072", False, "unlinked")]
    # what a gene produces is its product, no effect
    assert said(kg, "The FBN1 gene produces six alternatively spliced mRNAs.") == []


def test_a_diagnostic_use_and_a_cause_sought_are_no_claims(kg: KGRAG) -> None:
    for sentence in ("Tetrabenazine is used for the diagnosis of chorea.",
                     "Tetrabenazine is used for diagnosing chorea.", "Tetrabenazine is used for screening for chorea.",
                     "FBN1 could be used for distinguishing the cause of chorea."):
        assert said(kg, sentence) == [], sentence
    # a therapeutic use and a cause named still read (pass on the code before the rules too)
    assert said(kg, "Tetrabenazine is used for the treatment of chorea.") == [
        ("Tetrabenazine", "treats", "HP:0002072", False, "unlinked")]
    assert said(kg, "Tetrabenazine is given for diagnosed chorea.") == [  # a participle is an adjective there
        ("Tetrabenazine", "treats", "HP:0002072", False, "unlinked")]
    assert said(kg, "FBN1 mutations are the cause of Marfan syndrome.") == [
        ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported")]


def test_a_cause_or_association_that_restates_its_other_end_is_no_claim() -> None:
    from kgrag.claims.triples import Triple
    from kgrag.claims.verdicts import restates_an_end
    kinds = {"HP:0001878": "Phenotype", "NCBIGene:6657": "Gene", "HP:0000528": "Phenotype"}.get

    def end(text: str, concept: str) -> LinkedMention:
        return LinkedMention(0, len(text), text, (concept,), 1.0)

    assert restates_an_end(Triple(end("hemolytic anemia", "HP:0001878"), "causes",
                                  "episodic hemolytic anemia", False, False), kinds)
    assert restates_an_end(Triple("lower limb fractures", "associated_with", "fracture", False, False), kinds)
    # a gene's name inside a disease's is how diseases are named; other relations restate by design
    assert not restates_an_end(Triple(end("SOX2", "NCBIGene:6657"), "causes", "SOX2 anophthalmia syndrome", False,
                                      False), kinds)
    assert not restates_an_end(Triple("SOX2 anophthalmia syndrome", "has_phenotype", end("anophthalmia",
                                                                                        "HP:0000528"), False, False),
                               kinds)


def test_the_failure_of_a_treatment_denies_it() -> None:
    # "Failure of ancrod in the treatment of X": the drug is the end, and the claim is denied
    assert unlinked_ends("Failure of sorafenib in the treatment of Marfan syndrome.") == {"sorafenib"}
    linked = [LinkedMention(41, 56, "Marfan syndrome", ("OMIM:154700",), 1.0)]
    [triple] = ProseExtractor(_BARE_KINDS.get, {})("Failure of sorafenib in the treatment of Marfan syndrome.", linked)
    assert (triple.subject, triple.predicate, triple.negated) == ("sorafenib", "treats", True)


def test_a_person_with_several_conditions_presents_with_no_one_condition_s_feature(kg: KGRAG) -> None:
    # "A 72-year-old man with AF, CAD, and hyperlipidemia presented with fatigue": which condition has it is unsaid
    assert said(kg, "A 72-year-old man with ectopia lentis, chorea and arachnodactyly presented with tall "
                    "stature.") == []
    assert said(kg, "Patients with chorea and Marfan syndrome presented with tall stature.") == []
    # one condition is the case report's disease (passes on the code before the rule too)
    assert said(kg, "A man with Marfan syndrome presented with tall stature.") == [
        ("OMIM:154700", "has_phenotype", "HP:0000098", False, "supported")]


def _extracted(sentence: str, names: str = "FBN1|Marfan syndrome|tumors") -> list[tuple[str, str, str, bool]]:
    """(subject, predicate, object, negated) of each claim the extractor alone reads, a linked end as "=name"."""
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer(names, sentence)]

    def shown(end: LinkedMention | str) -> str:
        return end if isinstance(end, str) else f"={end.text}"

    return [(shown(t.subject), t.predicate, shown(t.object), t.negated)
            for t in ProseExtractor(_BARE_KINDS.get, {})(sentence, linked)]


def test_a_denial_of_something_narrower_keeps_its_words() -> None:
    # "no agent was effective for biliary tract cancer" denies nothing of *Cancer*, which the graph would
    # contradict with any cancer the agent treats: the end stays as written (failed on the code before the rule)
    assert _extracted("Sorafenib is not effective for biliary tract tumors.") == [
        ("Sorafenib", "treats", "biliary tract tumors", True)]
    assert _extracted("Liver tumors are not caused by FBN1 mutations.") == [("=FBN1", "causes", "Liver tumors", True)]
    # a stated relation keeps the linked name (the verdict may read the words as a more specific concept), and so
    # does a denial whose words only describe (these pass on the code before the rule too)
    assert _extracted("Sorafenib is effective for biliary tract tumors.") == [("Sorafenib", "treats", "=tumors", False)]
    assert _extracted("Sorafenib is not effective for malignant tumors.") == [
        ("Sorafenib", "treats", "=tumors", True)]


@pytest.mark.parametrize("sentence", ["Migraine was not an uncommon cause of Marfan syndrome.",
                                      "Migraine is not a rare cause of Marfan syndrome."])
def test_a_litotes_is_no_denial(sentence: str) -> None:
    # "not an uncommon cause" says it is one (failed on the code before the rule; "not uncommon" already passed)
    assert _extracted(sentence) == [("Migraine", "causes", "=Marfan syndrome", False)]


@pytest.mark.parametrize("words", ["includes avoiding excessive sugar consumption", "Loss of Offunto Processes refers"])
def test_a_phrase_holding_a_verb_that_is_never_a_noun_names_no_entity(words: str) -> None:
    # a clause cut at the wrong place (failed on the code before the rule); a plural noun in -s still names one
    assert not names_an_entity(words)
    assert names_an_entity("excessive sugar consumption") and names_an_entity("recurrent infections")


def test_a_cause_given_for_one_item_of_a_list_is_that_item_s_alone(kg: KGRAG) -> None:
    # the items after the next comma go on the outer list (failed on the code before the rule: tall stature and
    # arachnodactyly were read as causes of ectopia lentis)
    claims = said(kg, "Marfan syndrome is characterized by chorea, ectopia lentis due to macrocephaly, tall stature "
                      "and arachnodactyly.")
    assert ("HP:0000256", "causes", "HP:0001083", False, "not_in_kg") in claims
    assert all(c[1] != "causes" or c[0] == "HP:0000256" for c in claims)
    # a cause list of its own stays one (passes on the code before the rule too)
    assert [c[0] for c in said(kg, "Ectopia lentis is due to macrocephaly, tall stature and chorea.")] == [
        "HP:0000256", "HP:0000098", "HP:0002072"]


def test_it_refers_to_nothing_when_the_first_claim_subject_is_not_the_sentence_s_subject(kg: KGRAG) -> None:
    # "X is a disorder characterized by deformities caused by squamous cell carcinoma. It results from ...": "It"
    # is X, which the graph lacks, not the carcinoma (failed on the code before the rule)
    claims = said(kg, "Epoxylic keratocystosis is an autosomal dominant disorder characterized by ectopia lentis "
                      "caused by macrocephaly. It results from mutations in FBN1.")
    assert all(c[2] != "HP:0000256" for c in claims)
    # nor is a sentence's first mention after its verb ("The symptoms include ...": failed on the code before)
    assert said(kg, "The symptoms include tall stature and arachnodactyly. It can also cause chorea.") == []
    assert said(kg, "Tall stature is common. It can also cause chorea.") == [
        ("HP:0000098", "causes", "HP:0002072", False, "not_in_kg")]
    # a claim subject opening the sentence is still the antecedent (passes on the code before the rule too)
    assert ("NCBIGene:2200", "has_phenotype", "HP:0001166", False, "not_in_kg") in said(
        kg, "Mutations in FBN1 cause tall stature. It is also associated with arachnodactyly.")


@pytest.mark.parametrize("sentence", ["Patients with Marfan syndrome developed chorea postoperatively.",
                                      "Patients with Marfan syndrome under general anesthesia developed chorea.",
                                      "Patients with Marfan syndrome developed chorea after surgery."])
def test_what_people_developed_after_an_operation_is_no_feature_of_their_disease(kg: KGRAG, sentence: str) -> None:
    # (failed on the code before the rule; without the operation the feature stays, as before)
    assert said(kg, sentence) == []
    assert said(kg, "Patients with Marfan syndrome developed chorea.") == [
        ("OMIM:154700", "has_phenotype", "HP:0002072", False, "not_in_kg")]


@pytest.mark.parametrize("text", ["It causes respiratory and cardiovascular depression.",
                                  "Propofol causes myocardial depression.", "ST-segment depression was seen.",
                                  "It caused bone marrow depression."])
def test_a_lowered_function_is_no_mood(text: str) -> None:
    # "depression" after an organ or a measure it lowers is no *Depression* (failed on the code before the rule)
    assert inside_compound(text, text.index("depression"), text.index("depression") + len("depression"))
    # the mood stays one (passes on the code before the rule too)
    assert not inside_compound("Fluoxetine treats major depression.", 25, 35)


def test_a_relative_clause_gives_the_mode_of_the_disease_a_cue_named_before_it(kg: KGRAG) -> None:
    # "G is associated with X (XS), which is an autosomal recessive disorder": the mode is X's, a name the graph
    # lacks or misspells too (both failed on the code before the rule; a linked name already passed)
    assert ("Bloggs syndrome (BS)", "has_mode_of_inheritance", AR, False, "unlinked") in said(
        kg, "HTT is associated with Bloggs syndrome (BS), which is an autosomal recessive disorder characterized by "
            "chorea.")
    assert ("OMIM:154700", "has_mode_of_inheritance", AD, False, "supported") in said(
        kg, "FBN1 is associated with Marfen syndrome (MFS), which is an autosomal dominant disorder.")


@pytest.mark.parametrize("sentence", ["FBN1 is the gene responsible for Marfan syndrome.",
                                      "The gene responsible for Marfan syndrome is FBN1.",
                                      "FBN1 gene mutations responsible for Marfan syndrome have been identified."])
def test_a_genetic_noun_responsible_for_a_disease_causes_it(kg: KGRAG, sentence: str) -> None:
    # a reduced relative after "gene", "mutations", ... (failed on the code before the cue)
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(kg, sentence)


def test_a_gene_responsible_for_a_disease_is_the_one_its_noun_phrase_names(kg: KGRAG) -> None:
    # "a certain gene responsible for X" names no gene, and a phrase further back is not it (a first version of the
    # cue read the patients' disease as having X)
    assert said(kg, "Marfan syndrome patients suggest the existence of a certain gene responsible for chorea.") == []
    assert said(kg, "HTT and putative genes responsible for chorea are arranged from telomere to centromere.") == []


@pytest.mark.parametrize("sentence", ["The Marfan syndrome susceptibility gene FBN1 is large.",
                                      "Mutations in the FBN1 Marfan syndrome susceptibility gene were found.",
                                      "HTT and FBN1 are Marfan syndrome risk genes.",
                                      "We confirm the role of FBN1 as a Marfan syndrome-predisposing gene.",
                                      "The Marfan syndrome-susceptibility genes, FBN1 and HTT, were found."])
def test_a_gene_named_by_a_disease_is_associated_with_it(kg: KGRAG, sentence: str) -> None:
    # a disease's susceptibility, risk or predisposing gene (each failed on the code before the form reader)
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in said(kg, sentence)


def test_a_gene_named_by_a_disease_is_no_category_and_may_be_denied(kg: KGRAG) -> None:
    # "G is a X gene" says no "G is a X" (failed on the code before the rule); a denial denies the association
    assert said(kg, "FBN1 is a Marfan syndrome gene.") == []
    assert said(kg, "FBN1 is not a Marfan syndrome risk gene.") == [
        ("NCBIGene:2200", "associated_with", "OMIM:154700", True, "contradicted")]
    # a candidate is a hypothesis: the claim is marked uncertain
    [claim] = kg.verify("We studied the Marfan syndrome candidate gene FBN1.").claims
    assert claim.uncertain


@pytest.mark.parametrize("sentence", ["These results provide insight into the role of mutant FBN1 in causing Marfan "
                                      "syndrome.", "Marfan syndrome is the result of mutations in FBN1.",
                                      "Marfan syndrome is a direct consequence of FBN1 mutations."])
def test_a_role_in_causing_and_a_result_of_state_the_cause(kg: KGRAG, sentence: str) -> None:
    # (each failed on the code before the rule)
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(kg, sentence)


def test_a_triad_named_by_a_verb_of_describing_gives_the_features(kg: KGRAG) -> None:
    # "X is classically described as a triad of A, B and C" (failed on the code before the cue's extension)
    assert said(kg, "Marfan syndrome is classically described as a triad of ectopia lentis, tall stature and "
                    "arachnodactyly.") == [("OMIM:154700", "has_phenotype", concept, False, "supported")
                                           for concept in ("HP:0001083", "HP:0000098", "HP:0001166")]


def test_an_occurrence_as_a_consequence_and_an_aside_before_the_verb(kg: KGRAG) -> None:
    # "X can occur as a consequence of G mutations"; ", however," between a subject and its verb is an aside inside
    # the clause (both failed on the code before the rule)
    assert ("NCBIGene:2200", "causes", "OMIM:154700", False, "supported") in said(
        kg, "Marfan syndrome can occur as a consequence of a wide array of FBN1 mutations.")
    assert ("NCBIGene:2200", "associated_with", "OMIM:154700", False, "supported") in said(
        kg, "Mutations at the 5' end of the FBN1 gene, however, are associated with Marfan syndrome.")
    # a clause after ", however," keeps its own subject (passes on the code before the rule too)
    assert ("NCBIGene:3064", "causes", "OMIM:143100", False, "supported") in said(
        kg, "FBN1 causes Marfan syndrome, however, HTT causes Huntington disease.")


@pytest.mark.parametrize("sentence", ["Patients with Marfan syndrome carry mutations in FBN1.",
                                      "Most patients with Marfan syndrome harbor FBN1 mutations.",
                                      "Germline mutations in FBN1 confer hereditary predisposition to Marfan syndrome.",
                                      "The Marfan syndrome gene FBN1 is large.",
                                      "Mutations in FBN1, the Marfan syndrome gene, were found."])
def test_carried_mutations_a_conferred_predisposition_and_a_disease_s_gene(kg: KGRAG, sentence: str) -> None:
    # (each failed on the code before the rule)
    claims = said(kg, sentence)
    assert [c for c in claims if c[2] == "OMIM:154700" or c[0] == "OMIM:154700"][0][1] == "associated_with"
    assert {c[4] for c in claims} == {"supported"}


def test_a_gene_named_by_its_disease_is_no_disease_item(kg: KGRAG) -> None:
    # "have mutations in HTT, the Marfan syndrome gene": the disease only names the gene (failed on the code before
    # the rule: Huntington disease read as having Marfan syndrome)
    assert all(c[2] != "OMIM:154700" or c[0] == "NCBIGene:3064" for c in said(
        kg, "Patients with Huntington disease have mutations in HTT, the Marfan syndrome gene at chromosome 15."))


def test_a_debate_about_something_is_not_it() -> None:
    # "due to controversy regarding the localization of FBN1 proteins" names no cause (failed on the code before)
    assert unlinked_ends("Tall stature has not received general acceptance due to controversy regarding the "
                         "localization of FBN1 proteins.", names="FBN1") == set()
    linked = [LinkedMention(m.start(), m.end(), m.group(), (_BARE_IDS[m.group()],), 1.0)
              for m in re.finditer("FBN1|Marfan syndrome", "Marfan syndrome is due to controversy regarding FBN1.")]
    assert ProseExtractor(_BARE_KINDS.get, {})("Marfan syndrome is due to controversy regarding FBN1.", linked) == []


def test_an_adjective_before_and_shares_a_longer_name_s_head() -> None:
    # "ovarian and early-onset breast cancer": "ovarian" alone is no item (failed on the code before the rule)
    assert unlinked_ends("FBN1 causes ovarian and Marfan syndrome.") == set()
    # a noun before "and" stays an item (passes on the code before the rule too)
    assert unlinked_ends("FBN1 causes keratoconus and Marfan syndrome.") == {"keratoconus"}


@pytest.mark.parametrize(("sentence", "negated"), [
    ("Sorafenib was not an effective treatment for Marfan syndrome.", True),
    ("Sorafenib is both a safe and effective treatment for Marfan syndrome.", False),
    ("Sorafenib appears to be an effective agent for Marfan syndrome.", False)])
def test_a_treatment_nominal_after_a_denied_copula_or_a_verb_of_seeming(sentence: str, negated: bool) -> None:
    # (each failed on the code before the cue's extension)
    assert _extracted(sentence) == [("Sorafenib", "treats", "=Marfan syndrome", negated)]
    # a preposition ends the words before the nominal: a first version read "may be helpful in the treatment of" as
    # the copula's, and the clause before "and" as a subject ("sorafenib facilitates sexual behavior")
    assert _extracted("Studies suggest that sorafenib facilitates sexual behavior and may be helpful in the "
                      "treatment of Marfan syndrome.") == []


@pytest.mark.parametrize("sentence", ["Sorafenib significantly reduced chorea frequency.",
                                      "Sorafenib reduced the frequency of chorea."])
def test_a_lessened_measure_of_a_condition_is_its_treatment(sentence: str) -> None:
    # (failed on the code before the cue; "increased" says no such thing)
    assert _extracted(sentence, names="chorea") == [("Sorafenib", "treats", "=chorea", False)]
    assert _extracted(sentence.replace("reduced", "increased"), names="chorea") == []


def test_morbidity_in_a_disease_s_patients_is_no_end_of_a_treatment() -> None:
    # "decreases ... overall morbidity in cancer patients": an outcome of the disease (failed on the code before)
    assert _extracted("Sorafenib decreases the incidence of overall morbidity in chorea patients.",
                      names="chorea") == []


def test_a_gene_reported_in_a_condition_hpo_names_as_a_phenotype_is_associated_with_it() -> None:
    # "WT1 mutations have been reported in acute myeloid leukemia" (failed on the code before the rule: a gene is
    # no feature, so the claim was dropped)
    assert _extracted("FBN1 mutations have also been reported in chorea.", names="FBN1|chorea") == [
        ("=FBN1", "associated_with", "=chorea", False)]


def test_what_other_than_sets_apart_across_its_noun_is_no_item(kg: KGRAG) -> None:
    # "patients with other types of epilepsy than infantile spasms": the spasms are set apart (failed on the code
    # before the rule)
    assert all(c[2] != "OMIM:154700" for c in said(
        kg, "Patients with other diseases than Marfan syndrome were treated with sorafenib."))


def test_a_genetic_change_is_no_feature_and_a_chemical_name_s_comma_splits_no_list() -> None:
    # "Single point mutations were also found in X": no feature of X (failed on the code before the rule)
    assert _extracted("Single point mutations were also found in Marfan syndrome.") == []
    # "guanosine 3',5'-cyclic monophosphate": one name (failed on the code before the rule)
    assert [piece.group(0) for piece in ITEM_SPLIT.finditer("guanosine 3',5'-cyclic monophosphate")] == []
