"""The dictionary entity linker: spans, folding, kind preference, noise guards, negation and uncertainty."""

from __future__ import annotations

import pytest

from graph_schema import NodeKind
from kgrag.linking.dictionary import DictionaryLinker, singular
from kgrag.records import Concept, LinkedMention

CONCEPTS = [
    Concept("HP:0001250", "Seizure", NodeKind.PHENOTYPE, synonyms=("Epileptic seizure",)),
    Concept("HP:0002069", "Bilateral tonic-clonic seizure", NodeKind.PHENOTYPE),
    Concept("OMIM:154700", "Marfan syndrome", NodeKind.DISEASE),
    Concept("HP:0001083", "Ectopia lentis", NodeKind.PHENOTYPE, synonyms=("Lens dislocation",)),
    Concept("MESH:D003920", "Diabetes mellitus", NodeKind.DISEASE),
    Concept("HP:0000819", "Diabetes mellitus", NodeKind.PHENOTYPE),
    Concept("HP:0012828", "Severe", NodeKind.PHENOTYPE),  # a modifier term, in the stoplist
    Concept("HP:0000001", "All", NodeKind.PHENOTYPE),
    Concept("NCBIGene:4149", "MAX", NodeKind.GENE),  # a gene symbol that is also a word
    Concept("NCBIGene:2200", "FBN1", NodeKind.GENE),
    Concept("HP:0009999", "Obsolete thing", NodeKind.PHENOTYPE, obsolete=True),
    Concept("HP:0000003", "ab", NodeKind.PHENOTYPE),
    Concept("UMLS:C0003873", "Arteries", NodeKind.ANATOMY),
]


@pytest.fixture(scope="module")
def linker() -> DictionaryLinker:
    return DictionaryLinker.from_concepts(CONCEPTS)


def by_text(mentions: list[LinkedMention]) -> dict[str, LinkedMention]:
    return {m.text: m for m in mentions}


def test_longest_match_with_exact_spans(linker: DictionaryLinker) -> None:
    text = "Severe bilateral tonic-clonic seizures in all MAX and FBN1 carriers with Marfan's syndrome; ab."
    mentions = linker.link(text)
    assert [(m.text, m.concept_ids) for m in mentions] == [
        ("bilateral tonic-clonic seizures", ("HP:0002069",)),  # not "seizure" inside it
        ("MAX", ("NCBIGene:4149",)),  # a word-like gene symbol links only as written, in capitals
        ("FBN1", ("NCBIGene:2200",)),
        ("Marfan's syndrome", ("OMIM:154700",)),
    ]
    assert mentions[1].score == 0.95 and linker.link("the max dose, Max.") == []
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
    assert mentions[0].score < 1.0  # folded (plural), an exact name scores 1.0
    assert linker.link("FBN1")[0].score == 1.0
    assert linker.concept_ids("an obsolete thing") == set() and linker.link("") == []


def test_plurals_accents_and_kind_preference(linker: DictionaryLinker) -> None:
    assert singular("arteries") == "artery" and singular("seizures") == "seizure"
    assert singular("diabetes") == "diabete" and singular("abscess") == "abscess" and singular("virus") == "virus"
    assert singular("carcinomas") == "carcinoma" and singular("pancreas") == "pancreas"
    assert linker.concept_ids("Seizures and epileptic seizures") == {"HP:0001250"}
    assert linker.concept_ids("the artery") == {"UMLS:C0003873"}  # name "Arteries", text singular
    assert linker.concept_ids("ECTOPIA LENTÍS") == {"HP:0001083"}
    # one name, two concepts: the disease comes first
    assert linker.link("type 2 diabetes mellitus")[0].concept_ids == ("MESH:D003920", "HP:0000819")


