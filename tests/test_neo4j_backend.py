"""The Neo4j backend against a real Bolt server (ArcadeDB): connection errors, the CLI and a real load.

The GraphStore behaviour itself is covered by the conformance suite, which runs on this server too.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kgrag.graph import Neo4jGraphStore
from kgrag.graph.neo4j import GraphConnectionError
from kgrag.records import Concept, Relation
from tests.support.bolt_server import BoltServer
from tests.support.cli import CliResult
from tests.support.graphs import per_node_traversal
from tests.support.paths import FIXTURES


def test_wrong_credentials_and_database_are_one_clear_line(bolt_server: BoltServer) -> None:
    wrong_password = Neo4jGraphStore(bolt_server.uri, bolt_server.user, "not-the-password", bolt_server.database)
    with pytest.raises(GraphConnectionError) as info:
        wrong_password.stats()
    assert bolt_server.uri in str(info.value) and "not-the-password" not in str(info.value)
    wrong_database = Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, "no_such_db")
    with pytest.raises(GraphConnectionError, match=f"Neo4j at {bolt_server.uri}: database 'no_such_db'"):
        wrong_database.stats()
    assert bolt_server.password not in str(info.value)


def test_names_with_cypher_syntax_are_stored_as_data(bolt_server: BoltServer) -> None:
    store = Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database)
    store._run("MATCH (n) DETACH DELETE n")
    hostile = "x'}) DETACH DELETE n // `MATCH` \"quoted\""
    store.upsert_concepts([Concept("OMIM:123456", hostile), Concept("OMIM:654321", "Untouched")])
    assert store.get("OMIM:123456").name == hostile  # type: ignore[union-attr]
    assert store.find_by_name(hostile, mode="exact")[0].concept.id == "OMIM:123456"
    assert store.stats().nodes == 2
    store.close()


def test_cli_runs_on_the_neo4j_backend(bolt_server: BoltServer, cli: Callable[..., CliResult],
                                       monkeypatch: pytest.MonkeyPatch, hpo_release: Path) -> None:
    Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database)._run(
        "MATCH (n) DETACH DELETE n")
    for name, value in (("GRAPH_BACKEND", "neo4j"), ("NEO4J_URI", bolt_server.uri), ("NEO4J_USER", bolt_server.user),
                        ("NEO4J_PASSWORD", bolt_server.password), ("NEO4J_DATABASE", bolt_server.database)):
        monkeypatch.setenv(f"KGRAG_{name}", value)
    loaded = cli("ingest", "hpo", str(hpo_release), "--json")
    assert loaded.code == 0, loaded.err
    assert json.loads(loaded.out)["graph"] == {"nodes": 17, "edges": 32}  # the same counts as the embedded store
    again = json.loads(cli("ingest", "hpo", str(hpo_release), "--json").out)
    assert again["graph"] == {"nodes": 17, "edges": 32}
    path = json.loads(cli("graph", "path", "FBN1", "Ectopia lentis", "--json").out)
    assert path["paths"][0]["nodes"] == ["NCBIGene:2200", "OMIM:154700", "HP:0001083"]
    drugs = cli("ingest", "drugbank", str(FIXTURES / "drugbank" / "drugbank_mini.xml"), "--json")
    assert drugs.code == 0, drugs.err
    aspirin = json.loads(cli("graph", "show", "DRUGBANK:DB00945", "--json").out)
    assert any(r["predicate"] == "targets" and r["object"] == "HGNC:9604" for r in aspirin["relations"])
    shown = cli("config", "show", "--json")
    assert bolt_server.password not in shown.out


def test_export_neo4j_import_writes_typed_csvs(cli: Callable[..., CliResult], hpo_release: Path,
                                               tmp_path: Path) -> None:
    import csv

    assert cli("ingest", "hpo", str(hpo_release), "--no-progress").code == 0
    out = tmp_path / "import"
    result = cli("export", "neo4j-import", str(out), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["concepts"], report["relations"]) == (17, 32)
    assert report["command"].startswith("neo4j-admin database import full neo4j --nodes=")
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seizure = next(r for r in rows if r["id:ID"] == "HP:0001250")
    assert seizure["synonyms:string[]"] == "Epileptic seizure;Seizures" and seizure[":LABEL"] == "Node"
    with (out / "referenced_nodes.csv").open(encoding="utf-8", newline="") as handle:
        referenced = {r["id:ID"] for r in csv.DictReader(handle)}
    assert "UMLS:C0036572" in referenced and "HP:0001250" not in referenced  # xref targets no source loaded
    with (out / "relationships.csv").open(encoding="utf-8", newline="") as handle:
        relationships = list(csv.DictReader(handle))
    assert len(relationships) == 32 and {r[":TYPE"] for r in relationships} >= {"HAS_PHENOTYPE", "IS_A", "SAME_AS"}
    assert cli("export", "neo4j-import", str(out)).code == 0  # overwrites cleanly


def test_graph_copy_into_a_running_server(bolt_server: BoltServer, cli: Callable[..., CliResult],
                                          monkeypatch: pytest.MonkeyPatch, hpo_release: Path) -> None:
    target = Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database)
    target._run("MATCH (n) DETACH DELETE n")
    assert cli("ingest", "hpo", str(hpo_release), "--no-progress").code == 0  # into the embedded store
    for name, value in (("NEO4J_URI", bolt_server.uri), ("NEO4J_USER", bolt_server.user),
                        ("NEO4J_PASSWORD", bolt_server.password), ("NEO4J_DATABASE", bolt_server.database)):
        monkeypatch.setenv(f"KGRAG_{name}", value)
    first = json.loads(cli("graph", "copy", "--to", "neo4j", "--json").out)
    assert (first["concepts"], first["relations"], first["releases"]) == (17, 32, 3)
    cli("graph", "copy", "--to", "neo4j")  # incremental: a second copy changes nothing
    stats = target.stats()
    assert (stats.nodes, stats.edges) == (17, 32) and len(stats.releases) == 3
    assert target.get("HP:0001250").synonyms == ("Epileptic seizure", "Seizures")  # type: ignore[union-attr]
    target.close()
    assert cli("graph", "copy", "--to", "oracle").code == 1


def test_name_search_uses_a_server_fulltext_index_when_there_is_one(bolt_server: BoltServer) -> None:
    from tests.support.sample_graph import CONCEPTS, RELATIONS

    store = Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database)
    store._run("MATCH (n) DETACH DELETE n")
    store.write_batch(CONCEPTS, RELATIONS)
    assert store.fulltext_index is None  # ArcadeDB's Cypher cannot create one: the scan fallback runs
    queries = ["Seizure", "arachno", "kidney dysplasia", "fingers spid", "creme brulee encephalopathy"]
    scanned = {q: [(m.concept.id, m.match_type) for m in store.find_by_name(q)] for q in queries}
    bolt_server.sql("CREATE PROPERTY Node.names_text IF NOT EXISTS STRING")
    bolt_server.sql("CREATE INDEX IF NOT EXISTS ON Node (names_text) FULL_TEXT")
    indexed = Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database)
    assert indexed.fulltext_index == "Node[names_text]"
    assert {q: [(m.concept.id, m.match_type) for m in indexed.find_by_name(q)] for q in queries} == scanned
    assert scanned["fingers spid"][0][0] == "HP:0001166"
    bolt_server.sql("DROP INDEX `Node[names_text]`")
    store.close()
    indexed.close()


# -- traversal: one Cypher query per frontier; scans paged by key -----------------------------------------


_PREDICATES = ("is_a", "has_phenotype", "associated_with")


def _empty_store(bolt_server: BoltServer) -> Neo4jGraphStore:
    store = Neo4jGraphStore(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database)
    store._run("MATCH (n) DETACH DELETE n")
    return store


def _counting_runs(store: Neo4jGraphStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Cypher text `store` sends from now on (each `_run` is one Bolt round trip)."""
    sent: list[str] = []
    run = store._run

    def counting(cypher: str, /, **params: Any) -> list[Any]:
        sent.append(cypher)
        return run(cypher, **params)

    monkeypatch.setattr(store, "_run", counting)
    return sent


