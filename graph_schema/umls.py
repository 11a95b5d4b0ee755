"""How the UMLS Metathesaurus maps onto kgrag's graph: kinds, identities and relation labels.

Kept as data beside the predicate vocabulary so the mapping is reviewed in one place and the loader
stays a plain streaming pass.

MRREL direction. A row `CUI1|...|REL|CUI2|...|RELA|...` reads "CUI2 is REL/RELA of CUI1": in
the sample release, `Mesna | CHD isa | Mesna 400mg tablet` says the tablet *isa* Mesna, and
`Mesna | has_contraindicated_drug | Drug Allergy` says Drug Allergy *has contraindicated drug* Mesna.
Each mapping below therefore says whether the canonical edge is `CUI2 -> CUI1` (`forward=True`)
or `CUI1 -> CUI2` (`forward=False`). MRREL lists most relations twice (once per direction); both
rows map to the same canonical edge, which keyed upserts store once.

Rule for skipping MRREL rows (documented in the README):
1. SUPPRESS other than `N` (obsolete, editor-suppressed or suppressible), or a CUI relating to itself.
2. Either concept not loaded (filtered out by language, SUPPRESS or `--sab`).
3. A RELA that is not in `RELA_PREDICATES`, unless RELA is empty and REL is CHD or PAR (plain
   hierarchy, taken as `is_a`). Lexical and bookkeeping labels (has_alias, permuted_term,
   entry_version, mapped_to, ...), sibling (SIB), synonymy (SY, RL, RQ), qualifier (AQ, QB) and
   vague broader/narrower/other (RB, RN, RO, RU without a mapped RELA) add no checkable fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_schema.kinds import NodeKind

# Semantic types of the UMLS semantic groups that kgrag gives a specific kind (Semantic Network
# SemGroups). Types of every other group (ACTI, CONC, DEVI, GEOG, LIVB, OBJC, OCCU, ORGA, PHEN,
# PHYS) become `Concept`.
_DISORDER_TUIS = ("T020", "T190", "T049", "T019", "T047", "T050", "T037", "T048", "T191", "T046")
_PHENOTYPE_TUIS = ("T184", "T033")  # Sign or Symptom, Finding
_DRUG_TUIS = ("T121", "T200", "T195")  # Pharmacologic Substance, Clinical Drug, Antibiotic
_CHEMICAL_TUIS = ("T116", "T123", "T122", "T103", "T120", "T104", "T126", "T125", "T129", "T130",
                  "T114", "T109", "T192", "T127", "T131", "T196", "T197")
_GENE_TUIS = ("T028",)  # Gene or Genome
_ANATOMY_TUIS = ("T017", "T029", "T023", "T030", "T031", "T022", "T025", "T026", "T018", "T021", "T024")
_PROCEDURE_TUIS = ("T060", "T065", "T058", "T059", "T063", "T062", "T061")

TUI_KINDS: dict[str, NodeKind] = {
    **{t: NodeKind.DISEASE for t in _DISORDER_TUIS},
    **{t: NodeKind.PHENOTYPE for t in _PHENOTYPE_TUIS},
    **{t: NodeKind.DRUG for t in _DRUG_TUIS},
    **{t: NodeKind.CHEMICAL for t in _CHEMICAL_TUIS},
    **{t: NodeKind.GENE for t in _GENE_TUIS},
    **{t: NodeKind.ANATOMY for t in _ANATOMY_TUIS},
    **{t: NodeKind.PROCEDURE for t in _PROCEDURE_TUIS},
}

# A concept with several semantic types takes the first kind of this list that any of them gives
# (Aspirin is Pharmacologic Substance and Organic Chemical: a Drug).
KIND_PRIORITY: tuple[NodeKind, ...] = (NodeKind.DRUG, NodeKind.DISEASE, NodeKind.PHENOTYPE, NodeKind.GENE,
                                       NodeKind.CHEMICAL, NodeKind.PROCEDURE, NodeKind.ANATOMY)


def kind_for_semantic_types(tuis: list[str] | tuple[str, ...]) -> NodeKind:
    kinds = {TUI_KINDS[t] for t in tuis if t in TUI_KINDS}
    return next((k for k in KIND_PRIORITY if k in kinds), NodeKind.CONCEPT)


@dataclass(frozen=True, slots=True)
class SourceCode:
    """How a source vocabulary's MRCONSO CODE becomes a CURIE that other loads also use."""

    prefix: str
    pattern: re.Pattern[str]  # codes that do not match are not identities (e.g. OMIM allelic variants)
    strip: str = ""  # a prefix the code already carries (HGNC codes read `HGNC:1234`)


