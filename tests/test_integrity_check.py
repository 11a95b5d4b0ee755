"""`kgrag graph check` and `kgrag index check` on stores corrupted on purpose.

Each test breaks one invariant by hand (raw SQL on the embedded stores, a rewritten index file, a raw Cypher
write on the Bolt server), asserts the check reports exactly the problems that follow from it with the repair
hint and exit code 1, then runs the repair the hint names and asserts the check is clean again (exit 0).
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kgrag.graph import GraphStore, SQLiteGraphStore
from kgrag.graph.check import DUPLICATES_HINT, check_graph
from kgrag.graph.neo4j import Neo4jGraphStore
from kgrag.records import Concept, Relation, Release
from kgrag.text.embeddings import split_signature
from kgrag.text.index_check import COMPLETE_STAMP, OTHER_MODEL, PRUNE_AND_RELOAD, REBUILD
from kgrag.text.vectors import VectorIndex

from .support.cli import CliResult
from .support.literature import MARFAN, STATINS, medline
from .support.paths import FIXTURES

Cli = Callable[..., CliResult]
HPO = FIXTURES / "hpo_mini"
HPO_HINT = "re-run `kgrag ingest hpo [PATH]` (keyed upserts rewrite what is missing)"


def check(cli: Cli, what: str) -> tuple[int, dict[str, dict[str, Any]]]:
    """Exit code, and the checks that found problems, by name."""
    result = cli(what, "check", "--json")
    report = json.loads(result.out)
    assert report["ok"] == (result.code == 0) and result.code in (0, 1), result.err
    assert all(c["status"] == ("ok" if c["problems"] == 0 else "problem") for c in report["checks"])
    return result.code, {c["name"]: c for c in report["checks"] if c["status"] == "problem"}


def summary(problems: dict[str, dict[str, Any]]) -> dict[str, tuple[int, str]]:
    return {name: (c["problems"], c["hint"]) for name, c in problems.items()}


# -- the graph ------------------------------------------------------------------------------------


@pytest.fixture
def hpo_graph(cli: Cli, data_dir: Path) -> Path:
    assert cli("ingest", "hpo", str(HPO), "--json").code == 0
    return data_dir / "graph.sqlite"


def raw_sql(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql, params).fetchall()


def test_a_clean_graph_passes_every_check(cli: Cli, hpo_graph: Path) -> None:
    assert check(cli, "graph") == (0, {})
    report = json.loads(cli("graph", "check", "--json").out)
    assert [c["name"] for c in report["checks"]] == [
        "the graph holds concepts", "edges join loaded concepts", "same_as links start at a loaded concept",
        "one edge per key", "edges come from recorded releases", "loads finished"]
    assert all(c["checked"] > 0 and c["hint"] == "" for c in report["checks"])
    table = cli("graph", "check")
    assert table.code == 0 and "no problems found" in table.out and "one edge per key" in table.out


def test_a_concept_deleted_under_its_edges_is_reported_and_a_reload_repairs_it(cli: Cli, hpo_graph: Path) -> None:
    node = "HP:0001166"
    clinical = raw_sql(hpo_graph, "SELECT count(*) FROM edges WHERE predicate != 'same_as' AND (subject = ? OR "
                                  "object = ?)", (node, node))[0][0]
    identities = raw_sql(hpo_graph, "SELECT count(*) FROM edges WHERE predicate = 'same_as' AND subject = ?",
                         (node,))[0][0]
    assert clinical >= 3 and identities >= 1
    raw_sql(hpo_graph, "DELETE FROM concepts WHERE id = ?", (node,))

    code, problems = check(cli, "graph")
    assert code == 1
    assert summary(problems) == {"edges join loaded concepts": (clinical, HPO_HINT),
                                 "same_as links start at a loaded concept": (identities, HPO_HINT)}
    assert all(node in example for example in problems["edges join loaded concepts"]["examples"])
    table = cli("graph", "check")
    assert table.code == 1 and "repair: re-run `kgrag ingest hpo [PATH]`" in table.out and node in table.out

    assert cli("ingest", "hpo", str(HPO), "--json").code == 0  # the repair the hint names
    assert check(cli, "graph") == (0, {})


def test_edges_of_an_unrecorded_release_are_reported(cli: Cli, hpo_graph: Path) -> None:
    edges = raw_sql(hpo_graph, "SELECT count(*) FROM edges")[0][0]
    raw_sql(hpo_graph, "DELETE FROM releases")  # as if every file's load died before recording its release
    code, problems = check(cli, "graph")
    assert code == 1 and summary(problems) == {"edges come from recorded releases": (edges, HPO_HINT)}
    assert problems["edges come from recorded releases"]["examples"] == [
        f"HPO 2099-01-01: {edges:,} edges, release not recorded"]
    assert cli("ingest", "hpo", str(HPO), "--json").code == 0
    assert check(cli, "graph") == (0, {})


def _duplicate_one_edge(store: GraphStore, edge: Relation) -> None:
    """Store `edge` a second time behind the store's back: what two writers merging at once can leave."""
    if isinstance(store, SQLiteGraphStore):
        # A healthy file cannot hold a duplicate: its unique index has to go first (a file copied without it).
        store._conn.execute("DROP INDEX edges_key")
        store._conn.execute("INSERT INTO edges SELECT * FROM edges WHERE subject = ? AND object = ?",
                            (edge.subject, edge.object))
    elif isinstance(store, Neo4jGraphStore):
        store._run("MATCH (s:Node {id: $s})-[e:IS_A]->(o:Node {id: $o}) CREATE (s)-[:IS_A {source: e.source, "
                   "negated: e.negated, source_release: e.source_release, source_relation: e.source_relation, "
                   "evidence: e.evidence}]->(o)", s=edge.subject, o=edge.object)
    else:  # pragma: no cover - a new backend needs its own way to corrupt itself here
        raise AssertionError(f"no corruption recipe for {type(store).__name__}")