def _is_frontier_query(cypher: str) -> bool:
    return cypher.startswith("UNWIND range(0, size($ids) - 1) AS i")


def _star(center: str, arms: int, leaves: int) -> tuple[list[Concept], list[Relation]]:
    """`center` <- arm i <- leaf i.j: a 2-hop frontier of `arms` nodes, a 3-hop one of arms x leaves."""
    concepts = [Concept(center, "center")]
    relations = []
    for i in range(arms):
        arm = f"OMIM:10{i:04d}"
        concepts.append(Concept(arm, f"arm {i}"))
        relations.append(Relation(arm, "has_phenotype", center, source="TEST"))
        for j in range(leaves):
            leaf = f"NCBIGene:{i}{j:03d}"
            concepts.append(Concept(leaf, f"leaf {i}.{j}"))
            relations.append(Relation(leaf, "associated_with", arm, source="TEST"))
    return concepts, relations


def _tangle(seed: int) -> tuple[list[Concept], list[Relation]]:
    """A random graph with a hub, parallel edges from two sources, a negated edge, a self-loop, an edge to an
    id no source loaded and an isolated node: every case where the per-node and frontier lookups could part."""
    rng = random.Random(seed)
    ids = [f"HP:{n:07d}" for n in range(30)]
    concepts = [Concept(i, f"term {i}") for i in ids] + [Concept("HP:0999999", "isolated")]
    relations: dict[tuple[str, str, str, str, bool], Relation] = {}
    for _ in range(70):
        s, o = rng.sample(ids, 2)
        r = Relation(s, rng.choice(_PREDICATES), o, source=rng.choice(("TEST", "OTHER")), negated=rng.random() < .1)
        relations[r.key] = r
    for o in ids[1:25]:  # HP:0000000 is a hub: 24 edges more
        r = Relation(ids[0], "is_a", o, source="HUB")
        relations[r.key] = r
    for r in (Relation(ids[3], "is_a", ids[3], source="TEST"), Relation(ids[4], "is_a", "HP:0888888", source="TEST")):
        relations[r.key] = r
    return concepts, list(relations.values())


