"""The Neo4j backend against a real Bolt server (ArcadeDB): connection errors, the CLI and a real load.

The GraphStore behaviour itself is covered by the conformance suite, which runs on this server too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag.graph import Neo4jGraphStore
from kgrag.graph.neo4j import GraphConnectionError
from kgrag.records import Concept
from tests.support.bolt_server import BoltServer
from tests.support.cli import CliResult
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
