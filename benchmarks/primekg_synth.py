"""Write a synthetic PrimeKG `kg.csv` with the real layout and a PrimeKG-like mix of node types and relations.

No PrimeKG data is involved: ids and names are generated. Shapes follow the Dataverse release: about 129k nodes
(genes the most, then phenotypes, diseases, biological processes, drugs, ...), every edge written twice (once
from each end, as kg.csv does), relations in proportions close to the real file (protein-protein, drug-drug,
phenotype-protein and anatomy-protein edges dominate; indications and contraindications are a few thousand).

    python benchmarks/primekg_synth.py OUT/kg.csv --rows 8100000
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

# node type, source, count at full size, id width
NODE_TYPES = [
    ("gene/protein", "NCBI", 27671), ("drug", "DrugBank", 7957), ("effect/phenotype", "HPO", 15311),
    ("disease", "MONDO", 17080), ("biological_process", "GO", 28642), ("molecular_function", "GO", 11169),
    ("cellular_component", "GO", 4176), ("exposure", "CTD", 818), ("pathway", "REACTOME", 2516),
    ("anatomy", "UBERON", 14035),
]
# relation, display relation, x type, y type, share of (directed) rows
RELATIONS = [
    ("anatomy_protein_present", "expression present", "anatomy", "gene/protein", 0.38),
    ("drug_drug", "synergistic interaction", "drug", "drug", 0.33),
    ("protein_protein", "ppi", "gene/protein", "gene/protein", 0.08),
    ("disease_phenotype_positive", "phenotype present", "disease", "effect/phenotype", 0.02),
    ("bioprocess_protein", "interacts with", "biological_process", "gene/protein", 0.036),
    ("drug_effect", "side effect", "drug", "effect/phenotype", 0.032),
    ("disease_protein", "associated with", "disease", "gene/protein", 0.02),
    ("phenotype_protein", "associated with", "effect/phenotype", "gene/protein", 0.0009),
    ("anatomy_protein_absent", "expression absent", "anatomy", "gene/protein", 0.005),
    ("drug_protein", "target", "drug", "gene/protein", 0.0063),
    ("indication", "indication", "drug", "disease", 0.0023),
    ("contraindication", "contraindication", "drug", "disease", 0.0075),
    ("off-label use", "off-label use", "drug", "disease", 0.0007),
    ("disease_phenotype_negative", "phenotype absent", "disease", "effect/phenotype", 0.0003),
    ("molfunc_protein", "interacts with", "molecular_function", "gene/protein", 0.0087),
    ("cellcomp_protein", "interacts with", "cellular_component", "gene/protein", 0.0103),
    ("pathway_protein", "interacts with", "pathway", "gene/protein", 0.0103),
    ("disease_disease", "parent-child", "disease", "disease", 0.008),
    ("phenotype_phenotype", "parent-child", "effect/phenotype", "effect/phenotype", 0.0046),
]
COLUMNS = ["relation", "display_relation", "x_index", "x_id", "x_type", "x_name", "x_source", "y_index", "y_id",
           "y_type", "y_name", "y_source"]
FULL_ROWS = 8_100_000


def write(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    scale = min(1.0, max(rows / FULL_ROWS, 0.01))
    nodes: dict[str, list[tuple[int, str, str, str]]] = {}
    index = 0
    for node_type, source, count in NODE_TYPES:
        block = []
        for n in range(max(10, int(count * scale))):
            local = f"DB{n + 1:05d}" if source == "DrugBank" else f"R-HSA-{n + 1}" if source == "REACTOME" \
                else f"D{n + 1:06d}" if source == "CTD" else str(n + 1)
            block.append((index, local, f"{node_type} {n + 1}", source))
            index += 1
        nodes[node_type] = block
    weights = [r[4] for r in RELATIONS]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(COLUMNS)
        written = 0
        while written < rows:
            relation, display, x_type, y_type, _ = rng.choices(RELATIONS, weights)[0]
            x, y = rng.choice(nodes[x_type]), rng.choice(nodes[y_type])
            for (a, a_type), (b, b_type) in (((x, x_type), (y, y_type)), ((y, y_type), (x, x_type))):  # both ends
                out.writerow([relation, display, a[0], a[1], a_type, a[2], a[3], b[0], b[1], b_type, b[2], b[3]])
            written += 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=FULL_ROWS)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()
