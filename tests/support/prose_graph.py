"""The small HPO-shaped graph the claims tests read prose against: modes of inheritance under HP:0000005,
numbered subtypes, genes, inverted OMIM titles, clinical modifiers."""

from __future__ import annotations

from graph_schema import NodeKind
from kgrag.graph import GraphStore
from kgrag.records import Concept, Relation, Release

AD, AR, XL, MT = "HP:0000006", "HP:0000007", "HP:0001417", "HP:0001427"


CONCEPTS = [
    Concept("HP:0000005", "Mode of inheritance", NodeKind.PHENOTYPE),
    Concept(AD, "Autosomal dominant inheritance", NodeKind.PHENOTYPE, synonyms=("Autosomal dominant",)),
    Concept(AR, "Autosomal recessive inheritance", NodeKind.PHENOTYPE, synonyms=("Autosomal recessive",)),
    Concept(XL, "X-linked inheritance", NodeKind.PHENOTYPE),
    Concept(MT, "Mitochondrial inheritance", NodeKind.PHENOTYPE, synonyms=("Mitochondrial",)),
    Concept("OMIM:143100", "Huntington disease", NodeKind.DISEASE),
    Concept("OMIM:154700", "Marfan syndrome", NodeKind.DISEASE),
    Concept("OMIM:236200", "Homocystinuria", NodeKind.DISEASE),
    Concept("OMIM:256000", "Leigh syndrome", NodeKind.DISEASE),
    Concept("OMIM:253200", "Mucopolysaccharidosis, type VI", NodeKind.DISEASE),
    Concept("OMIM:253220", "Mucopolysaccharidosis VII", NodeKind.DISEASE),
    Concept("OMIM:306900", "Hemophilia B", NodeKind.DISEASE),
    Concept("HP:0001083", "Ectopia lentis", NodeKind.PHENOTYPE),
    Concept("HP:0000517", "Abnormality of the lens", NodeKind.PHENOTYPE),
    Concept("HP:0001166", "Arachnodactyly", NodeKind.PHENOTYPE),
    Concept("HP:0002072", "Chorea", NodeKind.PHENOTYPE),
    Concept("HP:0100022", "Movement disorder", NodeKind.PHENOTYPE),
    Concept("HP:0002376", "Developmental regression", NodeKind.PHENOTYPE),
    Concept("HP:0000098", "Tall stature", NodeKind.PHENOTYPE),
    Concept("NCBIGene:3064", "HTT", NodeKind.GENE),
    Concept("NCBIGene:2200", "FBN1", NodeKind.GENE),
    Concept("NCBIGene:875", "CBS", NodeKind.GENE),
    Concept("NCBIGene:411", "ARSB", NodeKind.GENE),
    Concept("NCBIGene:2990", "GUSB", NodeKind.GENE),
    Concept("NCBIGene:2158", "F9", NodeKind.GENE),
    Concept("OMIM:151400", "Leukemia, chronic lymphocytic", NodeKind.DISEASE),  # OMIM's inverted title
    Concept("HP:0005550", "Chronic lymphocytic leukemia", NodeKind.PHENOTYPE),
    Concept("NCBIGene:472", "ATM", NodeKind.GENE),
    Concept("HP:0100827", "Lymphocytosis", NodeKind.PHENOTYPE),
    Concept("ORPHA:869", "Triple A syndrome", NodeKind.DISEASE),
    Concept("HP:0002571", "Achalasia", NodeKind.PHENOTYPE),
    Concept("OMIM:616638", "Smith-Kingsmore syndrome", NodeKind.DISEASE),
    Concept("HP:0000256", "Macrocephaly", NodeKind.PHENOTYPE),
    Concept("OMIM:168600", "Parkinson disease, late-onset", NodeKind.DISEASE),
    Concept("OMIM:615530", "Parkinson disease 20, early-onset", NodeKind.DISEASE),
    Concept("OMIM:146300", "Hypophosphatasia, adult", NodeKind.DISEASE),
    Concept("OMIM:241500", "Hypophosphatasia, infantile", NodeKind.DISEASE),
    Concept("HP:0012823", "Clinical modifier", NodeKind.PHENOTYPE),
    Concept("HP:0031797", "Clinical course", NodeKind.PHENOTYPE),
    Concept("HP:0003674", "Onset", NodeKind.PHENOTYPE),
    Concept("HP:0003584", "Late onset", NodeKind.PHENOTYPE),
    Concept("HP:0040006", "Mortality/Aging", NodeKind.PHENOTYPE),
    Concept("HP:0001522", "Death in infancy", NodeKind.PHENOTYPE),
    Concept("OMIM:606069", "Hemochromatosis, type 4", NodeKind.DISEASE),
    Concept("OMIM:620121", "Iron overload", NodeKind.DISEASE),
    Concept("HP:0032319", "Health status", NodeKind.PHENOTYPE),
    Concept("HP:0032322", "Healthy", NodeKind.PHENOTYPE),
    # "malformation" and "anomaly" name three terms both ways: "anorectal malformations" reads as Anorectal anomaly.
    *(Concept(f"HP:990000{i}", f"{part} anomaly", NodeKind.PHENOTYPE, synonyms=(f"{part} malformation",))
      for i, part in enumerate(("Limb", "Ear", "Eye"))),
    Concept("HP:0012732", "Anorectal anomaly", NodeKind.PHENOTYPE),
    Concept("NCBIGene:7454", "WAS", NodeKind.GENE),  # a symbol that is also a word ("was")
    Concept("NCBIGene:8936", "WASF1", NodeKind.GENE),
    Concept("OMIM:163950", "Noonan syndrome", NodeKind.DISEASE),  # a third "<name> syndrome" for coordinations
    # syndromes named by the initials of their features
    Concept("OMIM:220500", "DOOR syndrome", NodeKind.DISEASE),
    Concept("NCBIGene:57465", "TBC1D24", NodeKind.GENE),
    Concept("HP:0000365", "Hearing impairment", NodeKind.PHENOTYPE, synonyms=("Deafness",)),
    Concept("HP:0001249", "Intellectual disability", NodeKind.PHENOTYPE, synonyms=("Mental retardation",)),
    Concept("OMIM:151623", "Li-Fraumeni syndrome", NodeKind.DISEASE),
    Concept("HP:0100242", "Sarcoma", NodeKind.PHENOTYPE),
    Concept("HP:0001909", "Leukemia", NodeKind.PHENOTYPE),
    # a group (Orphanet) whose gene the graph records only on its numbered OMIM entry
    Concept("ORPHA:733", "Familial adenomatous polyposis", NodeKind.DISEASE),
    Concept("OMIM:175100", "Familial adenomatous polyposis 1", NodeKind.DISEASE),
    Concept("NCBIGene:324", "APC", NodeKind.GENE),
    Concept("HP:0002721", "Immunodeficiency", NodeKind.PHENOTYPE),  # a category with no class noun
    # Orphanet diseases carry no mode in HPO: Triple A's is its gene's OMIM disease's; "Bloggs group" has one gene
    # whose diseases record a mode and one whose diseases record none; "Many-gene group" has four genes.
    Concept("NCBIGene:8086", "AAAS", NodeKind.GENE),
    Concept("OMIM:231550", "Achalasia-Addisonianism-Alacrima syndrome", NodeKind.DISEASE),
    Concept("ORPHA:900001", "Bloggs group syndrome", NodeKind.DISEASE),
    Concept("ORPHA:900002", "Many-gene group syndrome", NodeKind.DISEASE),
]


