"""Traversals shared by every GraphStore backend, written against one primitive: the edges of a frontier.

Backends differ in how they fetch edges (an indexed SQL lookup per node, one Cypher query for a whole
frontier); the rules on top (hub cap, overall limit, `same_as` expansion of seeds, shortest paths that
never walk through hubs) live here once, so every backend answers the conformance suite the same way.

The primitive is a `FrontierFetcher`: the edges of a set of nodes, one list per node, in node order. A
server backend answers it with one round trip per hop instead of one per node; a backend that can only
look up one node at a time is adapted with `per_node`, which fetches lazily, so it still stops at the
node where the overall limit is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from graph_schema import PREDICATES
from kgrag.graph.base import MAX_PATH_HOPS
from kgrag.records import Concept, GraphPath, Relation, Subgraph

CLINICAL_PREDICATES: tuple[str, ...] = tuple(p.name for p in PREDICATES.values() if p.clinical)
PATH_PREDICATES: tuple[str, ...] = (*CLINICAL_PREDICATES, "same_as")


class EdgeFetcher(Protocol):
    def __call__(self, node: str, limit: int | None, /) -> list[Relation]:
        """Edges touching `node` in either direction (self-loops once), at most `limit` of them."""
        ...


class FrontierFetcher(Protocol):
    def __call__(self, nodes: Sequence[str], limit: int | None, max_rows: int | None, /) -> Iterator[list[Relation]]:
        """The edges of each of `nodes`, one list per node in the order given (empty for an unknown node).

        Each list is what `EdgeFetcher` gives for that node with the same `limit`, in the same order, and
        lists are read lazily, in order. `max_rows` (None: no estimate) is how many edges, counting every
        edge of every list, the caller is expected to read at most: a fetcher may fetch that many first and
        fetch the rest only if the caller reads on, so every list it yields is still complete.
        """
        ...


def per_node(edges_of: EdgeFetcher) -> FrontierFetcher:
    """A frontier fetcher that asks `edges_of` one node at a time, only when the caller reaches the node.

    Backends without a batched lookup (the embedded store, where a lookup is an in-process index seek)
    keep exactly the calls they made before: a traversal that stops at the limit fetches no further node.
    """

    def fetch(nodes: Sequence[str], limit: int | None, max_rows: int | None, /) -> Iterator[list[Relation]]:
        del max_rows  # lazy: nothing is fetched beyond what the caller reads
        return (edges_of(node, limit) for node in nodes)

    return fetch


def frontier_neighborhood(
    seeds: Iterable[str],
    fetch: FrontierFetcher,
    equivalents: Callable[[str], set[str]],
    get_many: Callable[[Iterable[str]], dict[str, Concept]],
    *,
    hops: int,
    max_degree: int,
    limit: int,
) -> Subgraph:
    """Breadth-first k-hop neighbourhood, one `fetch` per hop; each node contributes at most `max_degree` edges."""
    if hops < 0:
        raise ValueError("hops must be >= 0")
    seed_ids = tuple(dict.fromkeys(seeds))
    frontier: list[str] = []
    visited: set[str] = set()
    for seed in seed_ids:
        for node in sorted(equivalents(seed)):
            if node not in visited:
                visited.add(node)
                frontier.append(node)
    relations: dict[tuple[str, str, str, str, bool], Relation] = {}
    truncated = full = False
    for _ in range(hops):
        next_frontier: list[str] = []
        lists = fetch(frontier, max_degree + 1, hop_row_budget(limit - len(relations), len(frontier)))
        for node, edges in zip(frontier, lists, strict=True):
            if len(edges) > max_degree:
                truncated = True
                edges = edges[:max_degree]
            for edge in edges:
                if edge.key in relations:
                    continue
                if len(relations) >= limit:
                    truncated = full = True
                    break
                relations[edge.key] = edge
                other = edge.other(node)
                if other not in visited:
                    visited.add(other)
                    next_frontier.append(other)
            if full:
                break
        frontier = next_frontier
        if full or not frontier:
            break
    endpoints = {n for r in relations.values() for n in (r.subject, r.object)} | visited
    return Subgraph(seeds=seed_ids, concepts=get_many(sorted(endpoints)), relations=tuple(relations.values()),
                    truncated=truncated)


def hop_row_budget(remaining: int, frontier_size: int) -> int:
    """How many edges one hop of `frontier_neighborhood` is expected to read, so a server sends that many.

    A hop reads each edge as new (at most `remaining` before the limit is full), as a repeat of a kept
    edge (every frontier node but a seed repeats the edge it was reached by; an edge between two frontier
    nodes comes twice) or as one past `max_degree` (at most one per node). So: the new edges, a third more
    for repeats between frontier nodes, and one more per node read, for at most 64 nodes (a hop that fills
    the limit has rarely read more). Fitted on the HPO graph, where 300 random 2-hop neighbourhoods read
    this in about one page per hop and 14% more rows than per-node lookups need; sending every frontier
    node's edges instead could mean 40,000 rows for 500 kept (200 nodes x 200 edges). A fetcher pages on
    when a hop reads past the estimate, so it sets how much is sent at once, never the answer.
    """
    return remaining + remaining // 3 + min(frontier_size, 64) + 1


def frontier_shortest_paths(a: str, b: str, fetch: FrontierFetcher, *, max_degree: int, max_hops: int,
                            limit: int) -> list[GraphPath]:
    """Shortest undirected paths of at most `max_hops` edges that never pass through a hub."""
    if not 1 <= max_hops <= MAX_PATH_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_PATH_HOPS}")
    if a == b:
        return [GraphPath(nodes=(a,), relations=())]
    return _BidirectionalSearch(a, b, fetch, max_degree).run(max_hops, limit)


class _BidirectionalSearch:
    """Shortest paths between two nodes, growing the smaller frontier one level at a time.

    Hubs (more than `max_degree` edges) are never walked through, but the two endpoints are always
    expanded in full, so a path from a hub-like concept is still found. Each level is one frontier fetch
    (two when it holds an endpoint, which is fetched uncapped), and the hub check of the nodes where the
    sides meet is one more, for those whose degree no fetch has shown yet.
    """

    def __init__(self, a: str, b: str, fetch: FrontierFetcher, max_degree: int) -> None:
        self.fetch = fetch
        self.max_degree = max_degree
        self.endpoints = {a, b}
        # node -> distance from its side's start; node -> (parent, edge) pairs one level closer.
        self.dist: tuple[dict[str, int], dict[str, int]] = ({a: 0}, {b: 0})
        self.parents: tuple[dict[str, list[tuple[str, Relation]]], dict[str, list[tuple[str, Relation]]]] = (
            {a: []}, {b: []})
        self.frontier: tuple[list[str], list[str]] = ([a], [b])
        self.start = (a, b)
        self.hub: dict[str, bool] = {}  # what capped fetches have shown: node -> more than max_degree edges

    def _edges(self, nodes: list[str]) -> dict[str, list[Relation]]:
        """Every edge of the endpoints among `nodes`, at most max_degree + 1 of each other node's."""
        found: dict[str, list[Relation]] = {}
        whole = [n for n in nodes if n in self.endpoints]
        capped = [n for n in nodes if n not in self.endpoints]
        if whole:
            found.update(zip(whole, self.fetch(whole, None, None), strict=True))
        if capped:
            for node, edges in zip(capped, self.fetch(capped, self.max_degree + 1, None), strict=True):
                found[node] = edges
                self.hub[node] = len(edges) > self.max_degree
        return found

    def _expand(self, side: int) -> set[str]:
        dist, parents = self.dist[side], self.parents[side]
        level = dist[self.frontier[side][0]] + 1
        new_nodes: list[str] = []
        edges_of = self._edges(self.frontier[side])
        for node in self.frontier[side]:
            if self.hub.get(node, False) and node not in self.endpoints:
                continue  # a hub: do not walk through it
            for edge in edges_of[node]:
                other = edge.other(node)
                if other not in dist:
                    dist[other] = level
                    parents[other] = []
                    new_nodes.append(other)
                if dist[other] == level:
                    parents[other].append((node, edge))
        self.frontier = (new_nodes, self.frontier[1]) if side == 0 else (self.frontier[0], new_nodes)
        meeting = set(new_nodes) & self.dist[1 - side].keys()
        # A node reached from both sides joins the path as an intermediate: hubs may not.
        self._learn_hubs(sorted(m for m in meeting if m not in self.endpoints and m not in self.hub))
        return {m for m in meeting if m in self.endpoints or not self.hub[m]}

    def _learn_hubs(self, nodes: list[str]) -> None:
        """Record whether each of `nodes` is a hub, with one capped fetch for all of them."""
        if nodes:
            for node, edges in zip(nodes, self.fetch(nodes, self.max_degree + 1, None), strict=True):
                self.hub[node] = len(edges) > self.max_degree

    def _chains(self, side: int, node: str) -> Iterator[list[tuple[str, Relation]]]:
        """Every shortest chain of (node, edge) steps from this side's start to `node`."""
        if node == self.start[side]:
            yield []
            return
        for parent, edge in self.parents[side][node]:
            for chain in self._chains(side, parent):
                yield [*chain, (node, edge)]

    def run(self, max_hops: int, limit: int) -> list[GraphPath]:
        hops_used = 0
        meeting: set[str] = set()
        while hops_used < max_hops and not meeting:
            if not self.frontier[0] or not self.frontier[1]:
                return []
            side = 0 if len(self.frontier[0]) <= len(self.frontier[1]) else 1
            meeting = self._expand(side)
            hops_used += 1
        if not meeting:
            return []
        shortest = min(self.dist[0][m] + self.dist[1][m] for m in meeting)
        results: list[GraphPath] = []
        for middle in sorted(m for m in meeting if self.dist[0][m] + self.dist[1][m] == shortest):
            for left in self._chains(0, middle):
                for right in self._chains(1, middle):
                    nodes = [self.start[0], *(n for n, _ in left)]
                    edges = [e for _, e in left]
                    # Walk the right chain back from the middle towards `b`.
                    back = [self.start[1], *(n for n, _ in right)]
                    nodes.extend(reversed(back[:-1]))
                    edges.extend(e for _, e in reversed(right))
                    results.append(GraphPath(nodes=tuple(nodes), relations=tuple(edges)))
                    if len(results) >= limit:
                        return results
        return results