@pytest.mark.parametrize("text, negated, uncertain", [
    ("The patient had seizures.", False, False),
    ("The patient denies seizures.", True, False),
    ("No evidence of lens dislocation was found.", True, False),
    ("Seizures were ruled out.", True, False),
    ("Without seizures, but with ectopia lentis.", True, False),  # only the first mention is negated
    ("Possible Marfan syndrome.", False, True),
    ("Marfan syndrome is suspected.", False, True),
    ("No fever. Seizures started at age 3.", False, False),  # the trigger is in another sentence
    ("Without treatment, the seizures return.", False, False),  # a comma and a determiner start another phrase
    ("Without fever, seizures or lens dislocation.", True, False),  # a list after the trigger stays in its scope
])
def test_negation_and_uncertainty(linker: DictionaryLinker, text: str, negated: bool, uncertain: bool) -> None:
    first = linker.link(text)[0]
    assert (first.negated, first.uncertain) == (negated, uncertain)
    if "but with" in text:
        assert by_text(linker.link(text))["ectopia lentis"].negated is False


def test_a_prefix_is_not_a_negation() -> None:
    linker = DictionaryLinker.from_concepts([Concept("MESH:D002289", "Lung cancer", NodeKind.DISEASE)])
    mention = linker.link("Non-small cell lung cancer was treated.")[0]
    assert mention.text == "lung cancer" and not mention.negated


def test_abbreviations_defined_in_the_text_link_like_their_long_form() -> None:
    dystrophy = Concept("OMIM:160900", "Myotonic dystrophy", NodeKind.DISEASE)
    ataxia = Concept("OMIM:208900", "Ataxia telangiectasia", NodeKind.DISEASE)
    linker = DictionaryLinker.from_concepts([dystrophy, ataxia])
    text = ("DM was mentioned early. Myotonic dystrophy (DM) is common; in DM patients, DMX differs. "
            "Ataxia telangiectasia (A-T) and A-T carriers. Ataxia telangiectasia (n = 3).")
    found = [(m.text, m.concept_ids[0], m.score) for m in linker.link(text)]
    assert found == [
        ("Myotonic dystrophy", "OMIM:160900", 1.0), ("DM", "OMIM:160900", 0.9), ("DM", "OMIM:160900", 0.9),
        ("Ataxia telangiectasia", "OMIM:208900", 1.0), ("A-T", "OMIM:208900", 0.9), ("A-T", "OMIM:208900", 0.9),
        ("Ataxia telangiectasia", "OMIM:208900", 1.0)]  # the DM before the definition and DMX stay unlinked
    # Letters that do not abbreviate the long form define nothing.
    assert [m.text for m in linker.link("Myotonic dystrophy (QX) and QX.")] == ["Myotonic dystrophy"]


def test_a_name_that_ends_a_longer_defined_name_is_not_linked() -> None:
    linker = DictionaryLinker.from_concepts([Concept("HP:0002586", "Peritonitis", NodeKind.PHENOTYPE),
                                             Concept("OMIM:160900", "Myotonic dystrophy", NodeKind.DISEASE)])
    # "(FIP)" spells "Feline infectious peritonitis", a disease of cats the graph lacks: "peritonitis" alone would
    # make the sentence's claims about another concept.
    assert linker.link("Feline infectious peritonitis (FIP) is a coronavirus disease.") == []
    assert [m.text for m in linker.link("Its agent causes peritonitis (inflammation) and myotonic dystrophy (DM).")
            ] == ["peritonitis", "myotonic dystrophy", "DM"]  # asides that spell no longer name change nothing
    # A short form of the mention itself, or one that needs words across a comma, leaves it linked.
    assert [m.text for m in linker.link("Severe, peritonitis (SP) and peritonitis (P-T).")] == [
        "peritonitis", "peritonitis", "P-T"]


