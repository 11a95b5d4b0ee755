"""Findings in, ranked diseases with their evidence out: the differential diagnosis facade.

A finding is an HPO id (obsolete ids and alt_ids are mapped to the current term), a term name, or free text,
which the linker reads (the dictionary first, the dense fallback for wording the dictionary lacks); a negated
mention in free text ("no seizures") becomes an excluded finding. Every candidate carries which of the
patient's findings matched which of its annotations, through which common ancestor, with the annotation's
recorded frequency, which findings it does not explain, and which excluded findings count against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from kgrag.diagnosis.phenotype_model import Annotation, PhenotypeModel
from kgrag.diagnosis.scoring import AnnotationScorer, Scorer, implied_frequency
from kgrag.diagnosis.wording import WordVariants, words
from kgrag.errors import UserError
from kgrag.linking.dictionary import Linker, context_flags
from kgrag.records import AbsentMatch, Candidate, Differential, Finding, Release, Resolution, TermMatch

_HPO_ID = re.compile(r"^\s*HP[:_](\d{7})\s*$", re.IGNORECASE)
DEFAULT_CANDIDATES = 10
MAX_FINDINGS = 200


class NoFindingsError(UserError):
    """None of the findings given reached an HPO term."""


class Diagnoser:
    """Ranks a phenotype model's diseases for findings; see the module docstring."""

    def __init__(self, model: PhenotypeModel, scorer: Scorer | None = None, linker: Linker | None = None,
                 releases: Sequence[Release] = ()) -> None:
        self.model = model
        self.scorer: Scorer = scorer if scorer is not None else AnnotationScorer()
        self.linker = linker
        self.releases = tuple(releases)
        self.wording = WordVariants({t: (n, *model.term_synonyms.get(t, ())) for t, n in model.term_names.items()})

    # -- findings -----------------------------------------------------------------------------------------

    def resolve(self, written: str) -> tuple[list[Finding], list[Finding], str]:
        """(observed, excluded, reason): the terms one written finding reaches, and why none when it reaches
        none."""
        text = written.strip()
        if not text:
            return [], [], ""
        if id_match := _HPO_ID.match(text):
            term_id = f"HP:{id_match[1]}"
            current = self.model.resolve(term_id)
            if current is None:
                return [], [], f"{term_id}: not a term of the loaded HPO release"
            how: Resolution = "id" if current == term_id else (
                "replaced" if term_id in self.model.obsolete else "alternative id")
            return [self._finding(written, current, how)], [], ""
        if (term := self.wording.lookup.get(words(text))) is not None:
            return [self._finding(written, term, "name")], [], ""
        observed: list[Finding] = []
        excluded: list[Finding] = []
        covered: list[tuple[int, int]] = []
        for mention in self.linker.link(text) if self.linker is not None else ():
            term = next((c for c in mention.concept_ids if self.model.resolve(c) is not None), None)
            if term is None:
                continue
            finding = self._finding(mention.text, self.model.resolve(term) or term,
                                    "dense" if mention.method == "dense" else "linked")
            (excluded if mention.negated else observed).append(finding)
            covered.append((mention.start, mention.end))
        # A finding the linker left alone, in HPO's own wording with one word swapped ("aortic root dilatation").
        for finding, negated in self.findings_in(text, covered):
            (excluded if negated else observed).append(finding)
        if not observed and not excluded:
            return [], [], f"{text!r}: no HPO term found"
        return observed, excluded, ""

    def _finding(self, written: str, term_id: str, how: Resolution) -> Finding:
        return Finding(written.strip(), term_id, self.model.term_names.get(term_id, term_id), how)

    def findings_in(self, text: str, covered: Sequence[tuple[int, int]]) -> list[tuple[Finding, bool]]:
        """(finding, negated) for findings in free text outside the `covered` spans (mentions a linker already
        read) that HPO's own wording reaches (`kgrag.diagnosis.wording`); negation by the linker's NegEx rules."""
        return [(self._finding(text[start:end], term, "variant"), context_flags(text, start, end)[0])
                for start, end, term in self.wording.find(text, covered)]

    def resolve_all(self, observed: Sequence[str], excluded: Sequence[str] = ()
                    ) -> tuple[list[Finding], list[Finding], list[str]]:
        """Every written finding resolved; a term both observed and excluded counts as observed."""
        if len(observed) + len(excluded) > MAX_FINDINGS:
            raise UserError(f"{len(observed) + len(excluded)} findings given; the limit is {MAX_FINDINGS}")
        seen: dict[str, Finding] = {}
        absent: dict[str, Finding] = {}
        unresolved: list[str] = []
        for written, negate in [*((w, False) for w in observed), *((w, True) for w in excluded)]:
            present, negated, reason = self.resolve(written)
            if reason:
                unresolved.append(reason)
            if negate:  # an excluded finding's text names absent terms, whatever its wording
                present, negated = [], [*present, *negated]
            for finding in present:
                seen.setdefault(finding.id, finding)
            for finding in negated:
                absent.setdefault(finding.id, finding)
        return list(seen.values()), [f for t, f in absent.items() if t not in seen], unresolved

    # -- ranking ------------------------------------------------------------------------------------------

    def indices(self, term_ids: Sequence[str]) -> list[int]:
        found = (self.model.resolve(t) for t in term_ids)
        return list(dict.fromkeys(self.model.index[t] for t in found if t is not None))

    def order(self, observed: Sequence[int], excluded: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Disease indices best first (score, then disease id, so the order is the same on every run) and
        the scores."""
        scores = self.scorer.scores(self.model, observed, excluded)
        return np.lexsort((np.arange(len(scores)), -scores)), scores

    def diagnose(self, observed: Sequence[str], excluded: Sequence[str] = (), *,
                 limit: int = DEFAULT_CANDIDATES) -> Differential:
        """The `limit` best candidates for observed and excluded findings (ids, names or free text)."""
        if limit < 1:
            raise UserError(f"limit must be at least 1, got {limit}")
        present, absent, unresolved = self.resolve_all(observed, excluded)
        if not present:
            detail = "; ".join(unresolved) if unresolved else "no observed finding was given"
            raise NoFindingsError(f"no observed finding reached an HPO term ({detail})")
        q = self.indices([f.id for f in present])
        x = self.indices([f.id for f in absent])
        order, scores = self.order(q, x)
        candidates = [self._candidate(rank, int(d), float(scores[d]), q, x, present)
                      for rank, d in enumerate(order[:limit].tolist(), start=1) if scores[d] > 0]
        return Differential(tuple(present), tuple(absent), tuple(unresolved), tuple(candidates),
                            self.scorer.name, len(self.model.diseases), self.releases)

    def candidates_for(self, observed: Sequence[str], excluded: Sequence[str], diseases: Sequence[str]
                       ) -> dict[str, Candidate]:
        """The candidates `diseases` would be (rank among all diseases, score, evidence) for findings given as
        resolved HPO ids, e.g. the options of a multiple-choice question; diseases the model lacks are left out."""
        q, x = self.indices(observed), self.indices(excluded)
        order, scores = self.order(q, x)
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(1, len(order) + 1)
        findings = [self._finding(t, t, "id") for t in observed if t in self.model.index]
        return {d: self._candidate(int(position[i]), i, float(scores[i]), q, x, findings)
                for d in diseases if (i := self.model.disease_index.get(d)) is not None}

    # -- evidence -----------------------------------------------------------------------------------------

    def _candidate(self, rank: int, disease: int, score: float, observed: Sequence[int], excluded: Sequence[int],
                   findings: Sequence[Finding]) -> Candidate:
        model = self.model
        matches: list[TermMatch] = []
        unexplained: list[Finding] = []
        by_term = {model.index[f.id]: f for f in findings if f.id in model.index}
        for q in observed:
            explanation = self.scorer.explain(model, disease, q)
            if explanation.via < 0:
                if q in by_term:
                    unexplained.append(by_term[q])
                continue
            annotation = self._annotation_under(disease, explanation.via, q)
            matches.append(TermMatch(
                model.terms[q], model.name(q), model.terms[annotation.term], model.name(annotation.term),
                model.terms[explanation.via], model.name(explanation.via), annotation.recorded,
                round(explanation.value, 4)))
        against: list[AbsentMatch] = []
        for x in excluded:
            value = self.scorer.excluded_value(model, disease, x)
            if value < 0:
                annotation = self._annotation_under(disease, x, x)
                against.append(AbsentMatch(model.terms[x], model.name(x), model.terms[annotation.term],
                                           model.name(annotation.term), annotation.recorded, round(value, 4)))
        disease_id = model.diseases[disease]
        return Candidate(rank, disease_id, model.disease_names.get(disease_id, disease_id), round(score, 4),
                         tuple(matches), tuple(unexplained), tuple(against), len(model.annotations[disease]))

    def _annotation_under(self, disease: int, ancestor: int, finding: int) -> Annotation:
        """The disease's annotation at or below `ancestor` with the frequency f(disease, ancestor), preferring
        the finding itself, then an annotation on the finding's own line (its ancestor or descendant)."""
        model = self.model
        frequency = implied_frequency(model, disease, ancestor)
        under = [a for a in model.annotations[disease] if model.is_ancestor(ancestor, a.term)]
        return min(under, key=lambda a: (
            abs(a.frequency - frequency) > 1e-9,
            a.term != finding,
            not (model.is_ancestor(a.term, finding) or model.is_ancestor(finding, a.term)),
            a.term,
        ))

