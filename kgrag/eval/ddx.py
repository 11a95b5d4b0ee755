"""`kgrag eval ddx`: differential diagnosis scored on phenopackets, with the Phenomizer baseline in the same run.

Each case's terms go to the scorer and the baseline; the rank of the case's diagnosis (the best rank of any of
its diagnoses) gives top-1/3/10 and MRR over all cases. A case whose diagnosis the graph lacks counts as a miss
and is counted in `missing_gold`; the same metrics over the cases the graph can answer are reported as
`covered`. A tie is scored by its expected rank under a random order of the tied diseases: plain information
content leaves many ties (diseases annotated alike), and breaking them by id would flatter or punish a scorer
by accident of numbering.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from kgrag.diagnosis.differential import Diagnoser
from kgrag.diagnosis.phenopacket import PhenopacketCase
from kgrag.diagnosis.scoring import PhenomizerScorer, Scorer
from kgrag.errors import InputFileError

TOP_K = (1, 3, 10)


@dataclass(frozen=True, slots=True)
class CaseRank:
    """Where one scorer put one case's diagnosis: best and worst position among its ties (None: not ranked)."""

    best: int | None
    worst: int | None

    def top(self, k: int) -> float:
        """P(rank <= k) with the ties in random order."""
        if self.best is None or self.worst is None:
            return 0.0
        return float(min(1.0, max(0.0, (k - self.best + 1) / (self.worst - self.best + 1))))

    @property
    def expected(self) -> float | None:
        """The expected position with the ties in random order."""
        if self.best is None or self.worst is None:
            return None
        return (self.best + self.worst) / 2

    def reciprocal(self) -> float:
        if self.best is None or self.worst is None:
            return 0.0
        return float(np.mean(1.0 / np.arange(self.best, self.worst + 1)))


def rank_of(scores: np.ndarray, gold: Iterable[int]) -> CaseRank:
    """The best-placed gold disease's position range among the diseases tied with it."""
    ranks = [(1 + int((scores > scores[g]).sum()), int((scores >= scores[g]).sum())) for g in gold]
    if not ranks:
        return CaseRank(None, None)
    return CaseRank(*min(ranks))


@dataclass(frozen=True, slots=True)
class DdxScore:
    n: int
    top1: float
    top3: float
    top10: float
    mrr: float
    missing_gold: int

    @classmethod
    def of(cls, ranks: list[CaseRank]) -> DdxScore:
        n = len(ranks)

        def mean(values: Iterable[float]) -> float:
            return round(sum(values) / n, 4) if n else 0.0

        top1, top3, top10 = (mean(r.top(k) for r in ranks) for k in TOP_K)
        return cls(n, top1, top3, top10, mean(r.reciprocal() for r in ranks), sum(r.best is None for r in ranks))

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "top1": self.top1, "top3": self.top3, "top10": self.top10, "mrr": self.mrr,
                "missing_gold": self.missing_gold}


@dataclass
class DdxReport:
    scorer: str
    baseline_scorer: str
    score: DdxScore
    baseline: DdxScore
    covered: DdxScore
    baseline_covered: DdxScore
    skipped: list[str] = field(default_factory=list)
    unresolved_terms: int = 0
    p50_ms: float = 0.0
    diseases_ranked: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {**self.score.to_dict(), "scorer": self.scorer, "p50_ms": self.p50_ms,
                "diseases_ranked": self.diseases_ranked,
                "baseline": {**self.baseline.to_dict(), "scorer": self.baseline_scorer},
                "covered": self.covered.to_dict(), "baseline_covered": self.baseline_covered.to_dict(),
                "skipped": len(self.skipped), "skipped_files": self.skipped[:20],
                "unresolved_terms": self.unresolved_terms}


def evaluate_ddx(diagnoser: Diagnoser, cases: Iterable[PhenopacketCase | InputFileError], *,
                 baseline: Scorer | None = None, limit: int | None = None, log: IO[str] | None = None,
                 on_case: Callable[[], None] | None = None) -> DdxReport:
    """Score `diagnoser` and the baseline (Phenomizer by default) on every readable case, at most `limit`;
    per-case ranks go to `log` as JSON Lines."""
    model = diagnoser.model
    reference = baseline if baseline is not None else PhenomizerScorer()
    ours: list[CaseRank] = []
    theirs: list[CaseRank] = []
    skipped: list[str] = []
    unresolved = 0
    times: list[float] = []
    for case in cases:
        if limit is not None and len(ours) >= limit:
            break
        if isinstance(case, InputFileError):
            skipped.append(str(case))
            continue
        observed, excluded = diagnoser.indices(case.observed), diagnoser.indices(case.excluded)
        unresolved += len(case.observed) + len(case.excluded) - len(observed) - len(excluded)
        gold = [model.disease_index[d] for d in case.diagnoses if d in model.disease_index]
        started = time.perf_counter()
        order, scores = diagnoser.order(observed, excluded)
        times.append((time.perf_counter() - started) * 1000)
        mine = rank_of(scores, gold)
        base = rank_of(reference.scores(model, observed, excluded), gold)
        ours.append(mine)
        theirs.append(base)
        if log is not None:
            log.write(json.dumps({
                "case": case.id, "path": case.path, "gold": list(case.diagnoses),
                "gold_in_graph": bool(gold), "rank": mine.expected, "baseline_rank": base.expected,
                "top": [model.diseases[d] for d in order[:3].tolist()],
                "observed": len(observed), "excluded": len(excluded),
            }) + "\n")
        if on_case is not None:
            on_case()
    covered = [i for i, r in enumerate(ours) if r.best is not None]
    return DdxReport(
        diagnoser.scorer.name, reference.name, DdxScore.of(ours), DdxScore.of(theirs),
        DdxScore.of([ours[i] for i in covered]), DdxScore.of([theirs[i] for i in covered]),
        skipped, unresolved, round(statistics.median(times), 2) if times else 0.0, len(model.diseases))


def open_log(path: Path | None) -> IO[str] | None:
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")