def test_a_syndrome_named_by_the_initials_of_its_features_takes_them_in() -> None:
    linker = DictionaryLinker.from_concepts([Concept("HP:0200043", "Verrucae", NodeKind.PHENOTYPE,
                                                     synonyms=("Warts",)),
                                             Concept("HP:0004313", "Hypogammaglobulinemia", NodeKind.PHENOTYPE),
                                             Concept("OMIM:193670", "WHIM syndrome", NodeKind.DISEASE)])
    # The features spell WHIM: they are the syndrome's name here (claim extraction reads them as its features).
    text = "The Warts, Hypogammaglobulinemia, Infections, Myelokathexis (WHIM) syndrome is caused by CXCR4."
    assert [(m.text, m.concept_ids) for m in linker.link(text)] == [
        ("Warts, Hypogammaglobulinemia, Infections, Myelokathexis (WHIM) syndrome", ("OMIM:193670",))]
    # A hyphenated feature gives a letter for each part ("onycho-osteodystrophy": the two Os of DOOR).
    door = DictionaryLinker.from_concepts([Concept("HP:0000365", "Deafness", NodeKind.PHENOTYPE),
                                           Concept("OMIM:220500", "DOOR syndrome", NodeKind.DISEASE)])
    assert [m.text for m in door.link("Deafness, onycho-osteodystrophy and mental retardation (DOOR) syndrome.")] \
        == ["Deafness, onycho-osteodystrophy and mental retardation (DOOR) syndrome"]
    # Words that do not spell it stay findings of their own.
    assert [m.text for m in linker.link("Warts and hypogammaglobulinemia in WHIM syndrome.")] == [
        "Warts", "hypogammaglobulinemia", "WHIM syndrome"]


def test_gene_symbols_as_authors_write_them() -> None:
    genes = [Concept(f"NCBIGene:{n}", symbol, NodeKind.GENE) for n, symbol in
             enumerate(("IL6", "IL6R", "MMP9", "G6PD", "BCL2", "PDGFRA", "IL1B", "EGF", "EGFR", "SI"))]
    linker = DictionaryLinker.from_concepts(genes)
    ids = {g.name: g.id for g in genes}

    def linked(text: str) -> list[tuple[str, str]]:
        return [(m.text, m.concept_ids[0]) for m in linker.link(text)]

    # hyphens dropped, a Greek letter (or its name) as its Latin capital, capitals: HGNC's spelling
    assert linked("IL-6 and MMP-9-mediated damage, G-6-PD, Bcl-2, PDGFRα and IL-1beta") == [
        ("IL-6", ids["IL6"]), ("MMP-9", ids["MMP9"]), ("G-6-PD", ids["G6PD"]), ("Bcl-2", ids["BCL2"]),
        ("PDGFRα", ids["PDGFRA"]), ("IL-1beta", ids["IL1B"])]
    # a ligand before "receptor" names its receptor when the graph holds one; "S-I" is too short to be SI
    assert linked("antibodies against the IL-6 receptor and the EGF receptor") == [
        ("IL-6 receptor", ids["IL6R"]), ("EGF receptor", ids["EGFR"])]
    assert linked("the BCL-2 receptor, S-I and an x-ray") == [("BCL-2", ids["BCL2"])]


def test_a_name_spelled_with_its_short_form_keeps_its_closing_bracket() -> None:
    """DECIPHER spells "Miller-Dieker syndrome (MDS)": the mention ends after the bracket, never inside it."""
    linker = DictionaryLinker.from_concepts([Concept("DECIPHER:21", "Miller-Dieker syndrome (MDS)", NodeKind.DISEASE)])
    assert [m.text for m in linker.link("The Miller-Dieker syndrome (MDS), composed of ...")] == [
        "Miller-Dieker syndrome (MDS)"]


def test_a_subtype_read_in_a_bracket_or_after_type_is_whole() -> None:
    """"Niemann-Pick disease (types A and B)" ends with its bracket; "Type 1 Gaucher disease" starts with "Type"."""
    linker = DictionaryLinker.from_concepts([
        Concept("OMIM:257200", "Niemann-Pick disease, type A", NodeKind.DISEASE),
        Concept("OMIM:230800", "Gaucher disease, type I", NodeKind.DISEASE, synonyms=("Gaucher disease type 1",))])
    assert [m.text for m in linker.link("Niemann-Pick disease (types A and B), or ..., and Type 1 Gaucher disease")] \
        == ["Niemann-Pick disease (types A and B)", "Type 1 Gaucher disease"]


