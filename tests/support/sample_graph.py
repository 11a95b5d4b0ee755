"""The small graph the GraphStore conformance suite (and the Neo4j backend's own tests) write into every
backend: phenotypes with synonyms and an obsolete term, two diseases (one with accents), a gene, identity and
lifecycle edges."""

from __future__ import annotations

from graph_schema import NodeKind
from kgrag.records import Concept, Relation

P, D, G = NodeKind.PHENOTYPE, NodeKind.DISEASE, NodeKind.GENE


def rel(s: str, p: str, o: str, **kw: object) -> Relation:
    return Relation(s, p, o, source=str(kw.pop("source", "TEST")), **kw)  # type: ignore[arg-type]


CONCEPTS = [
    Concept("HP:0000118", "Phenotypic abnormality", P, sources=("TEST",)),
    Concept("HP:0001250", "Seizure", P, synonyms=("Epileptic seizure", "Seizures"), sources=("TEST",),
            definition="An intermittent abnormality of nervous system physiology."),
    Concept("HP:0001166", "Arachnodactyly", P, synonyms=("Spider fingers",)),
    Concept("HP:0000098", "Tall stature", P),
    Concept("HP:0000003", "Multicystic kidney dysplasia", P),
    Concept("HP:0000113", "Polycystic kidney dysplasia", P),
    Concept("HP:0000284", "obsolete Seizure-like episode", P, obsolete=True),
    Concept("OMIM:154700", "Marfan syndrome", D),
    Concept("OMIM:100000", "Crème brûlée encephalopathy", D),
    Concept("NCBIGene:2200", "FBN1", G),
]
RELATIONS = [
    rel("HP:0001250", "is_a", "HP:0000118"),
    rel("HP:0001166", "is_a", "HP:0000118"),
    rel("HP:0000098", "is_a", "HP:0000118"),
    rel("OMIM:154700", "has_phenotype", "HP:0001166", evidence={"references": ("PMID:1",), "frequency": "5/6"}),
    rel("OMIM:154700", "has_phenotype", "HP:0000098"),
    rel("OMIM:100000", "has_phenotype", "HP:0001250"),
    rel("OMIM:100000", "has_phenotype", "HP:0001166", negated=True),
    rel("NCBIGene:2200", "associated_with", "OMIM:154700"),
    rel("HP:0001250", "same_as", "UMLS:C0036572", source_relation="xref"),
    rel("HP:0001250", "same_as", "HP:0002279", source_relation="alt_id"),
    rel("HP:0000003", "same_as", "UMLS:C3714581", source_relation="xref"),
    rel("HP:0000113", "same_as", "UMLS:C3714581", source_relation="xref"),
    rel("HP:0000284", "replaced_by", "HP:0001250"),
]
