"""The phenotype model differential diagnosis ranks with, read once from the graph.

It holds HPO's `is_a` hierarchy (every term's ancestors), each candidate disease's phenotype annotations with
their frequencies and its curated NOT annotations, and two statistics per term over the candidate diseases:
how many diseases have an annotation that implies the term (the term or a descendant: the "true path rule"),
which gives its information content, and the frequency-weighted share of diseases showing it, which is its
background probability in a likelihood ratio.

Scoring asks one question many times: for this term, which diseases imply it, and with what frequency? The
answer is kept as one contiguous slice per term (a column layout built with numpy), so a case of 15 terms
touches a few hundred thousand numbers in vectorized steps and ranks 8,000 diseases in milliseconds. numpy
rather than scipy.sparse or networkx: the one operation needed is a slice and an elementwise max, and numpy is
already a dependency; a graph library would cost a Python object per edge for no gain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kgrag.diagnosis.frequency import estimate_frequency
from kgrag.errors import UserError
from kgrag.graph.base import GraphReader

ROOT = "HP:0000001"  # "All": every term's ancestor, implied by every disease
PHENOTYPE_PREFIX = "HP:"
DEFAULT_DATABASES: tuple[str, ...] = ("OMIM",)
"""OMIM by default, as Phenomizer, LIRICAL and Exomiser rank: ORPHA and DECIPHER describe many of the same
diseases again, and with no OMIM-ORPHA mapping in HPO's files a twin would crowd the list."""

_READ_PREDICATES = ("is_a", "has_phenotype", "replaced_by", "same_as")

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


class NoPhenotypeModelError(UserError):
    """The graph has no HPO hierarchy or no disease annotations to rank with."""


@dataclass(frozen=True, slots=True)
class Annotation:
    """One disease-phenotype annotation: the term's index, its probability and the frequency as recorded."""

    term: int
    frequency: float
    recorded: str  # "HP:0040281", "3/4", "20%" or "" when the source gives none


@dataclass(frozen=True, slots=True)
class TermColumn:
    """The diseases whose annotations imply one term, with the highest frequency that implies it."""

    diseases: IntArray
    frequencies: FloatArray