def test_a_symbol_written_with_a_space_before_its_number() -> None:
    """"Sox 10", "anti lingo 1": letters, one space and one or two digits that end the word, joined in capitals into
    a symbol the graph holds; a decimal, a hyphenated word or a symbol the graph lacks stays apart."""
    genes = [Concept(f"NCBIGene:{n}", symbol, NodeKind.GENE) for n, symbol in enumerate(("SOX10", "LINGO1", "PON1"))]
    linker = DictionaryLinker.from_concepts(genes)
    assert [(m.text, m.concept_ids[0]) for m in linker.link("Sox 10 and an anti lingo 1 antibody")] == [
        ("Sox 10", "NCBIGene:0"), ("lingo 1", "NCBIGene:1")]
    assert linker.link("PON 1.5 units, PON 1-like activity, type 1 and SOX  10") == []


def test_a_qualifier_in_brackets_after_a_name_is_read_in_order() -> None:
    linker = DictionaryLinker.from_concepts([Concept("HP:0000365", "Hearing impairment", NodeKind.PHENOTYPE,
                                                     synonyms=("Deafness",)),
                                             Concept("HP:0000407", "Sensorineural hearing impairment",
                                                     NodeKind.PHENOTYPE, synonyms=("Sensorineural deafness",))])
    assert [(m.text, m.concept_ids) for m in linker.link("It consists of deafness (sensorineural) and more.")] == [
        ("deafness (sensorineural)", ("HP:0000407",))]
    # A bracket the graph has no name with, or a short form, changes nothing.
    assert [(m.text, m.concept_ids) for m in linker.link("deafness (bilateral), deafness (SD)")] == [
        ("deafness", ("HP:0000365",)), ("deafness", ("HP:0000365",))]


def test_coordinated_names_sharing_a_head_are_one_mention() -> None:
    linker = DictionaryLinker.from_concepts([Concept("MONDO:1", "Breast cancer", NodeKind.DISEASE),
                                             Concept("MONDO:2", "Ovarian cancer", NodeKind.DISEASE)])
    found = {text: [(m.text, m.concept_ids) for m in linker.link(text)] for text in (
        "breast and ovarian cancer", "breast/ovarian cancer", "breast and/or ovarian cancers",
        "fruit and ovarian cancer", "ovarian cancer and breast cancer")}
    both = ("MONDO:1", "MONDO:2")
    assert found["breast and ovarian cancer"] == [("breast and ovarian cancer", both)]
    assert found["breast/ovarian cancer"] == [("breast/ovarian cancer", both)]
    assert found["breast and/or ovarian cancers"] == [("breast and/or ovarian cancers", both)]
    assert found["fruit and ovarian cancer"] == [("ovarian cancer", ("MONDO:2",))]  # "fruit cancer" is no name
    assert found["ovarian cancer and breast cancer"] == [("ovarian cancer", ("MONDO:2",)),
                                                         ("breast cancer", ("MONDO:1",))]


def test_disease_modifiers_join_the_mention_span() -> None:
    linker = DictionaryLinker.from_concepts([Concept("MONDO:1", "Breast cancer", NodeKind.DISEASE)])
    spans = [m.text for m in linker.link("Hereditary breast cancer, early-onset breast cancer and a new breast "
                                         "cancer.")]
    assert spans == ["Hereditary breast cancer", "early-onset breast cancer", "breast cancer"]


def test_a_subtype_after_a_comma_links_as_prose_writes_it() -> None:
    # OMIM titles put the subtype after a comma; prose writes "the vascular type of ..." or "vascular type ...".
    linker = DictionaryLinker.from_concepts([Concept("OMIM:130050", "Ehlers-Danlos syndrome, vascular type",
                                                     NodeKind.DISEASE)])
    for text in ("The vascular type of Ehlers-Danlos syndrome is rare.", "Vascular type Ehlers-Danlos syndrome.",
                 "Ehlers-Danlos syndrome, vascular type."):
        assert [m.concept_ids for m in linker.link(text)] == [("OMIM:130050",)], text
    assert linker.link("Ehlers-Danlos syndrome is rare.") == []  # the subtype never stands for the parent


