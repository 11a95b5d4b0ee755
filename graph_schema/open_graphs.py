"""How open knowledge graphs map onto the graph's kinds and closed predicate vocabulary.

One row per source relation: the canonical predicate it becomes and whether the edge is read backwards
(`reverse`: the source's target becomes the subject, so "Disease associates Gene" is stored as HPO stores it,
gene `associated_with` disease). A relation with no row is not guessed at: the loader counts it by name and
reports it (`unmapped`), so a user sees exactly what was left out. Node kinds map to `NodeKind` and to the
CURIE prefix their local ids take.

Hetionet v1.0 (Himmelstein et al., 2017; metaedge abbreviations as in `hetionet-v1.0-metaedges.tsv`).
Expression, regulation, co-variation, resemblance and pathway/GO participation edges have no canonical
predicate here and stay out, reported with their counts; "palliates" is not "treats" and stays out too.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_schema.kinds import NodeKind
from graph_schema.predicates import PREDICATES


@dataclass(frozen=True, slots=True)
class RelationMapping:
    source: str
    relation: str  # as the source writes it
    predicate: str  # canonical
    reverse: bool = False  # store target -> source
    meaning: str = ""
    subject_kind: str = ""  # for sources that write each edge in both directions: the kind the subject has
    negated: bool = False


@dataclass(frozen=True, slots=True)
class KindMapping:
    source_kind: str
    kind: NodeKind
    prefix: str  # the CURIE prefix of the kind's local ids ("" when the local id is a CURIE already)


def _rows(source: str, *rows: tuple[str, str, bool, str]) -> dict[str, RelationMapping]:
    mapped = {relation: RelationMapping(source, relation, predicate, reverse, meaning)
              for relation, predicate, reverse, meaning in rows}
    unknown = {m.predicate for m in mapped.values()} - set(PREDICATES)
    if unknown:
        raise ValueError(f"{source} mapping names predicates outside the vocabulary: {sorted(unknown)}")
    return mapped


HETIONET_RELATIONS: dict[str, RelationMapping] = _rows(
    "Hetionet",
    ("CtD", "treats", False, "Compound - treats - Disease"),
    ("DaG", "associated_with", True, "Disease - associates - Gene (stored gene -> disease, as HPO does)"),
    ("CcSE", "causes_adverse_effect", False, "Compound - causes - Side Effect"),
    ("DpS", "has_phenotype", False, "Disease - presents - Symptom"),
    ("DlA", "located_in", False, "Disease - localizes - Anatomy"),
    ("CbG", "targets", False, "Compound - binds - Gene"),
    ("GiG", "interacts_with", False, "Gene - interacts - Gene"),
    ("PCiC", "is_a", True, "Pharmacologic Class - includes - Compound (stored compound is_a class)"),
)

HETIONET_KINDS: dict[str, KindMapping] = {k.source_kind: k for k in (
    KindMapping("Gene", NodeKind.GENE, "NCBIGene"),
    KindMapping("Disease", NodeKind.DISEASE, ""),  # DOID:... already
    KindMapping("Compound", NodeKind.DRUG, "DRUGBANK"),
    KindMapping("Anatomy", NodeKind.ANATOMY, ""),  # UBERON:...
    KindMapping("Side Effect", NodeKind.PHENOTYPE, "UMLS"),  # SIDER side effects are UMLS CUIs
    KindMapping("Symptom", NodeKind.PHENOTYPE, "MESH"),
    KindMapping("Pharmacologic Class", NodeKind.CONCEPT, "NDFRT"),
    KindMapping("Biological Process", NodeKind.CONCEPT, ""),  # GO:...
    KindMapping("Cellular Component", NodeKind.CONCEPT, ""),
    KindMapping("Molecular Function", NodeKind.CONCEPT, ""),
    KindMapping("Pathway", NodeKind.CONCEPT, "PATHWAY"),
)}


# PrimeKG (Chandak et al., 2023; `kg.csv` of the Harvard Dataverse release). kg.csv writes every edge twice,
# once from each end, so a mapping names the kind its subject has and the loader orients each row by it.
# disease_disease and phenotype_phenotype are parent-child links whose direction the file does not say, and
# expression, GO, pathway and exposure edges have no canonical predicate: all are counted and reported.
PRIMEKG_RELATIONS: dict[str, RelationMapping] = {m.relation: m for m in (
    RelationMapping("PrimeKG", "indication", "treats", meaning="drug indication", subject_kind="drug"),
    RelationMapping("PrimeKG", "off-label use", "treats", meaning="drug used off-label for the disease (the edge's "
                    "source relation says so)", subject_kind="drug"),
    RelationMapping("PrimeKG", "contraindication", "contraindicated_for", subject_kind="drug"),
    RelationMapping("PrimeKG", "drug_effect", "causes_adverse_effect", meaning="SIDER side effect",
                    subject_kind="drug"),
    RelationMapping("PrimeKG", "drug_protein", "targets", meaning="target, enzyme, carrier or transporter",
                    subject_kind="drug"),
    RelationMapping("PrimeKG", "drug_drug", "interacts_with", subject_kind="drug"),
    RelationMapping("PrimeKG", "disease_phenotype_positive", "has_phenotype", subject_kind="disease"),
    RelationMapping("PrimeKG", "disease_phenotype_negative", "has_phenotype", negated=True, subject_kind="disease"),
    RelationMapping("PrimeKG", "disease_protein", "associated_with", meaning="stored gene -> disease, as HPO does",
                    subject_kind="gene/protein"),
    RelationMapping("PrimeKG", "phenotype_protein", "has_phenotype", subject_kind="gene/protein"),
    RelationMapping("PrimeKG", "protein_protein", "interacts_with", subject_kind="gene/protein"),
)}
if {m.predicate for m in PRIMEKG_RELATIONS.values()} - set(PREDICATES):
    raise ValueError("PrimeKG mapping names predicates outside the vocabulary")

PRIMEKG_KINDS: dict[str, NodeKind] = {
    "gene/protein": NodeKind.GENE, "drug": NodeKind.DRUG, "effect/phenotype": NodeKind.PHENOTYPE,
    "disease": NodeKind.DISEASE, "anatomy": NodeKind.ANATOMY, "exposure": NodeKind.CHEMICAL,
    "biological_process": NodeKind.CONCEPT, "molecular_function": NodeKind.CONCEPT,
    "cellular_component": NodeKind.CONCEPT, "pathway": NodeKind.CONCEPT,
}
# PrimeKG's node sources -> (CURIE prefix, zero-padded width of the local id; 0: as written)
PRIMEKG_ID_SOURCES: dict[str, tuple[str, int]] = {
    "NCBI": ("NCBIGene", 0), "DrugBank": ("DRUGBANK", 0), "HPO": ("HP", 7), "MONDO": ("MONDO", 7),
    "GO": ("GO", 7), "UBERON": ("UBERON", 7), "REACTOME": ("REACTOME", 0), "CTD": ("MESH", 0),
    "MONDO_grouped": ("PRIMEKG.MONDO_GROUPED", 0),
}

# KGX (Biolink model) node categories and edge predicates, as Monarch, RTX-KG2 and ROBOKOP publish them. A node
# lists several categories (most specific first, "|"-separated in TSV); the first one with a row decides its
# kind. Predicates without a row here ("related_to", "affects", "correlated_with", ...) are counted and reported.
KGX_CATEGORIES: dict[str, NodeKind] = {
    "biolink:Disease": NodeKind.DISEASE, "biolink:DiseaseOrPhenotypicFeature": NodeKind.DISEASE,
    "biolink:PhenotypicFeature": NodeKind.PHENOTYPE, "biolink:Gene": NodeKind.GENE,
    "biolink:Drug": NodeKind.DRUG, "biolink:SmallMolecule": NodeKind.CHEMICAL,
    "biolink:ChemicalEntity": NodeKind.CHEMICAL, "biolink:MolecularMixture": NodeKind.CHEMICAL,
    "biolink:AnatomicalEntity": NodeKind.ANATOMY, "biolink:GrossAnatomicalStructure": NodeKind.ANATOMY,
    "biolink:Cell": NodeKind.ANATOMY, "biolink:Procedure": NodeKind.PROCEDURE,
}
KGX_PREDICATES: dict[str, RelationMapping] = {m.relation: m for m in (
    RelationMapping("KGX", "biolink:treats", "treats"),
    RelationMapping("KGX", "biolink:contraindicated_in", "contraindicated_for"),
    RelationMapping("KGX", "biolink:contraindicated_for", "contraindicated_for"),
    RelationMapping("KGX", "biolink:preventative_for_condition", "may_prevent"),
    RelationMapping("KGX", "biolink:has_phenotype", "has_phenotype"),
    RelationMapping("KGX", "biolink:has_mode_of_inheritance", "has_mode_of_inheritance"),
    RelationMapping("KGX", "biolink:gene_associated_with_condition", "associated_with"),
    RelationMapping("KGX", "biolink:condition_associated_with_gene", "associated_with", reverse=True),
    RelationMapping("KGX", "biolink:associated_with", "associated_with"),
    RelationMapping("KGX", "biolink:causes", "causes"),
    RelationMapping("KGX", "biolink:has_adverse_event", "causes_adverse_effect"),
    RelationMapping("KGX", "biolink:has_side_effect", "causes_adverse_effect"),
    RelationMapping("KGX", "biolink:interacts_with", "interacts_with"),
    RelationMapping("KGX", "biolink:physically_interacts_with", "interacts_with"),
    RelationMapping("KGX", "biolink:directly_physically_interacts_with", "interacts_with"),
    RelationMapping("KGX", "biolink:subclass_of", "is_a"),
    RelationMapping("KGX", "biolink:part_of", "part_of"),
    RelationMapping("KGX", "biolink:has_part", "has_part"),
    RelationMapping("KGX", "biolink:located_in", "located_in"),
    RelationMapping("KGX", "biolink:same_as", "same_as"),
    RelationMapping("KGX", "biolink:exact_match", "same_as"),
)}
if {m.predicate for m in KGX_PREDICATES.values()} - set(PREDICATES):
    raise ValueError("KGX mapping names predicates outside the vocabulary")
