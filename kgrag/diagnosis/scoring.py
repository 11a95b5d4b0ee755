"""Scores of every candidate disease for a patient's observed and excluded HPO terms.

Both scorers share one shape: for each observed term q and each disease d, the best value over q's ancestors t
that d implies (t is at or above one of d's annotations: the "most informative common ancestor"), combined
over the patient's terms. "All" and "Phenotypic abnormality" are left out: every disease implies them.

- `PhenomizerScorer`, the baseline (Köhler et al., 2009, one-sided): the mean over q of IC(t), the information
  content -log P(t) of the most informative common ancestor, P(t) being the share of diseases implying t.
  Frequencies and excluded findings are not used.
- `AnnotationScorer`, the product's: the sum over q of max_t [IC(t) + w log f(d, t)], floored at 0, where
  f(d, t) is the highest frequency among d's annotations at or below t (smoothed, see
  `kgrag.diagnosis.frequency`). With w = 1 the term is the log likelihood ratio log f(d, t) / P(t) of LIRICAL
  (Robinson et al., 2020); recorded frequencies are mostly small cohorts, and on the phenopacket dev cases the
  full ratio ranked worse than plain information content (top-1 0.354 against 0.361), while a shrunk weight
  w = 0.2 ranked best (0.379) and breaks the ties plain IC leaves among diseases with the same annotations.
  A curated NOT annotation of d on q (or an ancestor of q) means d does not explain q (value 0). An excluded
  term x costs w log(1 - 0.95 f(d, x)) when d shows x almost always (f >= 0.95: HPO's "Obligate", or a
  smoothed cohort fraction that high, which takes at least 18 of 18 patients). Below that an absent finding
  says little: case reports list as absent the features the suspected disease is known for (a selection
  bias), and on the dev cases counting "very frequent" (>= 80%) features found absent lowered top-3 from
  0.439 to 0.430, while the obligate-only rule raised every metric slightly over ignoring excluded findings.

Every choice above is measured by `benchmarks/bench_ddx.py` (README "Differential diagnosis"). Ties are broken
by disease id so the order shown is deterministic; `kgrag eval ddx` scores a tie by its expected rank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from kgrag.diagnosis.phenotype_model import ROOT, FloatArray, PhenotypeModel

GENERAL_TERMS = frozenset({ROOT, "HP:0000118"})
""""All" and "Phenotypic abnormality": every disease implies them, so matching through them explains nothing."""
ALMOST_ALWAYS = 0.95
"""How often a disease must show a feature for its absence to count against the disease (module docstring)."""
_ABSENT_FLOOR = 0.05  # an obligate feature found absent still leaves room for a wrong annotation or a missed sign


@dataclass(frozen=True, slots=True)
class TermExplanation:
    """How one disease explains one observed term: through which ancestor, with what value."""

    via: int  # the common ancestor's term index, -1 when the disease explains the term not at all
    value: float  # the term's contribution to the disease's score


class Scorer(Protocol):
    """Ranks every disease of a model for observed and excluded term indices (higher is better)."""

    @property
    def name(self) -> str: ...

    def scores(self, model: PhenotypeModel, observed: Sequence[int], excluded: Sequence[int]) -> FloatArray: ...

    def explain(self, model: PhenotypeModel, disease: int, observed: int) -> TermExplanation: ...

    def excluded_value(self, model: PhenotypeModel, disease: int, excluded: int) -> float: ...


def specific_ancestors(model: PhenotypeModel, term: int) -> list[int]:
    """The term and its ancestors, less the two that every disease implies."""
    return [t for t in model.ancestors[term].tolist() if model.terms[t] not in GENERAL_TERMS]


def implied_frequency(model: PhenotypeModel, disease: int, term: int) -> float:
    """f(disease, term): the highest frequency among the disease's annotations at or below the term (0: none)."""
    column = model.columns[term]
    at = int(np.searchsorted(column.diseases, disease))
    if at < len(column.diseases) and column.diseases[at] == disease:
        return float(column.frequencies[at])
    return 0.0


class PhenomizerScorer:
    """The baseline: mean over observed terms of the information content of the most informative common
    ancestor (module docstring)."""

    name = "phenomizer"

    def scores(self, model: PhenotypeModel, observed: Sequence[int], excluded: Sequence[int]) -> FloatArray:
        total = np.zeros(len(model.diseases), dtype=np.float64)
        for q in observed:
            best = np.zeros(len(model.diseases), dtype=np.float64)
            for t in specific_ancestors(model, q):
                column = model.columns[t]
                best[column.diseases] = np.maximum(best[column.diseases], model.information_content[t])
            total += best
        return total / max(1, len(observed))

    def explain(self, model: PhenotypeModel, disease: int, observed: int) -> TermExplanation:
        best = TermExplanation(-1, 0.0)
        for t in specific_ancestors(model, observed):
            if implied_frequency(model, disease, t) > 0 and model.information_content[t] > best.value:
                best = TermExplanation(t, float(model.information_content[t]))
        return best

    def excluded_value(self, model: PhenotypeModel, disease: int, excluded: int) -> float:
        return 0.0


@dataclass(frozen=True, slots=True)
class AnnotationScorer:
    """Information content with shrunk log frequencies, curated NOT annotations and features found absent that
    the disease almost always shows (module docstring)."""

    frequency_weight: float = 0.2
    use_excluded: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.frequency_weight <= 1:
            raise ValueError(f"frequency_weight must be in [0, 1], got {self.frequency_weight}")

    @property
    def name(self) -> str:
        return f"annotation (w={self.frequency_weight:g}{', excluded' if self.use_excluded else ''})"

    def _values(self, model: PhenotypeModel, t: int) -> FloatArray:
        column = model.columns[t]
        return model.information_content[t] + self.frequency_weight * np.log(column.frequencies)

    def scores(self, model: PhenotypeModel, observed: Sequence[int], excluded: Sequence[int]) -> FloatArray:
        n = len(model.diseases)
        total = np.zeros(n, dtype=np.float64)
        for q in observed:
            best = np.zeros(n, dtype=np.float64)
            for t in specific_ancestors(model, q):
                column = model.columns[t]
                best[column.diseases] = np.maximum(best[column.diseases], self._values(model, t))
            best[model.diseases_negating(q)] = 0.0
            total += best
        if self.use_excluded:
            for x in excluded:
                column = model.columns[x]
                frequent = column.frequencies >= ALMOST_ALWAYS
                total[column.diseases[frequent]] += self._absent(column.frequencies[frequent])
        return total

    def _absent(self, frequencies: FloatArray) -> FloatArray:
        return self.frequency_weight * np.log(1 - (1 - _ABSENT_FLOOR) * frequencies)

    def explain(self, model: PhenotypeModel, disease: int, observed: int) -> TermExplanation:
        if disease in model.diseases_negating(observed):
            return TermExplanation(-1, 0.0)
        best = TermExplanation(-1, 0.0)
        for t in specific_ancestors(model, observed):
            f = implied_frequency(model, disease, t)
            if f > 0:
                value = float(model.information_content[t] + self.frequency_weight * np.log(f))
                if value > best.value:
                    best = TermExplanation(t, value)
        return best

    def excluded_value(self, model: PhenotypeModel, disease: int, excluded: int) -> float:
        f = implied_frequency(model, disease, excluded)
        if not self.use_excluded or f < ALMOST_ALWAYS:
            return 0.0
        return float(self._absent(np.array([f]))[0])