def test_disorder_and_disease_heads_fold_when_the_text_s_name_is_not_in_the_graph() -> None:
    linker = DictionaryLinker.from_concepts([
        Concept("HP:0002180", "Neurodegeneration", NodeKind.PHENOTYPE, synonyms=("Neurodegenerative disease",)),
        Concept("OMIM:1", "Cushing disease", NodeKind.DISEASE), Concept("OMIM:2", "Cushing syndrome",
                                                                         NodeKind.DISEASE)])
    assert [m.concept_ids for m in linker.link("a neurodegenerative disorder")] == [("HP:0002180",)]
    # Where the graph has the text's own name, the exact one wins.
    assert [m.concept_ids for m in linker.link("Cushing syndrome")] == [("OMIM:2",)]


def test_a_name_in_another_word_order_or_number_links_by_its_bag_of_words() -> None:
    """LVG-style norm: "loss of hearing" is "Hearing loss", "eye abnormalities" is "Abnormality of the eye"; the bag
    never reaches across punctuation or "and", and a longer exact name still wins."""
    linker = DictionaryLinker.from_concepts([
        Concept("HP:0000365", "Hearing loss", NodeKind.PHENOTYPE),
        Concept("HP:0000478", "Abnormality of the eye", NodeKind.PHENOTYPE),
        Concept("HP:4000111", "Asbestos exposure", NodeKind.PHENOTYPE),
        Concept("OMIM:220500", "Doors syndrome", NodeKind.DISEASE),
        Concept("HP:0000407", "Sensorineural hearing loss", NodeKind.PHENOTYPE),
        Concept("NCBIGene:1", "GENE1", NodeKind.GENE, synonyms=("Protein kinase one",))])
    for text, ids in (("progressive loss of hearing", "HP:0000365"), ("eye abnormalities", "HP:0000478"),
                      ("abnormalities of the eye", "HP:0000478"), ("Exposure to asbestos", "HP:4000111"),
                      ("DOOR syndrome", "OMIM:220500"), ("sensorineural hearing loss", "HP:0000407")):
        [mention] = linker.link(text)
        assert mention.concept_ids == (ids,), text
        assert text.endswith(mention.text), text
    assert [m.text for m in linker.link("loss, of hearing")] == []
    assert [m.text for m in linker.link("eye and abnormalities")] == []
    assert linker.link("kinase one protein") == []  # genes are named by symbol, never by a reordered name
    assert linker.link("eye abnormalities")[0].score < 1.0  # a folded reading, not the name as written


def test_a_modifier_that_keeps_the_concept_may_stand_inside_a_bag() -> None:
    """"type 4 hereditary hemochromatosis" is OMIM's "Hemochromatosis, type 4": "hereditary" (a `DISEASE_MODIFIERS`
    word) changes no concept wherever it stands before the head; any other word ("neonatal") still has to match."""
    linker = DictionaryLinker.from_concepts([
        Concept("OMIM:606069", "Hemochromatosis, type 4", NodeKind.DISEASE)])
    assert [(m.text, m.concept_ids) for m in linker.link("Type 4 hereditary hemochromatosis is rare.")] == [
        ("Type 4 hereditary hemochromatosis", ("OMIM:606069",))]
    assert linker.link("type 4 neonatal hemochromatosis") == []


