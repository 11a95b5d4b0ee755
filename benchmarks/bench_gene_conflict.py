"""How many recorded genes make a disease's gene list "complete enough" to contradict another gene?

    python benchmarks/bench_gene_conflict.py --data-dir .kgrag

The verifier calls a gene-disease claim `contradicted` when the disease has 1..K recorded genes and the claimed
gene is none of them (kgrag.claims.verdicts.GENE_CONFLICT_MAX = K). Experts' gene-disease statements in the gold
set are true, so each one whose gene the graph does not record for a disease with 1..K genes would be a false
contradiction; each swapped gene of the corrupted set whose disease has 1..K genes is a caught error. This
prints both for K = 1..8 (baseline: K = 0, never contradict), read off the graph directly, not through the
verifier.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "claims_gold"))

from lookup import recorded_genes  # noqa: E402  (the labellers' reading of the graph, not the verifier's)

from kgrag.config import load_settings  # noqa: E402
from kgrag.eval.claims import GoldClaim, load_gold  # noqa: E402
from kgrag.graph import open_graph_store  # noqa: E402

GENE_DISEASE = ("causes", "associated_with")


def gene_and_disease(claim: GoldClaim) -> tuple[str, tuple[str, ...]] | None:
    if claim.predicate not in GENE_DISEASE or claim.negated:
        return None
    for gene, disease in ((claim.subject, claim.object), (claim.object, claim.subject)):
        if len(gene.ids) == 1 and gene.ids[0].startswith("NCBIGene:") and disease.ids \
                and not disease.ids[0].startswith(("NCBIGene:", "HP:")):
            return gene.ids[0], disease.ids
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=ROOT / "benchmarks" / "claims_gold" / "gold.jsonl")
    parser.add_argument("--corrupted", type=Path, default=ROOT / "benchmarks" / "claims_gold" / "corrupted.jsonl")
    args = parser.parse_args()
    store = open_graph_store(load_settings(data_dir=args.data_dir), create=False)
    try:
        true_missing: list[int] = []  # per true statement the graph lacks: how many genes its disease has
        true_total = 0
        for item in load_gold(args.gold):
            if item.skip or item.source.startswith("model:"):
                continue  # experts' and authors' statements only: a model's may be false
            for claim in item.claims:
                pair = gene_and_disease(claim)
                if pair is None:
                    continue
                true_total += 1
                genes = recorded_genes(store, pair[1])
                if pair[0] not in genes:
                    true_missing.append(len(genes))
        swapped: list[int] = []
        for item in load_gold(args.corrupted):
            for claim in item.claims:
                pair = gene_and_disease(claim) if claim.kind == "swapped_gene" else None
                if pair is not None:
                    swapped.append(len(recorded_genes(store, pair[1])))
    finally:
        store.close()
    print(f"\n{true_total} true gene-disease statements by experts ({len(true_missing)} whose gene the graph does "
          f"not record for the disease); {len(swapped)} swapped genes\n")
    print("| K (max recorded genes) | false contradictions of true statements | swapped genes caught |")
    print("|---|---|---|")
    for k in range(0, 9):
        false = sum(1 <= n <= k for n in true_missing)
        caught = sum(1 <= n <= k for n in swapped)
        label = f"{k} (baseline: never)" if k == 0 else str(k)
        print(f"| {label} | {false} / {true_total} | {caught} / {len(swapped)} ({caught / max(1, len(swapped)):.2f}) |")


if __name__ == "__main__":
    main()
