"""The shared traversals over the frontier primitive, on an in-memory graph (no backend, no server)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from kgrag.graph.traversal import (
    frontier_neighborhood,
    frontier_shortest_paths,
    per_node,
)
from kgrag.records import Concept, Relation


class Graph:
    """Adjacency lists in insertion order; records every lookup the traversals make."""

    def __init__(self, relations: Sequence[Relation]) -> None:
        self.adjacent: dict[str, list[Relation]] = {}
        for r in relations:
            self.adjacent.setdefault(r.subject, []).append(r)
            if r.object != r.subject:
                self.adjacent.setdefault(r.object, []).append(r)
        self.lookups: list[str] = []
        self.frontiers: list[tuple[list[str], int | None, int | None]] = []
        self.read_per_frontier: list[int] = []

    def edges_of(self, node: str, limit: int | None, /) -> list[Relation]:
        self.lookups.append(node)
        return self.adjacent.get(node, [])[:limit]

    def frontier(self, nodes: Sequence[str], limit: int | None, max_rows: int | None, /) -> Iterator[list[Relation]]:
        self.frontiers.append((list(nodes), limit, max_rows))
        self.read_per_frontier.append(0)
        for node in nodes:
            edges = self.adjacent.get(node, [])[:limit]
            self.read_per_frontier[-1] += len(edges)
            yield edges

    @staticmethod
    def equivalents(node: str) -> set[str]:
        return {node}

    @staticmethod
    def get_many(ids: Sequence[str]) -> dict[str, Concept]:
        return {i: Concept(i, i) for i in ids}


def random_graph(seed: int, nodes: int = 60, edges: int = 240) -> list[Relation]:
    rng = random.Random(seed)
    ids = [f"HP:{n:07d}" for n in range(nodes)]
    found: dict[tuple[str, str, str, str, bool], Relation] = {}
    for _ in range(edges):
        s, o = rng.choice(ids[:8]) if rng.random() < .3 else rng.choice(ids), rng.choice(ids)  # a few hubs
        r = Relation(s, rng.choice(("is_a", "has_phenotype")), o, source="TEST")
        found[r.key] = r
    return list(found.values())


def test_the_per_node_adapter_looks_up_only_the_nodes_the_traversal_reaches() -> None:
    # `a` with arms b1..b3, each with a leaf: with room for three edges, hop 2 stops inside b1's list.
    star = [Relation(f"b{i}", "is_a", "a", source="TEST") for i in (1, 2, 3)]
    star += [Relation(f"c{i}", "is_a", f"b{i}", source="TEST") for i in (1, 2, 3)]
    graph = Graph(star)
    sub = frontier_neighborhood(["a"], per_node(graph.edges_of), graph.equivalents, graph.get_many, hops=2,
                                max_degree=10, limit=3)
    assert len(sub.relations) == 3 and sub.truncated
    assert graph.lookups == ["a", "b1"]  # the embedded store's calls are what they were: b2, b3 never read


def test_one_fetch_per_hop_and_the_same_answer_as_per_node_lookups() -> None:
    for seed in range(20):
        graph = Graph(random_graph(seed))
        for hops, max_degree, limit in ((1, 200, 500), (2, 5, 500), (3, 200, 30), (2, 3, 12)):
            start = f"HP:{seed:07d}"
            graph.frontiers.clear()
            by_frontier = frontier_neighborhood([start], graph.frontier, graph.equivalents, graph.get_many, hops=hops,
                                                max_degree=max_degree, limit=limit)
            assert len(graph.frontiers) <= hops and all(cap == max_degree + 1 for _, cap, _ in graph.frontiers)
            by_node = frontier_neighborhood([start], per_node(graph.edges_of), graph.equivalents, graph.get_many,
                                            hops=hops, max_degree=max_degree, limit=limit)
            assert by_frontier == by_node


def test_a_hop_never_reads_more_than_the_worst_case_bound() -> None:
    # hop_row_budget is an estimate; the bound behind it is 2 * limit + frontier + 1 edges read per hop.
    for seed in range(30):
        graph = Graph(random_graph(seed, nodes=40, edges=400))
        for limit in (5, 40, 200):
            graph.frontiers.clear()
            graph.read_per_frontier.clear()
            frontier_neighborhood([f"HP:{seed:07d}"], graph.frontier, graph.equivalents, graph.get_many, hops=3,
                                  max_degree=6, limit=limit)
            for (nodes, _, _), read in zip(graph.frontiers, graph.read_per_frontier, strict=True):
                assert read <= 2 * limit + len(nodes) + 1


def test_path_search_fetches_a_level_at_a_time_and_finds_the_per_node_paths() -> None:
    for seed in range(20):
        relations = random_graph(seed, nodes=80, edges=160)
        graph = Graph(relations)
        rng = random.Random(seed)
        for _ in range(5):
            a, b = rng.choice(relations).subject, rng.choice(relations).object
            for max_degree in (4, 200):
                graph.frontiers.clear()
                found = frontier_shortest_paths(a, b, graph.frontier, max_degree=max_degree, max_hops=3, limit=10)
                assert found == frontier_shortest_paths(a, b, per_node(graph.edges_of), max_degree=max_degree,
                                                        max_hops=3, limit=10)
                # at most three levels, each one fetch plus one for hub checks where the sides meet
                assert len(graph.frontiers) <= 3 * 2
                uncapped = [nodes for nodes, cap, _ in graph.frontiers if cap is None]
                assert all(set(nodes) <= {a, b} for nodes in uncapped)  # only the endpoints are read whole