def test_a_finding_written_with_another_head_links_to_the_organ_abnormality() -> None:
    """"neurological manifestations", "cardiac involvement": HPO says abnormality, anomaly or defect; a modifier that
    names no organ ("phenotypic features", "clinical manifestations") links to nothing, not to HPO's root."""
    linker = DictionaryLinker.from_concepts([
        Concept("HP:0000707", "Abnormality of the nervous system", NodeKind.PHENOTYPE,
                synonyms=("Neurological abnormality",)),
        Concept("HP:0001627", "Abnormal heart morphology", NodeKind.PHENOTYPE, synonyms=("Cardiac anomaly",)),
        Concept("HP:0000118", "Phenotypic abnormality", NodeKind.PHENOTYPE, synonyms=("Clinical abnormality",))])
    found = [(m.text, m.concept_ids[0]) for m in linker.link(
        "Neurological manifestations and cardiac involvement are among its phenotypic features and clinical "
        "manifestations.")]
    assert found == [("Neurological manifestations", "HP:0000707"), ("cardiac involvement", "HP:0001627")]
    # "disorder" too, after an organ's word: "a neurological disorder" is HPO's "Neurological abnormality"; "a clinical
    # disorder" names no organ
    found = [(m.text, m.concept_ids[0]) for m in linker.link("a neurological disorder, a clinical disorder")]
    assert found == [("neurological disorder", "HP:0000707")]
    # and "a disorder of the X" is HPO's "Abnormality of the X"
    found = [(m.text, m.concept_ids[0]) for m in linker.link("Hydrops is a disorder of the nervous system.")]
    assert found == [("disorder of the nervous system", "HP:0000707")]


def test_a_bracketed_short_form_in_another_case_links_to_the_gene_it_abbreviates() -> None:
    """"Huntingtin (Htt)", "β-hexosaminidase B (HexB)": the short form the words before it spell, written in the mouse
    or the author's case, names the gene whose symbol it is; a word in brackets that spells nothing before it does
    not ("the protein (Max)")."""
    linker = DictionaryLinker.from_concepts([Concept("NCBIGene:3064", "HTT", NodeKind.GENE),
                                             Concept("NCBIGene:3074", "HEXB", NodeKind.GENE),
                                             Concept("NCBIGene:4149", "MAX", NodeKind.GENE)])
    found = [(m.text, m.concept_ids[0]) for m in linker.link(
        "A mutation in the gene coding for Huntingtin (Htt) and in β-hexosaminidase B (HexB), not the protein (Max).")]
    assert found == [("Htt", "NCBIGene:3064"), ("HexB", "NCBIGene:3074")]


def test_a_symbol_spelled_in_bases_next_to_sequence_words_is_no_gene() -> None:
    """GAA and AGT are genes, and runs of bases: "a GAA trinucleotide repeat" and "CGT 362Arg to AGT 362Ser" name no
    gene; "GAA mutations" and "the AGT gene" do."""
    linker = DictionaryLinker.from_concepts([Concept("NCBIGene:2548", "GAA", NodeKind.GENE),
                                             Concept("NCBIGene:183", "AGT", NodeKind.GENE)])
    assert linker.link("An expansion of a GAA trinucleotide repeat; 362Arg to 362Ser (CGT 362Arg to AGT 362Ser).") == []
    assert [m.text for m in linker.link("GAA mutations and the AGT gene.")] == ["GAA", "AGT"]


def test_a_short_form_defined_for_a_disease_is_the_disease_where_defined() -> None:
    """"neurofibromatosis type 1 (NF1)": the bracket is the disease's short form, not the gene NF1; elsewhere the
    symbol keeps its gene reading ("NF1 mutations")."""
    linker = DictionaryLinker.from_concepts([Concept("OMIM:162200", "Neurofibromatosis, type 1", NodeKind.DISEASE),
                                             Concept("NCBIGene:4763", "NF1", NodeKind.GENE)])
    found = [(m.text, m.concept_ids[0]) for m in linker.link("Signs of neurofibromatosis type 1 (NF1). NF1 mutations.")]
    assert found == [("neurofibromatosis type 1", "OMIM:162200"), ("NF1", "OMIM:162200"), ("NF1", "NCBIGene:4763")]


def test_a_long_form_before_a_symbol_and_gene_is_the_genes_name() -> None:
    """"the adenomatous polyposis coli (APC) tumor-suppressor gene": the words are the gene's name, and the symbol in
    brackets links the gene, not the disease the same words spell."""
    linker = DictionaryLinker.from_concepts([Concept("OMIM:175100", "Adenomatous polyposis coli", NodeKind.DISEASE),
                                             Concept("NCBIGene:324", "APC", NodeKind.GENE)])
    found = [(m.text, m.concept_ids[0]) for m in linker.link(
        "Mutations of the adenomatous polyposis coli (APC) tumor-suppressor gene.")]
    assert found == [("APC", "NCBIGene:324")]
    found = [(m.text, m.concept_ids[0]) for m in linker.link("Signs of adenomatous polyposis coli (APC) in FAP.")]
    assert found == [("adenomatous polyposis coli", "OMIM:175100"), ("APC", "OMIM:175100")]


