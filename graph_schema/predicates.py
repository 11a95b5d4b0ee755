"""The closed vocabulary of canonical predicates and what each one means for reasoning.

Every edge in the graph carries one of these names; the original source relation (UMLS RELA,
DrugBank field, HPO aspect) is kept beside it on the edge. Verification relies on the metadata:
`contradicts` says which claims an edge refutes, `symmetric` and `inverse` say how to read an
edge backwards, and `family` groups predicates a claim may be generalized within.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_schema.kinds import NodeKind


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    label: str  # how the predicate reads in a sentence: "<subject> <label> <object>"
    description: str
    family: str
    symmetric: bool = False
    transitive: bool = False
    inverse: str | None = None
    contradicts: frozenset[str] = field(default_factory=frozenset)
    # `False` for bookkeeping edges (identity, lifecycle) that are not facts about medicine.
    clinical: bool = True
    subject_kinds: frozenset[NodeKind] = field(default_factory=frozenset)
    object_kinds: frozenset[NodeKind] = field(default_factory=frozenset)


_K = NodeKind


def _kinds(*kinds: NodeKind) -> frozenset[NodeKind]:
    return frozenset(kinds)


_VOCABULARY: tuple[Predicate, ...] = (
    Predicate("is_a", "is a", "Subclass: the subject is a more specific kind of the object.",
              "taxonomy", transitive=True),
    Predicate("part_of", "is part of", "The subject is a component of the object.", "structure",
              transitive=True, inverse="has_part"),
    Predicate("has_part", "has part", "The object is a component of the subject.", "structure",
              transitive=True, inverse="part_of"),
    Predicate("has_phenotype", "has phenotype",
              "The subject (a disease or gene) shows the phenotypic feature in the object.", "phenotype",
              subject_kinds=_kinds(_K.DISEASE, _K.GENE), object_kinds=_kinds(_K.PHENOTYPE)),
    Predicate("has_mode_of_inheritance", "has mode of inheritance",
              "The disease follows the inheritance pattern in the object.", "phenotype",
              subject_kinds=_kinds(_K.DISEASE), object_kinds=_kinds(_K.PHENOTYPE)),
    Predicate("has_clinical_course", "has clinical course",
              "Onset or course of the disease (HPO aspect C).", "phenotype",
              subject_kinds=_kinds(_K.DISEASE), object_kinds=_kinds(_K.PHENOTYPE)),
    Predicate("has_clinical_modifier", "has clinical modifier",
              "A modifier of the disease's presentation (HPO aspect M).", "phenotype",
              subject_kinds=_kinds(_K.DISEASE), object_kinds=_kinds(_K.PHENOTYPE)),
    Predicate("associated_with", "is associated with",
              "A documented association with no direction of causality (e.g. gene and disease).",
              "association", symmetric=True),
    Predicate("causes", "causes", "The subject is a cause of the object.", "causal"),
    Predicate("treats", "treats", "The subject (a drug or procedure) is used to treat the object.",
              "therapeutic", contradicts=frozenset({"contraindicated_for", "causes_adverse_effect"}),
              subject_kinds=_kinds(_K.DRUG, _K.CHEMICAL, _K.PROCEDURE)),
    Predicate("may_prevent", "may prevent", "The subject may prevent the object.", "therapeutic",
              contradicts=frozenset({"contraindicated_for"}),
              subject_kinds=_kinds(_K.DRUG, _K.CHEMICAL, _K.PROCEDURE)),
    Predicate("contraindicated_for", "is contraindicated for",
              "The subject must not be given in the condition in the object.", "harm",
              contradicts=frozenset({"treats", "may_prevent"}),
              subject_kinds=_kinds(_K.DRUG, _K.CHEMICAL, _K.PROCEDURE)),
    Predicate("causes_adverse_effect", "can cause the adverse effect",
              "The subject (a drug) can cause the object as an adverse effect.", "harm",
              contradicts=frozenset({"treats"}), subject_kinds=_kinds(_K.DRUG, _K.CHEMICAL)),
    Predicate("interacts_with", "interacts with", "A drug-drug or molecular interaction.", "interaction",
              symmetric=True),
    Predicate("targets", "targets", "The drug acts on the gene product in the object.", "interaction",
              subject_kinds=_kinds(_K.DRUG, _K.CHEMICAL), object_kinds=_kinds(_K.GENE)),
    Predicate("located_in", "is located in", "The finding or process occurs in the anatomy in the object.",
              "structure", object_kinds=_kinds(_K.ANATOMY)),
    Predicate("same_as", "is the same concept as",
              "Cross-source identity from xrefs or alternative ids; clusters are one concept.",
              "identity", symmetric=True, transitive=True, clinical=False),
    Predicate("replaced_by", "is replaced by", "An obsolete id and the id that replaces it.",
              "lifecycle", clinical=False),
)

PREDICATES: dict[str, Predicate] = {p.name: p for p in _VOCABULARY}


class UnknownPredicateError(KeyError):
    """A predicate name outside the closed vocabulary."""


def get_predicate(name: str) -> Predicate:
    try:
        return PREDICATES[name]
    except KeyError:
        raise UnknownPredicateError(
            f"unknown predicate {name!r}; canonical predicates: {', '.join(sorted(PREDICATES))}"
        ) from None


def is_canonical(name: str) -> bool:
    return name in PREDICATES


def contradicting(name: str) -> frozenset[str]:
    """Predicates whose edges refute a claim made with `name`."""
    return get_predicate(name).contradicts