def _code(prefix: str, pattern: str, strip: str = "") -> SourceCode:
    return SourceCode(prefix, re.compile(pattern), strip)


# MRCONSO atoms of these sources give the CUI a `same_as` link to the source's own id, so a UMLS
# concept and the HPO term or DrugBank drug it names are one concept. MTHSPL and FDA (FDA SRS)
# substance codes are UNIIs, which the DrugBank vocabulary also carries.
SAB_CURIES: dict[str, SourceCode] = {
    "HPO": _code("HP", r"^HP:\d{7}$", "HP:"),
    "DRUGBANK": _code("DRUGBANK", r"^DB\d{5}$"),
    "MSH": _code("MESH", r"^[CD]\d{6,9}$"),
    "OMIM": _code("OMIM", r"^\d{6}$"),
    "SNOMEDCT_US": _code("SNOMEDCT", r"^\d{6,18}$"),
    "NCI": _code("NCIT", r"^C\d+$"),
    "HGNC": _code("HGNC", r"^HGNC:\d+$", "HGNC:"),
    "ORPHANET": _code("ORPHA", r"^\d+$"),
    "RXNORM": _code("RXNORM", r"^\d+$"),
    "ATC": _code("ATC", r"^[A-Z]\d{2}[A-Z]{0,2}\d{0,2}$"),
    "MTHSPL": _code("UNII", r"^[A-Z0-9]{10}$"),
    "FDA": _code("UNII", r"^[A-Z0-9]{10}$"),
}


def source_curie(sab: str, code: str) -> str | None:
    """The CURIE an MRCONSO (SAB, CODE) pair names, or None when it is not an identity kgrag keeps."""
    rule = SAB_CURIES.get(sab)
    if rule is None or not rule.pattern.match(code):
        return None
    local = code[len(rule.strip):] if rule.strip else code
    return f"{rule.prefix}:{local}"


@dataclass(frozen=True, slots=True)
class RelaMapping:
    predicate: str
    forward: bool  # True: the edge is CUI2 -> CUI1; False: CUI1 -> CUI2


_F, _R = True, False

RELA_PREDICATES: dict[str, RelaMapping] = {
    "isa": RelaMapping("is_a", _F),
    "inverse_isa": RelaMapping("is_a", _R),
    "part_of": RelaMapping("part_of", _F),
    "has_part": RelaMapping("part_of", _R),
    "may_treat": RelaMapping("treats", _F),
    "may_be_treated_by": RelaMapping("treats", _R),
    "may_prevent": RelaMapping("may_prevent", _F),
    "may_be_prevented_by": RelaMapping("may_prevent", _R),
    "contraindicated_with_disease": RelaMapping("contraindicated_for", _F),
    "has_contraindicated_drug": RelaMapping("contraindicated_for", _R),
    "induces": RelaMapping("causes_adverse_effect", _F),
    "induced_by": RelaMapping("causes_adverse_effect", _R),
    "cause_of": RelaMapping("causes", _F),
    "causative_agent_of": RelaMapping("causes", _F),
    "has_causative_agent": RelaMapping("causes", _R),
    "due_to": RelaMapping("causes", _R),
    "has_finding_site": RelaMapping("located_in", _F),
    "finding_site_of": RelaMapping("located_in", _R),
    "has_manifestation": RelaMapping("has_phenotype", _F),
    "manifestation_of": RelaMapping("has_phenotype", _R),
    "associated_with": RelaMapping("associated_with", _F),
    "gene_associated_with_disease": RelaMapping("associated_with", _F),
    "disease_has_associated_gene": RelaMapping("associated_with", _R),
}

# Plain hierarchy rows without a RELA.
REL_PREDICATES: dict[str, RelaMapping] = {
    "CHD": RelaMapping("is_a", _F),  # CUI2 is a child of CUI1
    "PAR": RelaMapping("is_a", _R),  # CUI2 is a parent of CUI1
}


def map_relation(rel: str, rela: str) -> RelaMapping | None:
    if rela:
        return RELA_PREDICATES.get(rela)
    return REL_PREDICATES.get(rel)


# Definitions: the first source of this list that defines a concept wins; others follow in file order.
DEFINITION_SOURCE_RANK: tuple[str, ...] = ("MSH", "NCI", "CSP", "HPO", "MEDLINEPLUS", "NCI_NCI-GLOSS",
                                           "NCI-GLOSS", "PDQ", "GO", "CHV", "MGED", "CDISC", "HL7V3.0")