def test_duplicate_edges_are_reported_on_every_backend(store: GraphStore) -> None:
    edge = Relation("HP:0001166", "is_a", "HP:0000118", "TEST", "r1")
    store.write_batch([Concept("HP:0001166", "Arachnodactyly"), Concept("HP:0000118", "Phenotypic abnormality")],
                      [edge, Relation("HP:0001166", "same_as", "UMLS:C0003706", "TEST", "r1")])
    unrecorded = [r for r in check_graph(store) if not r.ok]
    assert [(r.name, r.problems, r.examples) for r in unrecorded] == [
        ("edges come from recorded releases", 2, ("TEST r1: 2 edges, release not recorded",))]
    assert unrecorded[0].hint == "re-run the load of TEST (keyed upserts rewrite what is missing)"
    store.record_release(Release("TEST", "r1", "test.obo", "sha256:0", "2099-01-01T00:00:00+00:00"))
    assert all(r.ok for r in check_graph(store))

    _duplicate_one_edge(store, edge)
    problems = [r for r in check_graph(store) if not r.ok]
    assert [(r.name, r.problems, r.hint) for r in problems] == [("one edge per key", 1, DUPLICATES_HINT)]
    assert problems[0].examples == ("HP:0001166 -is_a-> HP:0000118 (TEST)",)


# -- the passage index ----------------------------------------------------------------------------


@pytest.fixture
def passages(cli: Cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             tiny_embedding_model: Path) -> Path:
    """Two abstracts indexed with the tiny test model; returns the corpus file (for re-runs)."""
    monkeypatch.setenv("KGRAG_EMBEDDING_MODEL", str(tiny_embedding_model))
    monkeypatch.setenv("KGRAG_CHUNK_TOKENS", "96")
    corpus = medline(tmp_path / "pubmed.xml", MARFAN, STATINS)
    assert cli("ingest", "literature", str(corpus), "--no-progress").code == 0
    return corpus