def test_a_two_hop_neighbourhood_is_one_query_per_hop(bolt_server: BoltServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = _empty_store(bolt_server)
    store.write_batch(*_star("HP:0000001", arms=5, leaves=3))
    sent = _counting_runs(store, monkeypatch)
    per_node = per_node_traversal(store).neighbors(["HP:0000001"], hops=2)  # the per-node traversal it replaced
    # one same_as lookup for the seed, the seed's edges, one lookup per arm, the concepts
    assert len(sent) == 1 + 1 + 5 + 1 and not any(map(_is_frontier_query, sent))
    sent.clear()
    frontier = store.neighbors(["HP:0000001"], hops=2)
    assert len(sent) == 1 + 2 + 1 and len([c for c in sent if _is_frontier_query(c)]) == 2
    assert frontier == per_node and len(frontier.relations) == 5 + 15
    sent.clear()
    assert store.neighbors(["HP:0000001"], hops=3) == per_node  # the third hop finds nothing new ...
    assert len([c for c in sent if _is_frontier_query(c)]) == 3  # ... in one query for the 15 leaves
    sent.clear()
    capped = store.neighbors(["HP:0000001"], hops=2, limit=7)  # the limit fills in the first page
    assert capped == per_node_traversal(store).neighbors(["HP:0000001"], hops=2, limit=7) and capped.truncated
    assert len([c for c in sent if _is_frontier_query(c)]) == 2
    store.close()


def test_frontier_traversals_answer_as_the_per_node_ones(bolt_server: BoltServer) -> None:
    store = _empty_store(bolt_server)
    concepts, relations = _tangle(seed=11)
    store.write_batch(concepts, relations)
    rng = random.Random(5)
    ids = [c.id for c in concepts]
    for seed in [*rng.sample(ids, 6), "HP:0000000", "HP:0999999", "HP:0888888"]:
        for hops, max_degree, limit in ((1, 200, 500), (2, 200, 500), (2, 4, 500), (3, 6, 25), (2, 200, 9)):
            assert store.neighbors([seed], hops=hops, max_degree=max_degree, limit=limit) == \
                per_node_traversal(store).neighbors([seed], hops=hops, max_degree=max_degree, limit=limit), (seed, hops)
    per_node = per_node_traversal(store)
    for a, b in [*(rng.sample(ids, 2) for _ in range(8)), ("HP:0000000", "HP:0000020"), ("HP:0000003", "HP:0888888")]:
        for max_degree in (3, 200):
            assert store.paths(a, b, max_degree=max_degree) == per_node.paths(a, b, max_degree=max_degree)
    store.close()


def test_frontier_pages_hold_each_nodes_whole_edge_list(bolt_server: BoltServer) -> None:
    store = _empty_store(bolt_server)
    concepts, relations = _tangle(seed=12)
    store.write_batch(concepts, relations)
    nodes = ["HP:0000000", "HP:0999999", "HP:0000003", "HP:0000004", "HP:0000017", "HP:0888888", "HP:0000009"]
    fetch = store._frontier_edges(_PREDICATES)
    for limit in (None, 2, 5):
        expected = [store._edges_of(node, _PREDICATES, limit) for node in nodes]
        for max_rows in (None, 1, 2, 3, 5, 8, 40):  # pages cut inside a node, at its end, past everything
            assert list(fetch(nodes, limit, max_rows)) == expected, (limit, max_rows)
    store.close()


def test_a_server_that_reorders_frontier_rows_is_asked_to_sort_them(bolt_server: BoltServer,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    store = _empty_store(bolt_server)
    store.write_batch(*_tangle(seed=13))
    nodes = ["HP:0000000", "HP:0000001", "HP:0000002"]
    expected = [store._edges_of(node, _PREDICATES, 10) for node in nodes]
    run = store._run

    def reordering(cypher: str, /, **params: Any) -> list[Any]:
        records = run(cypher, **params)
        return records[::-1] if _is_frontier_query(cypher) and "ORDER BY" not in cypher else records

    monkeypatch.setattr(store, "_run", reordering)
    assert list(store._frontier_edges(_PREDICATES)(nodes, 10, 15)) == expected
    assert store._ordered_frontier
    store.close()


def test_relations_are_paged_by_key_each_exactly_once(bolt_server: BoltServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = _empty_store(bolt_server)
    concepts, relations = _tangle(seed=14)
    store.write_batch(concepts, relations)
    everything = sorted(r.key for r in relations)
    sent = _counting_runs(store, monkeypatch)
    for page_nodes in (1, 2, 3, 7, 1000):  # page ends fall inside runs of a subject's edges, between, after
        sent.clear()
        read = [r.key for r in store.iter_relations(page_nodes=page_nodes)]
        assert sorted(read) == everything and len(set(read)) == len(read)
        assert [k[0] for k in read] == sorted(k[0] for k in read)  # subjects in key order
        assert not any("SKIP" in c for c in sent)
        subjects = len({c.id for c in concepts} | {r.subject for r in relations} | {r.object for r in relations})
        assert len(sent) == subjects // page_nodes + 1  # a short page is the last (an empty one after a full)
    is_a = [r.key for r in store.iter_relations(["is_a"], page_nodes=2)]
    assert sorted(is_a) == sorted(r.key for r in relations if r.predicate == "is_a") and len(set(is_a)) == len(is_a)
    assert list(store.iter_relations(())) == []
    store.close()