def _edge(subject: str, predicate: str, obj: str, negated: bool = False) -> Relation:
    return Relation(subject, predicate, obj, "HPO", "2025-01-16", negated=negated)


RELATIONS = [
    *(_edge(mode, "is_a", "HP:0000005") for mode in (AD, AR, XL, MT)),
    _edge("OMIM:143100", "has_mode_of_inheritance", AD),
    _edge("OMIM:154700", "has_mode_of_inheritance", AD),
    _edge("OMIM:236200", "has_mode_of_inheritance", AR),
    _edge("OMIM:253200", "has_mode_of_inheritance", AR),
    _edge("HP:0001083", "is_a", "HP:0000517"),
    _edge("OMIM:143100", "has_phenotype", "HP:0002072"),
    _edge("OMIM:236200", "has_phenotype", "HP:0001083"),
    _edge("OMIM:154700", "has_phenotype", "HP:0001083"),
    _edge("OMIM:154700", "has_phenotype", "HP:0001166"),
    _edge("OMIM:154700", "has_phenotype", "HP:0000098"),
    _edge("OMIM:256000", "has_phenotype", "HP:0002376"),
    _edge("NCBIGene:3064", "associated_with", "OMIM:143100"),
    _edge("NCBIGene:2200", "associated_with", "OMIM:154700"),
    _edge("NCBIGene:875", "associated_with", "OMIM:236200"),
    _edge("NCBIGene:411", "associated_with", "OMIM:253200"),
    _edge("NCBIGene:2990", "associated_with", "OMIM:253220"),
    _edge("NCBIGene:2158", "associated_with", "OMIM:306900"),
    _edge("NCBIGene:472", "associated_with", "OMIM:151400"),
    _edge("OMIM:151400", "has_phenotype", "HP:0100827"),
    _edge("ORPHA:869", "has_phenotype", "HP:0002571"),
    _edge("OMIM:616638", "has_phenotype", "HP:0000256"),
    _edge("HP:0031797", "is_a", "HP:0012823"),
    _edge("HP:0003674", "is_a", "HP:0031797"),
    _edge("HP:0003584", "is_a", "HP:0003674"),
    _edge("HP:0040006", "is_a", "HP:0031797"),
    _edge("HP:0001522", "is_a", "HP:0040006"),
    _edge("OMIM:143100", "has_phenotype", "HP:0003584"),
    _edge("OMIM:606069", "has_mode_of_inheritance", AD),
    _edge("HP:0032322", "is_a", "HP:0032319"),
    _edge("OMIM:220500", "has_phenotype", "HP:0000365"),
    _edge("OMIM:220500", "has_phenotype", "HP:0001249"),
    _edge("NCBIGene:57465", "associated_with", "OMIM:220500"),
    _edge("OMIM:151623", "has_phenotype", "HP:0100242"),
    _edge("NCBIGene:324", "associated_with", "OMIM:175100"),
    _edge("NCBIGene:8086", "associated_with", "ORPHA:869"),
    _edge("NCBIGene:8086", "associated_with", "OMIM:231550"),
    _edge("OMIM:231550", "has_mode_of_inheritance", AR),
    _edge("NCBIGene:8086", "associated_with", "ORPHA:900001"),
    _edge("NCBIGene:324", "associated_with", "ORPHA:900001"),
    *(_edge(gene, "associated_with", "ORPHA:900002")
      for gene in ("NCBIGene:8086", "NCBIGene:3064", "NCBIGene:2200", "NCBIGene:875")),
]


def fill_prose_graph(store: GraphStore) -> None:
    store.write_batch(CONCEPTS, RELATIONS)
    store.record_release(Release("HPO", "2025-01-16", "phenotype.hpoa", "sha256:test"))