def test_a_clean_index_passes_every_check(cli: Cli, passages: Path) -> None:
    assert check(cli, "index") == (0, {})
    report = json.loads(cli("index", "check", "--json").out)
    assert [c["name"] for c in report["checks"]] == [
        "passages have their document", "documents have passages", "embedding model stamp", "passages have vectors",
        "FAISS index = stored vectors", "BM25 index = passages", "no leftovers of interrupted saves",
        "loads finished"]
    checked = report["checks"][0]["checked"]
    assert checked >= 4 and report["checks"][4]["checked"] == report["checks"][5]["checked"] == checked
    assert report["checks"][4]["note"] == report["checks"][5]["note"] == "current"
    table = cli("index", "check")
    assert table.code == 0 and "no problems found" in table.out and "FAISS" in table.out


def test_a_deleted_document_row_leaves_orphan_passages_that_prune_and_reload_repair(
        cli: Cli, passages: Path, data_dir: Path) -> None:
    db = data_dir / "passages.sqlite"
    orphans = raw_sql(db, "SELECT count(*) FROM passages WHERE doc_id = 'PMID:100'")[0][0]
    assert orphans >= 3  # the long Marfan abstract, several passages
    raw_sql(db, "DELETE FROM documents WHERE doc_id = 'PMID:100'")

    code, problems = check(cli, "index")
    assert code == 1 and summary(problems) == {"passages have their document": (orphans, PRUNE_AND_RELOAD)}
    assert problems["passages have their document"]["examples"][0].endswith("of PMID:100")

    pruned = json.loads(cli("index", "rebuild", "--prune", "--json").out)
    assert (pruned["pruned_passages"], pruned["pruned_documents"]) == (orphans, 0)
    assert check(cli, "index") == (0, {})
    assert cli("ingest", "literature", str(passages), "--no-progress").code == 0  # PMID:100 is loaded again
    assert raw_sql(db, "SELECT count(*) FROM passages WHERE doc_id = 'PMID:100'")[0][0] == orphans
    assert check(cli, "index") == (0, {})


def test_vectors_dropped_from_faiss_are_reported_and_a_rebuild_restores_them(
        cli: Cli, passages: Path, data_dir: Path) -> None:
    faiss_file = data_dir / "index" / "vectors.faiss"
    index = VectorIndex.load(faiss_file, "flat")
    dropped = sorted(index.ids().tolist())[:2]
    index.remove(dropped)
    index.save(faiss_file)  # its stamp still says current: only the ids tell

    code, problems = check(cli, "index")
    assert code == 1 and summary(problems) == {"FAISS index = stored vectors": (2, REBUILD)}
    assert problems["FAISS index = stored vectors"]["examples"] == [f"passage {i} not in FAISS" for i in dropped]
    assert cli("index", "rebuild").code == 0
    assert check(cli, "index") == (0, {})


def test_a_passage_without_its_vector_is_pruned_and_embedded_again(cli: Cli, passages: Path, data_dir: Path) -> None:
    db = data_dir / "passages.sqlite"
    passage = raw_sql(db, "SELECT id FROM passages WHERE doc_id = 'PMID:200'")[0][0]
    raw_sql(db, "UPDATE passages SET vector = NULL WHERE id = ?", (passage,))
    code, problems = check(cli, "index")
    assert code == 1 and summary(problems) == {  # FAISS still holds the vector the store lost
        "passages have vectors": (1, PRUNE_AND_RELOAD), "FAISS index = stored vectors": (1, REBUILD)}
    assert problems["FAISS index = stored vectors"]["examples"] == [f"FAISS holds id {passage}, which is no passage"]
    assert json.loads(cli("index", "rebuild", "--prune", "--json").out)["pruned_documents"] == 1
    assert cli("ingest", "literature", str(passages), "--no-progress").code == 0
    assert check(cli, "index") == (0, {})
    assert raw_sql(db, "SELECT count(*) FROM passages WHERE vector IS NULL")[0][0] == 0


def test_leftovers_of_interrupted_saves_are_reported_and_removed(cli: Cli, passages: Path, data_dir: Path) -> None:
    index_dir = data_dir / "index"
    (index_dir / "vectors.faissk3j2l1.tmp").write_bytes(b"half a FAISS file")
    (index_dir / "bm25-0123456789ab").mkdir()  # a BM25 directory the link never pointed at
    code, problems = check(cli, "index")
    assert code == 1 and summary(problems) == {"no leftovers of interrupted saves": (2, REBUILD)}
    with (index_dir / ".write.lock").open("a") as lock:  # another process saving now: its temp files are not stale
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert check(cli, "index") == (0, {})
    assert cli("index", "rebuild").code == 0
    assert check(cli, "index") == (0, {})
    assert sorted(p.name for p in index_dir.iterdir() if not p.name.startswith(".")) == [
        "bm25", (index_dir / "bm25").resolve().name, "vectors.faiss", "vectors.json"]