def test_a_name_split_at_hyphens_between_its_combining_forms() -> None:
    """"velo-cardiofacial syndrome", "thrombo-embolism": the joined word opens a name; a symbol's hyphen is not
    joined ("NF-kB" stays unlinked, "IL-6" is IL6's)."""
    linker = DictionaryLinker.from_concepts([
        Concept("OMIM:192430", "Velocardiofacial syndrome", NodeKind.DISEASE),
        Concept("HP:0001907", "Thromboembolism", NodeKind.PHENOTYPE),
        Concept("NCBIGene:4790", "NFKB1", NodeKind.GENE),
        Concept("HP:0000001", "Nfkb", NodeKind.PHENOTYPE)])
    found = {(m.text, m.concept_ids[0]) for m in linker.link(
        "Velo-cardio-facial syndrome and velo-cardiofacial syndrome with thrombo-embolism; NF-kB.")}
    assert found == {("Velo-cardio-facial syndrome", "OMIM:192430"), ("velo-cardiofacial syndrome", "OMIM:192430"),
                     ("thrombo-embolism", "HP:0001907")}


def test_a_range_of_severities_names_the_graded_finding() -> None:
    """"moderate to profound intellectual disability", "severe-profound ...": the range spans HPO's graded terms,
    so it names the term they grade; one grade keeps its own term."""
    linker = DictionaryLinker.from_concepts([
        Concept("HP:0001249", "Intellectual disability", NodeKind.PHENOTYPE),
        Concept("HP:0002187", "Intellectual disability, profound", NodeKind.PHENOTYPE,
                synonyms=("Profound intellectual disability",))])
    found = [(m.text, m.concept_ids[0]) for m in linker.link(
        "Moderate to profound intellectual disability, severe-profound intellectual disability and profound "
        "intellectual disability.")]
    assert found == [("Moderate to profound intellectual disability", "HP:0001249"),
                     ("severe-profound intellectual disability", "HP:0001249"),
                     ("profound intellectual disability", "HP:0002187")]


def test_an_eponyms_possessive_opens_no_name_of_its_head(linker: DictionaryLinker) -> None:
    # "Morton's neuralgia" names a narrower entity than "neuralgia": without the whole name, nothing links (and the
    # possessive "s" never opens a name: "s seizure")
    assert linker.link("Bloggs's seizure was brief.") == []
    assert linker.link("Bloggs' seizure was brief.") == []
    assert linker.concept_ids("the patient's seizure") == {"HP:0001250"}  # an everyday possessive
    assert linker.concept_ids("Marfan's syndrome") == {"OMIM:154700"}  # a whole eponymous name still links


def test_british_spellings_link_to_the_american_names() -> None:
    linker = DictionaryLinker.from_concepts([
        Concept("HP:0001028", "Hemangioma", NodeKind.PHENOTYPE),
        Concept("HP:0002900", "Hypokalemia", NodeKind.PHENOTYPE),
        Concept("HP:0000969", "Edema", NodeKind.PHENOTYPE),
        Concept("HP:0002666", "Pheochromocytoma", NodeKind.PHENOTYPE),
        Concept("HP:0002014", "Diarrhea", NodeKind.PHENOTYPE),
        Concept("HP:0002032", "Esophageal atresia", NodeKind.PHENOTYPE)])
    text = ("Haemangioma, hypokalaemia, oedema, phaeochromocytoma, diarrhoea and oesophageal atresia; a coefficient "
            "and an aerobic toe.")
    assert [m.concept_ids[0] for m in linker.link(text)] == [
        "HP:0001028", "HP:0002900", "HP:0000969", "HP:0002666", "HP:0002014", "HP:0002032"]
