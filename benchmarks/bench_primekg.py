"""Open-graph loading at PrimeKG scale: kgrag's shared path against a plain csv + executemany loader.

    python benchmarks/bench_primekg.py                    # 2M rows of synthetic kg.csv
    python benchmarks/bench_primekg.py --rows 8100000     # PrimeKG's size

A synthetic kg.csv (`benchmarks/primekg_synth.py`: PrimeKG's layout and relation mix, every edge written from
both ends, no PrimeKG data) is loaded by `kgrag ingest primekg`'s code in a child process (wall time, rows/s,
peak RSS), then killed with SIGKILL half-way through a second load and resumed, and the resumed graph is
compared with the clean one (nodes, edges and a digest of every edge key); the clean graph is then exported as
`neo4j-admin database import` CSVs (`kgrag export neo4j-import`). The baseline, in the same run,
reads the file with the csv module, maps each row with the same tables, and writes the same concepts and edges
with `executemany` into the same schema in 100k-row transactions: no journal, no bad-row policy, no batching
layer. The table compares rows/s as a ratio to it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from child_runs import add_child_arguments, kill_at_and_resume, result, run_child, spawn, status_mb  # noqa: E402


def child_load(kg: Path, data_dir: Path) -> None:
    from ingest.open_graph import load_open_graph
    from ingest.primekg import PrimeKGFormat
    from kgrag.graph import SQLiteGraphStore

    store = SQLiteGraphStore(data_dir / "graph.sqlite")
    started = time.perf_counter()
    report = load_open_graph(store, PrimeKGFormat(kg), key=str(kg), manifest_path=data_dir / "primekg.json")
    wall = time.perf_counter() - started
    stats = store.stats()
    export_s = 0.0
    if os.environ.get("KGRAG_BENCH_EXPORT"):  # the clean load also writes the neo4j-admin import CSVs
        from kgrag.graph.transfer import export_neo4j_import

        clock = time.perf_counter()
        export_neo4j_import(store, data_dir / "neo4j-import")
        export_s = time.perf_counter() - clock
    print(json.dumps({"wall_s": wall, "rows": sum(f.rows for f in report.files), "peak_mb": status_mb("VmHWM:"),
                      "note": report.files[0].note if report.files else report.note,
                      "nodes": stats.nodes, "edges": stats.edges, "export_s": export_s}))


def child_baseline(kg: Path, db: Path) -> None:
    """csv + executemany, the same mapping tables, the same schema, the same graph."""
    from graph_schema.open_graphs import PRIMEKG_KINDS, PRIMEKG_RELATIONS
    from ingest.primekg import primekg_curie
    from kgrag.graph import SQLiteGraphStore
    from kgrag.graph.rows import edge_row
    from kgrag.graph.sqlite import _UPSERT_CONCEPT, _UPSERT_EDGE, _concept_row
    from kgrag.records.graph import Concept, Relation

    store = SQLiteGraphStore(db)
    conn = store._conn
    started = time.perf_counter()
    rows = 0
    concepts: list[tuple[object, ...]] = []
    edges: list[tuple[object, ...]] = []
    seen: set[tuple[str, str]] = set()

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany(_UPSERT_CONCEPT, concepts)
        conn.executemany(_UPSERT_EDGE, edges)
        conn.execute("COMMIT")
        concepts.clear()
        edges.clear()

    with kg.open(encoding="utf-8", newline="") as handle:
        table = csv.reader(handle)
        next(table)
        for f in table:
            rows += 1
            ends = []
            for local, node_type, name, source in ((f[3], f[4], f[5], f[6]), (f[8], f[9], f[10], f[11])):
                curie = primekg_curie(source, local, kg, rows)
                if (source, local) not in seen:
                    seen.add((source, local))
                    concepts.append(_concept_row(Concept(curie, name, PRIMEKG_KINDS[node_type], sources=("PrimeKG",))))
                ends.append((curie, node_type))
            mapping = PRIMEKG_RELATIONS.get(f[0])
            if mapping is not None:
                (x, x_type), (y, _) = ends
                subject, obj = (x, y) if x_type == mapping.subject_kind else (y, x)
                if ends[0][1] == ends[1][1] and obj < subject:
                    subject, obj = obj, subject
                label = f[0] if not f[1] or f[1] == f[0] else f"{f[0]}: {f[1]}"
                edges.append(edge_row(Relation(subject, mapping.predicate, obj, "PrimeKG", "unknown", label,
                                               negated=mapping.negated)))
            if len(concepts) + len(edges) >= 100_000:
                flush()
    flush()
    print(json.dumps({"wall_s": time.perf_counter() - started, "rows": rows, "peak_mb": status_mb("VmHWM:")}))


def _child(*args: str, export: bool = False) -> subprocess.Popen[str]:
    return spawn(__file__, *args, env={"KGRAG_BENCH_EXPORT": "1"} if export else None)


def graph_digest(db: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(db)
    digest = hashlib.sha256()
    for row in connection.execute("SELECT subject, predicate, object, source, negated FROM edges "
                                  "ORDER BY subject, predicate, object, source, negated"):
        digest.update(repr(row).encode())
    for row in connection.execute("SELECT id, name, kind FROM concepts ORDER BY id"):
        digest.update(repr(row).encode())
    connection.close()
    return digest.hexdigest()[:16]


def kill_at_half_and_resume(kg: Path, data_dir: Path, rows: int) -> dict:  # type: ignore[type-arg]
    return kill_at_and_resume(__file__, kg, data_dir, data_dir / "primekg.json", kg.name, rows // 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_000_000)
    add_child_arguments(parser, "KG")
    args = parser.parse_args()
    if run_child(args.child_load, args.child_baseline, child_load, child_baseline):
        return
    from primekg_synth import write

    with tempfile.TemporaryDirectory(prefix="kgrag-bench-primekg-") as scratch:
        root = Path(scratch)
        kg = root / "kg.csv"
        print(f"writing {args.rows:,} synthetic kg.csv rows ...", file=sys.stderr, flush=True)
        write(kg, args.rows)
        (root / "clean").mkdir()
        (root / "resumed").mkdir()
        clean = result(_child("--child-load", str(kg), str(root / "clean"), export=True))
        baseline = result(_child("--child-baseline", str(kg), str(root / "baseline.sqlite")))
        resumed = kill_at_half_and_resume(kg, root / "resumed", args.rows)
        same = graph_digest(root / "clean" / "graph.sqlite") == graph_digest(root / "resumed" / "graph.sqlite")
        baseline_same = graph_digest(root / "clean" / "graph.sqlite") == graph_digest(root / "baseline.sqlite")
    ours, base = clean["rows"] / clean["wall_s"], baseline["rows"] / baseline["wall_s"]
    print(f"\n{clean['rows']:,} kg.csv rows -> {clean['nodes']:,} nodes, {clean['edges']:,} edges; "
          f"{os.cpu_count()} cores\n")
    print("| measure | kgrag (shared open-graph path) | baseline: csv + executemany, same graph | target |")
    print("|---|---|---|---|")
    print(f"| rows/s end-to-end | {ours:,.0f} ({clean['wall_s']:.0f} s) | {base:,.0f} ({baseline['wall_s']:.0f} s) "
          f"| >= 100k |")
    print(f"| vs baseline | {ours / base:.2f}x | 1.00x | |")
    print(f"| peak RSS | {clean['peak_mb']:.0f} MB | {baseline['peak_mb']:.0f} MB | < 1.5 GB |")
    print(f"| same graph as the baseline | {'yes' if baseline_same else 'NO'} | | |")
    print(f"| export for neo4j-admin import (`kgrag export neo4j-import`) | {clean['export_s']:.0f} s | | |")
    print(f"| SIGKILL at line {resumed['killed_at_line']:,}, resumed | {resumed['wall_s']:.0f} s to finish; "
          f"graph {'identical to' if same else 'DIFFERENT from'} a clean load | | identical |")


if __name__ == "__main__":
    main()