def test_the_embedding_model_stamp(cli: Cli, passages: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = data_dir / "passages.sqlite"
    monkeypatch.setenv("KGRAG_EMBEDDING_MODEL", "some-other-model")  # checked by name: nothing is loaded
    code, problems = check(cli, "index")
    assert code == 1 and summary(problems) == {"embedding model stamp": (1, OTHER_MODEL)}
    stamp = raw_sql(db, "SELECT value FROM meta WHERE key = 'embedder'")[0][0]
    monkeypatch.setenv("KGRAG_EMBEDDING_MODEL", split_signature(stamp)[0])  # the model part, without `@bf16`

    raw_sql(db, "DELETE FROM meta WHERE key = 'dimension'")  # a stamp written halfway (by an older kgrag)
    code, problems = check(cli, "index")
    assert code == 1 and summary(problems)["embedding model stamp"] == (1, COMPLETE_STAMP)
    assert cli("ingest", "literature", str(passages), "--no-progress").code == 0  # completes the stamp
    assert check(cli, "index") == (0, {})


def test_a_missing_data_dir_is_a_problem_and_checking_creates_nothing(cli: Cli, data_dir: Path) -> None:
    graph = cli("graph", "check")
    assert graph.code == 1 and f"the data directory {data_dir} does not exist" in graph.out
    assert "kgrag ingest hpo" in graph.out
    index = cli("index", "check", "--json")
    assert index.code == 1 and json.loads(index.out)["checks"][0]["name"] == "a passage index to check"
    for read_only in (("graph", "stats"), ("graph", "search", "marfan"), ("index", "stats"), ("config", "show"),
                      ("feedback", "export"), ("ask", "What is Marfan syndrome?"), ("verify", "FBN1 causes it.")):
        cli(*read_only)
    assert not data_dir.exists()  # no read-only command created the data dir


def test_an_empty_graph_and_an_unfinished_load_are_reported(cli: Cli, data_dir: Path, hpo_release: Path,
                                                            crash_on_write: Callable[[int], Callable[[], None]]
                                                            ) -> None:
    data_dir.mkdir()
    SQLiteGraphStore(data_dir / "graph.sqlite").close()
    empty = json.loads(cli("graph", "check", "--json").out)
    assert [c["name"] for c in empty["checks"] if c["status"] == "problem"] == ["the graph holds concepts"]
    crash_on_write(1)  # the load dies at its first commit, as a kill would
    assert cli("ingest", "hpo", str(hpo_release), "--no-progress").code != 0
    stopped = cli("graph", "check")
    assert stopped.code == 1 and "the HPO load of" in stopped.out and "stopped before its end" in stopped.out
    assert "kgrag ingest hpo" in stopped.out


@pytest.mark.parametrize("kind", ["flat", "ivf", "ivfpq", "hnsw"])
def test_every_faiss_index_type_lists_its_ids(kind: str, tmp_path: Path) -> None:
    """The FAISS check compares ids, and IVF indexes keep them in their inverted lists, not in an id map."""
    rng = np.random.default_rng(7)
    ids = rng.choice(10_000, size=300, replace=False).astype(np.int64)  # IVF-PQ trains on 256+
    vectors = rng.standard_normal((300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex.build(ids, vectors, kind)  # type: ignore[arg-type]
    index.save(tmp_path / "vectors.faiss")
    loaded = VectorIndex.load(tmp_path / "vectors.faiss", kind)  # type: ignore[arg-type]
    assert loaded.kind == kind and sorted(loaded.ids().tolist()) == sorted(ids.tolist())
    assert VectorIndex.leftovers(tmp_path / "vectors.faiss") == []
