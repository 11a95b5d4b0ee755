"""Modes of inheritance read through a disease's genes, for a disease whose source records none.

HPO's annotations give modes of inheritance to OMIM entries and to no Orphanet entry (release 2025-01-16: 8,853
mode edges, every one on an OMIM disease). So "Friedreich ataxia is autosomal recessive", linked to Orphanet's
*Friedreich ataxia*, was `not_in_kg` with no evidence, and "Triple A syndrome is a rare autosomal dominant
disorder" was never flagged, although the graph records FXN for Friedreich ataxia and *Friedreich ataxia 1*
(OMIM) as autosomal recessive, and AAAS for Triple A syndrome and *Achalasia-Addisonianism-Alacrima syndrome*
(OMIM) as autosomal recessive. A curator reads the mode through the genes; so does this module:

- only for a disease of a namespace that has no mode edge anywhere in the graph (the source's silence). An OMIM
  entry without a mode is a statement of its own (a susceptibility, a somatic condition), so it is never read
  through its genes; when a later load gives Orphanet modes, Orphanet stops qualifying by itself;
- only for a disease with 1 to `max_genes` recorded genes, the bar under which the verifier already takes a
  disease's genes as recorded completely (`GENE_CONFLICT_MAX`, chosen on the gold set for gene conflicts): a group
  with many genes (Noonan syndrome, 14) gathers the modes of every cancer its genes also cause;
- the modes are those recorded for every disease of those genes; each mode keeps the edges that derive it (gene to
  the disease, gene to the moded disease, that disease's mode) as the claim's evidence;
- `complete` says every gene has at least one disease with a recorded mode: only then may a claimed mode that is
  none of them contradict the claim (a gene whose diseases record no mode could hold the missing one).

Measured on real text (README, claims section): of the ten held-out reads' mode claims on Orphanet diseases, the
ones this reads are all true statements the graph now supports with evidence, and none is contradicted; on the
corrupted set it flags "Triple A syndrome is autosomal dominant" and the denial of its recessive mode.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass, field
from functools import cached_property

from kgrag.graph.base import GraphReader
from kgrag.records import Relation

MODE_PREDICATE = "has_mode_of_inheritance"
GENE_DISEASE_PREDICATES = ("associated_with", "causes")
# Edges read per gene: HPO's most connected genes have about 60 diseases.
_GENE_EDGE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class GeneModes:
    """The modes of inheritance recorded for a disease's genes' diseases, each with the edges that derive it."""

    modes: dict[str, list[Relation]] = field(default_factory=dict)
    complete: bool = False


class GeneModeReader:
    """Reads a disease's modes of inheritance through its few recorded genes (see the module docstring)."""

    def __init__(self, store: GraphReader, kind: Callable[[str], str | None], max_genes: int) -> None:
        if max_genes < 1:
            raise ValueError(f"max_genes must be at least 1, got {max_genes}")
        self.store = store
        self.kind = kind
        self.max_genes = max_genes

    @cached_property
    def _moded_namespaces(self) -> frozenset[str]:
        """The id prefixes of diseases with a recorded mode: read once, on first use (about 9k edges)."""
        return frozenset(_namespace(e.subject) for e in self.store.iter_relations([MODE_PREDICATE]))

    def read(self, diseases: Set[str]) -> GeneModes | None:
        """The gene-derived modes of `diseases` (one disease's `same_as` cluster), or None where the rule does not
        apply: a disease of a namespace with recorded modes, or with no or too many recorded genes."""
        if not diseases or any(_namespace(d) in self._moded_namespaces for d in diseases):
            return None
        to_disease = [e for e in self._edges(sorted(diseases)) if e.object in diseases and not e.negated
                      and self.kind(e.subject) == "Gene"]
        genes = sorted({e.subject for e in to_disease})
        if not 1 <= len(genes) <= self.max_genes:
            return None
        modes: dict[str, list[Relation]] = {}
        moded_genes: set[str] = set()
        for gene in genes:
            via = next(e for e in to_disease if e.subject == gene)
            for edge in self._edges([gene]):
                if edge.subject != gene or edge.negated or edge.object in diseases \
                        or self.kind(edge.object) != "Disease":
                    continue
                for mode in self._modes(edge.object):
                    moded_genes.add(gene)
                    modes.setdefault(mode.object, [via, edge, mode])
        return GeneModes(modes, complete=moded_genes == set(genes))

    def _edges(self, ids: list[str]) -> list[Relation]:
        return list(self.store.neighbors(ids, hops=1, predicates=list(GENE_DISEASE_PREDICATES),
                                         limit=_GENE_EDGE_LIMIT).relations)

    def _modes(self, disease: str) -> list[Relation]:
        return [e for e in self.store.neighbors([disease], hops=1, predicates=[MODE_PREDICATE], limit=50).relations
                if e.subject == disease and not e.negated]


def _namespace(concept_id: str) -> str:
    return concept_id.split(":", 1)[0]
