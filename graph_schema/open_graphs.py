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
