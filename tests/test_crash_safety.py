"""Crash safety: SIGKILL a load at exact points, run it again, and get what an uninterrupted load gives.

Each case kills `kgrag ingest ...` with a real SIGKILL (no `finally`, no rollback in Python, no atexit) at
one point: after a batch commits but before its checkpoint is written, in the middle of a file, just
before a release is recorded or the manifest marks the load finished, halfway through writing the passage
index's files. The same command is then run again, normally, and the data directory must equal a clean
load of the same input in another directory: concepts, edges (no duplicates), `same_as` links, name rows,
releases (counts included), and for the literature the documents, passages, stored vectors, FAISS ids and
BM25 ids, with `kgrag graph check` / `kgrag index check` finding nothing and nothing left behind.

Loads run in forked children of the test process through tests/support/kill_at.py (see its docstring: the child
inherits imported modules, so each run costs a fraction of a second; one case runs the launcher as a fresh
interpreter too). Batch sizes are tiny so that the fixtures give several batches per file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kgrag.config import load_settings
from kgrag.graph import SQLiteGraphStore
from kgrag.graph.check import check_graph
from kgrag.text import PassageIndex
from kgrag.text.embeddings import split_signature
from kgrag.text.index_check import check_index
from kgrag.text.lexical import LexicalIndex
from kgrag.text.vectors import VectorIndex

from .support.kill_at import run_forked
from .support.literature import article, medline
from .support.paths import FIXTURES

REPO = Path(__file__).resolve().parents[1]
KILLED = -signal.SIGKILL
HPO = FIXTURES / "hpo_mini"
UMLS = FIXTURES / "umls_mini" / "2099AA" / "META"
DRUGBANK_XML = FIXTURES / "drugbank" / "drugbank_mini.xml"
DRUGBANK_CSV = FIXTURES / "drugbank" / "drugbank_vocabulary_mini.csv"

STORE = "kgrag.graph.sqlite:SQLiteGraphStore"
MANIFEST = "ingest.manifest:Manifest"
PASSAGES = "kgrag.text.passage_store:PassageStore"

# (name, kgrag arguments, records per batch, kill points). Call numbers were counted on the fixtures at these
# batch sizes: HPO writes 14 batches (hp.obo 1-7, phenotype.hpoa 8-11, genes 12-14) and records one release per
# file; UMLS writes MRCONSO in batches 1-9, MRSTY 10-14, MRDEF 15, MRREL 16-19; DrugBank one drug (or CSV row)
# per batch, 3 batches.
GRAPH_CASES: list[tuple[str, list[str], int, list[str]]] = [
    ("hpo", ["ingest", "hpo", str(HPO)], 3, [
        f"after:{STORE}.write_batch:1",  # the first batch is committed
        f"before:{STORE}.write_batch:9",  # the middle of phenotype.hpoa, hp.obo finished and recorded
        f"before:{STORE}.record_release:3",  # every batch committed, the last file's release not recorded
    ]),
    ("umls", ["ingest", "umls", str(UMLS)], 2, [
        f"after:{STORE}.write_batch:1",  # the first batch is committed, its checkpoint not written
        f"before:{MANIFEST}.committed:5",  # the middle of MRCONSO: batch 5 committed, the manifest at batch 4
        "before:ingest.umls:_save_cuis:1",  # MRCONSO committed and recorded, its loaded-CUI bitmap not saved
        f"after:{STORE}.write_batch:17",  # the middle of MRREL, which needs the bitmap of the earlier run
        f"before:{MANIFEST}.finish:1",  # everything committed and recorded, the load not marked finished
    ]),
    ("drugbank-xml", ["ingest", "drugbank", str(DRUGBANK_XML)], 1, [
        f"after:{STORE}.write_batch:1",  # the first drug committed, its checkpoint not written
        f"before:{MANIFEST}.committed:3",  # the last drug committed, the manifest one drug behind
        f"before:{STORE}.record_release:1",  # every drug committed, the release not recorded
        f"before:{MANIFEST}.finish:1",  # the release recorded, the load not marked finished
    ]),
    ("drugbank-csv", ["ingest", "drugbank", str(DRUGBANK_CSV)], 1, [
        f"after:{STORE}.write_batch:2",  # the middle of the file
        f"before:{STORE}.record_release:1",  # every row committed, the release not recorded
    ]),
]


# Settings a developer's shell may hold that would change what a load does; every run here uses the defaults.
UNSET = ("KGRAG_GRAPH_BACKEND", "KGRAG_EMBEDDING_MODEL", "KGRAG_QUERY_EMBEDDING_MODEL", "KGRAG_VECTOR_INDEX",
         "KGRAG_CHUNK_TOKENS", "KGRAG_CHUNK_OVERLAP", "KGRAG_EMBEDDING_BATCH_SIZE")


def run_env(data: Path, batch_size: int) -> dict[str, str | None]:
    return {"KGRAG_DATA_DIR": str(data), "KGRAG_CONFIG": "",
            "KGRAG_BATCH_SIZE": str(batch_size), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
            **dict.fromkeys(UNSET)}


def ingest(data: Path, argv: list[str], batch_size: int, kill: str | None = None) -> int:
    """One `kgrag ARGV` run in its own process against `data`; with `kill`, SIGKILLed at that point."""
    data.mkdir(parents=True, exist_ok=True)
    env = run_env(data, batch_size)
    log = data.parent / f"{data.name}.log"
    code = run_forked([kill] if kill else [], [*argv, "--no-progress"], env, log, timeout=300)
    assert code == (KILLED if kill else 0), f"{kill or 'clean run'} ended with {code}:\n{log.read_text()[-3000:]}"
    return code


# -- the graph ------------------------------------------------------------------------------------


def graph_state(data: Path) -> dict[str, Any]:
    """Everything a load leaves in the embedded graph that a re-run must reproduce exactly."""
    with SQLiteGraphStore(data / "graph.sqlite") as store:
        stats = store.stats()
        relations = list(store.iter_relations())
        keys = [r.key for r in relations]
        assert len(keys) == len(set(keys)), "duplicate edges"
        assert [r for r in check_graph(store) if not r.ok] == []
        raw = sqlite3.connect(data / "graph.sqlite")
        try:
            raw.execute("INSERT INTO names_fts(names_fts) VALUES ('integrity-check')")  # raises if FTS disagrees
            names = sorted(raw.execute("SELECT concept_id, name, norm, preferred FROM names").fetchall())
        finally:
            raw.close()
        return {
            "nodes": stats.nodes, "edges": stats.edges, "by_kind": stats.by_kind, "by_predicate": stats.by_predicate,
            "concepts": sorted(repr(c.to_dict()) for c in store.iter_concepts()),
            "relations": sorted(repr((r.key, r.source_release, r.source_relation, sorted(dict(r.evidence).items())))
                                for r in relations),
            "same_as": sorted((r.subject, r.object) for r in relations if r.predicate == "same_as"),
            "names": names,
            "releases": sorted((r.source, r.version, r.file, r.checksum, sorted(r.counts.items()))
                               for r in stats.releases),
        }


def leftovers(data: Path) -> list[str]:
    """Temporary files of writes that never finished (write-then-rename leaves them when killed)."""
    return sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.name.endswith((".tmp", ".part")))


@pytest.fixture(scope="module")
def clean_graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Each graph case loaded once, uninterrupted, in its own data directory."""
    base = tmp_path_factory.mktemp("clean")
    states = {}
    for name, argv, batch_size, _ in GRAPH_CASES:
        ingest(base / name, argv, batch_size)
        states[name] = graph_state(base / name)
    return states


