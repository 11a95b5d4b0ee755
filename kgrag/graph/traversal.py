"""Traversals shared by every GraphStore backend, written against one primitive: the edges of a node.

Backends differ in how they fetch a node's edges (an indexed SQL lookup, a Cypher MATCH); the rules on top
(hub cap, overall limit, `same_as` expansion of seeds, shortest paths that never walk through hubs) live
here once, so every backend answers the conformance suite the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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


def neighborhood(
    seeds: Iterable[str],
    edges_of: EdgeFetcher,
    equivalents: Callable[[str], set[str]],
    get_many: Callable[[Iterable[str]], dict[str, Concept]],
    *,
    hops: int,
    max_degree: int,
    limit: int,
) -> Subgraph:
    """Breadth-first k-hop neighbourhood; each node contributes at most `max_degree` edges."""
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
        for node in frontier:
            edges = edges_of(node, max_degree + 1)
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


def shortest_paths(a: str, b: str, edges_of: EdgeFetcher, *, max_degree: int, max_hops: int,
                   limit: int) -> list[GraphPath]:
    """Shortest undirected paths of at most `max_hops` edges that never pass through a hub."""
    if not 1 <= max_hops <= MAX_PATH_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_PATH_HOPS}")
    if a == b:
        return [GraphPath(nodes=(a,), relations=())]
    return _BidirectionalSearch(a, b, edges_of, max_degree).run(max_hops, limit)


class _BidirectionalSearch:
    """Shortest paths between two nodes, growing the smaller frontier one level at a time.

    Hubs (more than `max_degree` edges) are never walked through, but the two endpoints are always
    expanded in full, so a path from a hub-like concept is still found.
    """

    def __init__(self, a: str, b: str, fetch: EdgeFetcher, max_degree: int) -> None:
        self.fetch = fetch
        self.max_degree = max_degree
        self.endpoints = {a, b}
        # node -> distance from its side's start; node -> (parent, edge) pairs one level closer.
        self.dist: tuple[dict[str, int], dict[str, int]] = ({a: 0}, {b: 0})
        self.parents: tuple[dict[str, list[tuple[str, Relation]]], dict[str, list[tuple[str, Relation]]]] = (
            {a: []}, {b: []})
        self.frontier: tuple[list[str], list[str]] = ([a], [b])
        self.start = (a, b)

    def _expand(self, side: int) -> set[str]:
        dist, parents = self.dist[side], self.parents[side]
        level = dist[self.frontier[side][0]] + 1
        new_nodes: list[str] = []
        for node in self.frontier[side]:
            is_endpoint = node in self.endpoints
            edges = self.fetch(node, None if is_endpoint else self.max_degree + 1)
            if not is_endpoint and len(edges) > self.max_degree:
                continue  # a hub: do not walk through it
            for edge in edges:
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
        return {m for m in meeting if m in self.endpoints or not self._is_hub(m)}

    def _is_hub(self, node: str) -> bool:
        return len(self.fetch(node, self.max_degree + 1)) > self.max_degree

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