class PhenotypeModel:
    """HPO terms, candidate diseases and their annotations, indexed for scoring (see the module docstring)."""

    def __init__(self, terms: Sequence[str], term_names: Mapping[str, str], parents: Mapping[str, Iterable[str]],
                 diseases: Sequence[str], disease_names: Mapping[str, str],
                 annotations: Mapping[str, Iterable[tuple[str, str]]], negated: Mapping[str, Iterable[str]],
                 aliases: Mapping[str, str], *, unrecorded_frequency: float, databases: Sequence[str],
                 obsolete: Iterable[str] = (), term_synonyms: Mapping[str, Sequence[str]] | None = None,
                 smooth_fractions: bool = True) -> None:
        if not 0 < unrecorded_frequency <= 1:
            raise ValueError(f"unrecorded_frequency must be in (0, 1], got {unrecorded_frequency}")
        self.terms: tuple[str, ...] = tuple(terms)
        self.index: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        self.term_names = dict(term_names)
        self.term_synonyms = {t: tuple(v) for t, v in (term_synonyms or {}).items()}
        self.aliases = {old: new for old, new in aliases.items() if new in self.index}
        self.obsolete = frozenset(obsolete)  # ids whose alias is a replacement (the rest are alt_ids)
        self.databases = tuple(databases)
        self.unrecorded_frequency = unrecorded_frequency
        self.smooth_fractions = smooth_fractions
        self.ancestors: tuple[IntArray, ...] = self._ancestors(parents)
        self._ancestor_sets: tuple[frozenset[int], ...] = tuple(frozenset(a.tolist()) for a in self.ancestors)
        self.diseases: tuple[str, ...] = tuple(diseases)
        self.disease_index: dict[str, int] = {d: i for i, d in enumerate(self.diseases)}
        self.disease_names = dict(disease_names)
        self.annotations: tuple[tuple[Annotation, ...], ...] = tuple(
            self._annotations(annotations.get(d, ())) for d in self.diseases)
        self.negated: tuple[frozenset[int], ...] = tuple(
            frozenset(self.index[t] for t in negated.get(d, ()) if t in self.index) for d in self.diseases)
        self.columns: tuple[TermColumn, ...] = self._columns()
        n = max(1, len(self.diseases))
        self.disease_count = np.array([len(c.diseases) for c in self.columns], dtype=np.float64)
        # Information content of a term: -log of the share of diseases that imply it. A term no disease implies
        # never is a common ancestor, so its value is never read; it gets the rarest possible share.
        self.information_content = -np.log(np.maximum(self.disease_count, 1.0) / n)
        # Background probability: the mean over diseases of P(term | disease), smoothed by one pseudo-disease
        # showing every term with the unrecorded frequency, so no term has probability 0.
        implied = np.array([c.frequencies.sum() for c in self.columns], dtype=np.float64)
        self.background = (implied + unrecorded_frequency) / (n + 1)
        self._negated_by_term: dict[int, list[int]] = defaultdict(list)
        for d, terms_not in enumerate(self.negated):
            for t in terms_not:
                self._negated_by_term[t].append(d)

    # -- building -------------------------------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: GraphReader, *, databases: Sequence[str] = DEFAULT_DATABASES,
                   unrecorded_frequency: float = 0.5, smooth_fractions: bool = True) -> PhenotypeModel:
        """Read the hierarchy and the annotations of diseases whose ids start with one of `databases` (one pass
        over four predicates); names come from the concepts. Raises NoPhenotypeModelError when the graph has no
        HPO hierarchy or no annotated disease of those databases."""
        prefixes = tuple(f"{db.upper().rstrip(':')}:" for db in databases)
        parents: dict[str, list[str]] = defaultdict(list)
        annotations: dict[str, list[tuple[str, str]]] = defaultdict(list)
        negated: dict[str, list[str]] = defaultdict(list)
        aliases: dict[str, str] = {}
        obsolete: set[str] = set()
        for r in store.iter_relations(_READ_PREDICATES):
            if not r.object.startswith(PHENOTYPE_PREFIX):
                continue
            if r.predicate == "is_a":
                if r.subject.startswith(PHENOTYPE_PREFIX) and not r.negated:
                    parents[r.subject].append(r.object)
            elif r.predicate == "has_phenotype":
                if not r.subject.startswith(prefixes):
                    continue
                written = r.evidence.get("frequency", "")
                written = written if isinstance(written, str) else ""
                if r.negated or estimate_frequency(written, 1.0) == 0:
                    negated[r.subject].append(r.object)
                else:
                    annotations[r.subject].append((r.object, written))
            elif r.predicate == "replaced_by" and r.subject.startswith(PHENOTYPE_PREFIX):
                aliases[r.subject] = r.object
                obsolete.add(r.subject)
            elif r.predicate == "same_as" and r.subject.startswith(PHENOTYPE_PREFIX) \
                    and r.source_relation == "alt_id":
                aliases[r.object] = r.subject  # HPO writes "primary same_as alternative id"
        if not parents:
            raise NoPhenotypeModelError(
                "The graph has no HPO hierarchy (no HP: is_a edges). Load HPO first: `kgrag ingest hpo`.")
        if not annotations:
            raise NoPhenotypeModelError(
                f"The graph has no phenotype annotations of {', '.join(databases)} diseases. Load HPO with its "
                "phenotype.hpoa (`kgrag ingest hpo`), or choose databases it annotates (OMIM, ORPHA, DECIPHER).")
        term_ids = sorted({*parents, *(p for ps in parents.values() for p in ps), ROOT})
        concepts = store.get_many([*term_ids, *annotations])
        terms = [t for t in term_ids if t in concepts or t == ROOT]
        diseases = sorted(annotations)
        return cls(terms, {t: concepts[t].name for t in terms if t in concepts}, parents, diseases,
                   {d: concepts[d].name for d in diseases if d in concepts}, annotations, negated, aliases,
                   unrecorded_frequency=unrecorded_frequency, databases=databases, obsolete=obsolete,
                   term_synonyms={t: concepts[t].synonyms for t in terms if t in concepts},
                   smooth_fractions=smooth_fractions)

    def _ancestors(self, parents: Mapping[str, Iterable[str]]) -> tuple[IntArray, ...]:
        """Each term's ancestors and itself, by memoized depth-first search (the hierarchy is a DAG)."""
        parent_index = {self.index[c]: [self.index[p] for p in ps if p in self.index]
                        for c, ps in parents.items() if c in self.index}
        memo: dict[int, frozenset[int]] = {}

        def up(term: int) -> frozenset[int]:
            stack, order = [term], []
            while stack:  # iterative post-order, so a deep hierarchy cannot exhaust the recursion limit
                node = stack[-1]
                pending = [p for p in parent_index.get(node, ()) if p not in memo and p not in order]
                if pending:
                    stack.extend(pending)
                    continue
                stack.pop()
                if node not in memo:
                    memo[node] = frozenset({node}).union(*(memo[p] for p in parent_index.get(node, ())))
                    order.append(node)
            return memo[term]

        return tuple(np.fromiter(sorted(up(i)), dtype=np.int32) for i in range(len(self.terms)))

    def _annotations(self, rows: Iterable[tuple[str, str]]) -> tuple[Annotation, ...]:
        best: dict[int, Annotation] = {}
        for term, written in rows:
            index = self.index.get(self.aliases.get(term, term))
            if index is None:
                continue
            frequency = estimate_frequency(written, self.unrecorded_frequency, smooth=self.smooth_fractions)
            annotation = Annotation(index, frequency, written)
            if index not in best or annotation.frequency > best[index].frequency:
                best[index] = annotation
        return tuple(sorted(best.values(), key=lambda a: a.term))

    def _columns(self) -> tuple[TermColumn, ...]:
        """For every term, the diseases whose annotations imply it and the highest implying frequency."""
        rows: list[IntArray] = []
        cols: list[IntArray] = []
        vals: list[FloatArray] = []
        for d, disease_annotations in enumerate(self.annotations):
            implied: dict[int, float] = {}
            for a in disease_annotations:
                for t in self.ancestors[a.term].tolist():
                    if implied.get(t, -1.0) < a.frequency:
                        implied[t] = a.frequency
            cols.append(np.fromiter(implied.keys(), dtype=np.int32, count=len(implied)))
            vals.append(np.fromiter(implied.values(), dtype=np.float64, count=len(implied)))
            rows.append(np.full(len(implied), d, dtype=np.int32))
        if not rows:
            empty = TermColumn(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))
            return tuple(empty for _ in self.terms)
        row, col, val = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        order = np.lexsort((row, col))
        row, col, val = row[order], col[order], val[order]
        bounds = np.searchsorted(col, np.arange(len(self.terms) + 1))
        return tuple(TermColumn(row[bounds[t]:bounds[t + 1]], val[bounds[t]:bounds[t + 1]])
                     for t in range(len(self.terms)))

    # -- reading --------------------------------------------------------------------------------------------

    def resolve(self, term_id: str) -> str | None:
        """The current id of a term: itself, its replacement when obsolete, its primary id when an alt_id."""
        if term_id in self.index:
            return term_id
        return self.aliases.get(term_id)

    def is_ancestor(self, ancestor: int, term: int) -> bool:
        """True when `ancestor` is `term` or one of its ancestors."""
        return ancestor in self._ancestor_sets[term]

    def diseases_negating(self, term: int) -> list[int]:
        """Diseases with a curated NOT annotation on `term` or one of its ancestors."""
        found: set[int] = set()
        for t in self.ancestors[term].tolist():
            found.update(self._negated_by_term.get(t, ()))
        return sorted(found)

    def name(self, term: int) -> str:
        term_id = self.terms[term]
        return self.term_names.get(term_id, term_id)

    @property
    def annotation_counts(self) -> FloatArray:
        return np.array([len(a) for a in self.annotations], dtype=np.float64)

    def describe(self) -> str:
        return (f"{len(self.diseases):,} {'/'.join(self.databases)} diseases, "
                f"{sum(len(a) for a in self.annotations):,} annotations, {len(self.terms):,} HPO terms")