@pytest.mark.parametrize(("name", "argv", "batch_size", "kill"),
                         [pytest.param(name, argv, size, kill, id=f"{name}-{kill.split(':', 1)[1]}")
                          for name, argv, size, kills in GRAPH_CASES for kill in kills])
def test_a_killed_graph_load_resumes_to_the_clean_state(
        name: str, argv: list[str], batch_size: int, kill: str, tmp_path: Path,
        clean_graphs: dict[str, dict[str, Any]]) -> None:
    data = tmp_path / "crashed"
    ingest(data, argv, batch_size, kill)
    assert (data / "graph.sqlite").is_file()
    ingest(data, argv, batch_size)
    assert graph_state(data) == clean_graphs[name]
    assert leftovers(data) == []
    manifests = list((data / "manifests").glob("*.json"))
    assert all(json.loads(m.read_text())["finished"] for m in manifests)
    if manifests:  # UMLS and DrugBank: the finished load is now skipped, and a skipped run changes nothing
        ingest(data, argv, batch_size)
        assert graph_state(data) == clean_graphs[name]


def test_the_launcher_kills_a_fresh_interpreter_too(tmp_path: Path, clean_graphs: dict[str, dict[str, Any]]) -> None:
    """`python -m tests.support.kill_at` on its own, as a developer would run it by hand."""
    data = tmp_path / "crashed"
    env = {k: v for k, v in {**os.environ, **run_env(data, 1)}.items() if v is not None}
    killed = subprocess.run([sys.executable, "-m", "tests.support.kill_at", f"after:{STORE}.write_batch:2", "--",
                             "ingest", "drugbank", str(DRUGBANK_XML), "--no-progress"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == KILLED, killed.stderr
    with SQLiteGraphStore(data / "graph.sqlite") as store:
        assert store.stats().releases == ()  # killed before the end: two drugs committed, nothing recorded
    ingest(data, ["ingest", "drugbank", str(DRUGBANK_XML)], 1)
    assert graph_state(data) == clean_graphs["drugbank-xml"]


# -- the literature -------------------------------------------------------------------------------

RECORDS = [article(str(pmid), f"Study {pmid} of connective tissue", [
    ("BACKGROUND", f"Marfan syndrome case {pmid} with ectopia lentis. " * (1 + pmid % 3)),
    ("RESULTS", "Arachnodactyly was common. " * (pmid % 4))]) for pmid in range(1, 10)]
# A later record of PMID 5 replaces the earlier one in the same file (`--same-id replace`; the batch of two
# holding both keeps one).
UPDATED = article("5", "Study 5, corrected", [("abstract", "A corrected version of record five.")])

# Each kill point on its own fresh data directory. The load writes 5 batches of 2 documents; the first store
# write also saves an empty FAISS index (write_index call 1), the final commit saves FAISS (call 2) then BM25.
LITERATURE_KILLS = [
    f"after:{PASSAGES}._set_meta:2",  # fresh store: model stamp written, its dimension not yet
    f"after:{PASSAGES}.write:2",  # two batches committed, FAISS and BM25 files behind the store
    "after:faiss:write_index:2",  # the final FAISS file written to its temp name, not renamed
    "after:bm25s:BM25.save:1",  # the final BM25 directory written, the link not swapped to it
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return medline(tmp_path_factory.mktemp("corpus") / "pubmed.xml", *RECORDS, UPDATED)


def literature_argv(corpus: Path) -> list[str]:
    return ["ingest", "literature", str(corpus), "--batch-size", "2", "--no-link", "--same-id", "replace"]


def literature_state(data: Path) -> dict[str, Any]:
    """The passage store's content, and what the saved FAISS and BM25 files hold, read from disk."""
    settings = load_settings(data_dir=data, **dict.fromkeys(("embedding_model", "query_embedding_model"), ""),
                             vector_index="auto")
    with PassageIndex.open(settings) as index:
        assert [r for r in check_index(index) if not r.ok] == []
        assert index.leftovers() == []
        db = sqlite3.connect(data / "passages.sqlite")
        try:
            documents = db.execute("SELECT doc_id, title, journal, year, mesh, publication_types, source, "
                                   "content_hash, extra FROM documents ORDER BY doc_id").fetchall()
            rows = db.execute('SELECT id, doc_id, ordinal, section, start, "end", text, vector FROM passages '
                              "ORDER BY doc_id, ordinal").fetchall()
        finally:
            db.close()
        faiss_ids = VectorIndex.load(index.vector_file, "flat").ids()
        bm25_ids = LexicalIndex.saved_ids(index.bm25_link)
        assert bm25_ids is not None
        ids = [row[0] for row in rows]
        assert sorted(faiss_ids.tolist()) == sorted(bm25_ids.tolist()) == sorted(ids)  # each passage once in each
        return {
            "documents": documents,
            "passages": [row[1:7] for row in rows],
            "vectors": np.stack([np.frombuffer(row[7], dtype=np.float32) for row in rows]),
            "faiss": len(faiss_ids), "bm25": len(bm25_ids), "embedder": index.store.embedder,
        }


@pytest.fixture(scope="module")
def clean_literature(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, Any]:
    import sentence_transformers  # noqa: F401 - imported once here, inherited by every forked load

    data = tmp_path_factory.mktemp("clean-literature") / "data"
    ingest(data, literature_argv(corpus), 2)
    return literature_state(data)


@pytest.mark.parametrize("kill", LITERATURE_KILLS, ids=[k.split(":", 1)[1] for k in LITERATURE_KILLS])
def test_a_killed_literature_load_resumes_to_the_clean_state(kill: str, tmp_path: Path, corpus: Path,
                                                             clean_literature: dict[str, Any]) -> None:
    data = tmp_path / "crashed"
    ingest(data, literature_argv(corpus), 2, kill)
    ingest(data, literature_argv(corpus), 2)
    state = literature_state(data)
    vectors, expected_vectors = state.pop("vectors"), clean_literature["vectors"]
    assert state == {k: v for k, v in clean_literature.items() if k != "vectors"}
    assert state["documents"] and state["faiss"] == state["bm25"] == len(state["passages"]) == len(vectors)
    # Batches hold other neighbours after a resume (padding differs), so the floats may differ in the last bits:
    # ~1e-6 in fp32, up to ~1e-3 in bf16 (the default on CPUs with native bf16). Another passage's vector would be
    # off by ~0.05 an element, so the check still tells a right vector from a wrong one.
    tolerance = 1e-5 if split_signature(state["embedder"][0])[1] == "fp32" else 3e-3
    np.testing.assert_allclose(vectors, expected_vectors, atol=tolerance)


def test_after_an_interrupted_load_stats_and_check_tell_the_same_story(tmp_path: Path, corpus: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`index stats` reports the indexes as saved (never rebuilding them), from the readers `index check` uses."""
    from kgrag.cli import main

    data = tmp_path / "crashed"
    ingest(data, literature_argv(corpus), 2, f"after:{PASSAGES}.write:2")  # two batches in the store only
    for key, value in run_env(data, 2).items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)

    def run(*argv: str) -> dict[str, Any]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(list(argv))
        data: dict[str, Any] = json.loads(out.getvalue())
        return data

    checks = {c["name"]: c for c in run("index", "check", "--json")["checks"]}
    stats = run("index", "stats", "--json")
    passages = stats["passages"]
    assert passages > 0 and checks["BM25 index = passages"]["problems"] == passages  # none of them in BM25 ...
    assert stats["bm25_passages"] == 0 and stats["bm25_current"] is False  # ... and stats says so too
    assert stats["vectors"] == passages - checks["FAISS index = stored vectors"]["problems"]
    assert run("index", "check", "--json")["ok"] is False  # stats repaired nothing behind the user's back
    assert run("index", "rebuild", "--json")["bm25_passages"] == passages
    after = run("index", "stats", "--json")
    assert (after["bm25_passages"], after["vectors"], after["bm25_current"]) == (passages, passages, True)
    repaired = {c["name"]: c["problems"] for c in run("index", "check", "--json")["checks"]}
    assert repaired["BM25 index = passages"] == repaired["FAISS index = stored vectors"] == 0
