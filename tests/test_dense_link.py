"""The linker's dense fallback: concept-name vectors (`kgrag index concepts`), their staleness, and linking the
mentions the dictionary cannot spell. Uses the real default MiniLM: similarity is the point here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from graph_schema import NodeKind
from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.graph import GraphStore, SQLiteGraphStore
from kgrag.linking.concept_index import ConceptIndex, graph_fingerprint
from kgrag.linking.dense import DenseLinker, HybridLinker, candidate_runs
from kgrag.linking.dictionary import DictionaryLinker
from kgrag.records import Concept, Relation, Release
from kgrag.text.embeddings import Embedder

from .support.cli import CliResult
from .support.graphs import seed_graph

Cli = Callable[..., CliResult]
CONCEPTS = [
    Concept("OMIM:160900", "Myotonic dystrophy 1", NodeKind.DISEASE, synonyms=("Steinert disease",)),
    Concept("HP:0100522", "Thymoma", NodeKind.PHENOTYPE),
    Concept("HP:0003473", "Fatigable weakness", NodeKind.PHENOTYPE, synonyms=("Myasthenia",)),
    Concept("HP:0000518", "Cataract", NodeKind.PHENOTYPE),
    Concept("HP:0009999", "Retired term", NodeKind.PHENOTYPE, obsolete=True),
]
RELATIONS = [Relation("OMIM:160900", "has_phenotype", "HP:0000518", "HPO", "2025-01-16")]


def _fill(store: GraphStore) -> None:
    store.write_batch(CONCEPTS, RELATIONS)
    store.record_release(Release("HPO", "2025-01-16", "hp.obo", "sha256:one"))


@pytest.fixture
def graph(data_dir: Path) -> Path:
    seed_graph(_fill)
    return data_dir


def test_candidate_runs_skip_stop_words_numbers_and_covered_spans() -> None:
    text = "Do thymomas cause myasthenia in 12 patients, or cataract?"
    runs = [[text[a:b] for a, b in run] for run in candidate_runs(text, covered=[(50, 58)])]
    assert runs == [["thymomas"], ["myasthenia"]]  # "cause" is a relation word, never part of a mention


def test_concept_index_builds_loads_and_knows_when_it_is_stale(graph: Path) -> None:
    settings = load_settings()
    store = SQLiteGraphStore(settings.graph_path)
    embedder = Embedder()
    built = ConceptIndex.build(store, embedder, settings.concept_index_dir)
    assert built.size == 6  # four current concepts with six names and synonyms; the obsolete one is left out
    assert ("HP:0003473", "Myasthenia") in built.names
    fingerprint = graph_fingerprint(store)
    loaded = ConceptIndex.load(settings.concept_index_dir, embedder.signature, fingerprint)
    assert loaded is not None and loaded.names == built.names
    hits = loaded.search(embedder.embed_passages(["myotonic dystrophy"]), 2)[0]
    assert hits[0].concept_id == "OMIM:160900" and hits[0].score > 0.8
    assert ConceptIndex.load(settings.concept_index_dir, "another-model", fingerprint) is None
    store.record_release(Release("HPO", "2025-03-03", "hp.obo", "sha256:two"))  # the graph moved on
    assert ConceptIndex.load(settings.concept_index_dir, embedder.signature, graph_fingerprint(store)) is None
    store.close()


def test_dense_fallback_links_what_the_dictionary_misses(graph: Path) -> None:
    settings = load_settings()
    store = SQLiteGraphStore(settings.graph_path)
    embedder = Embedder()
    index = ConceptIndex.build(store, embedder, settings.concept_index_dir)
    linker = HybridLinker(DictionaryLinker.from_concepts(store.iter_concepts()), DenseLinker(index, embedder, 0.8))
    store.close()
    text = "Do thymomas cause myasthenia in myotonic dystrophy? There was no cataract."
    mentions = {m.text: m for m in linker.link(text)}
    assert mentions["thymomas"].method == "dictionary" and mentions["thymomas"].score == 0.9  # a folded plural
    assert mentions["myasthenia"].method == "dictionary" and mentions["myasthenia"].score == 1.0
    assert mentions["cataract"].negated
    dense = mentions["myotonic dystrophy"]
    assert dense.method == "dense" and dense.concept_ids == ("OMIM:160900",) and 0.8 <= dense.score < 0.9
    assert len(mentions) == 4  # "cause" alone resembles no name
    assert all(m.method == "dictionary" for m in linker.link_many(["cataract"], context=False)[0])


def test_kgrag_uses_the_concept_index_once_built(cli: Cli, graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_DENSE_LINK_THRESHOLD", "0.8")
    question = "What are the signs of myotonic dystrophy?"
    with KGRAG.from_settings() as kg:
        before = kg.retrieve(question, use_passages=False)
        assert before.linked == () and "not built: run `kgrag index concepts`" in kg.dense_linking
    assert json.loads(cli("index", "stats", "--json").out)["concept_vectors"]["state"].startswith("not built")
    result = cli("index", "concepts", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["names"] == 6
    assert json.loads(cli("index", "stats", "--json").out)["concept_vectors"] == {"names": 6, "state": "current"}
    with KGRAG.from_settings() as kg:
        after = kg.retrieve(question, use_passages=False)
        assert kg.dense_linking == "on"
    assert [(c.id, c.method) for c in after.linked] == [("OMIM:160900", "dense")]
    assert after.plan.use_kg and after.facts[0].text == "Myotonic dystrophy 1 has phenotype Cataract"


def test_index_concepts_without_a_graph_is_a_clear_error(cli: Cli, data_dir: Path) -> None:
    missing = cli("index", "concepts")
    assert missing.code == 1 and "does not exist: load a source first" in missing.err and not data_dir.exists()
    data_dir.mkdir()
    SQLiteGraphStore(data_dir / "graph.sqlite").close()
    empty = cli("index", "concepts")
    assert empty.code == 1 and "the graph is empty" in empty.err


def test_a_dictionary_mention_grows_left_only_into_a_more_specific_concept(tmp_path: Path) -> None:
    concepts = [Concept("HP:0002664", "Cancer", NodeKind.PHENOTYPE),
                Concept("HP:0012125", "Prostate carcinoma", NodeKind.PHENOTYPE),
                Concept("OMIM:160900", "Myotonic dystrophy 1", NodeKind.DISEASE),
                Concept("HP:0003473", "Myasthenia", NodeKind.PHENOTYPE)]
    store = SQLiteGraphStore(tmp_path / "graph.sqlite")
    store.write_batch(concepts, [])
    embedder = Embedder()
    index = ConceptIndex.build(store, embedder, tmp_path / "concepts")
    store.close()
    dictionary = DictionaryLinker.from_concepts(concepts)
    linker = HybridLinker(dictionary, DenseLinker(index, embedder, 0.8))
    text = "Prostate cancer may cause myasthenia. In myotonic dystrophy (DM), DM patients vary."
    found = [(m.text, m.concept_ids, m.method) for m in linker.link(text)]
    assert found == [
        ("Prostate cancer", ("HP:0012125",), "dense"),  # replaces the dictionary's "cancer"
        ("myasthenia", ("HP:0003473",), "dictionary"),  # "cause myasthenia" is still myasthenia: kept as spelled
        ("myotonic dystrophy", ("OMIM:160900",), "dense"),
        ("DM", ("OMIM:160900",), "dictionary"), ("DM", ("OMIM:160900",), "dictionary")]  # defined by a dense form


def test_an_unlinked_claim_end_is_read_by_the_concept_vectors(cli: Cli, graph: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The dictionary cannot spell "myotonic dystrophy" (the graph says "Myotonic dystrophy 1"); as the subject of a
    feature claim it needs a disease, and the nearest disease name clears the bar."""
    assert cli("index", "concepts").code == 0
    sentence = "Myotonic dystrophy is characterized by cataract."
    monkeypatch.setenv("KGRAG_CLAIM_DENSE_LINK_THRESHOLD", "0.8")
    with KGRAG.from_settings() as kg:
        [claim] = kg.verify(sentence).claims
        assert (claim.subject.concept_id, claim.predicate, claim.object.concept_id, claim.verdict) == (
            "OMIM:160900", "has_phenotype", "HP:0000518", "supported")
        assert claim.subject.text == "Myotonic dystrophy"  # the author's words, with the concept they name
        dense = kg.verifier.dense_ends
        assert dense is not None
        # The kind the role expects is required: no phenotype is named "myotonic dystrophy".
        assert dense.resolve([("myotonic dystrophy", {"Phenotype"}), ("myotonic dystrophy", {"Disease"})])[0] is None
        # A name that drops the phrase's head is not the phrase: a cataract's surgery is no cataract.
        assert dense.resolve([("cataract surgery", {"Phenotype"})], threshold=0.5) == [None]
    monkeypatch.setenv("KGRAG_CLAIM_DENSE_LINK_THRESHOLD", "1")
    with KGRAG.from_settings() as kg:
        [claim] = kg.verify(sentence).claims
        assert claim.subject.concept_id is None and claim.verdict == "unlinked"


def test_dense_fallback_never_links_a_sibling_subtype() -> None:
    """A window's subtype label must be the name's ("type IV" is no *type II*, however close the vectors)."""
    from kgrag.linking.concept_index import NameHit

    class Index:  # the nearest name of every window that ends in a subtype label
        def search(self, texts: list[str], k: int) -> list[list[NameHit]]:
            return [[NameHit("OMIM:130010", "Ehlers-danlos syndrome, type II", 0.95)]
                    if text.endswith((" II", " IV")) else [] for text in texts]

    class Echo:
        def embed_passages(self, texts: list[str]) -> list[str]:
            return texts

    linker = DenseLinker(Index(), Echo(), 0.9)  # type: ignore[arg-type]
    assert linker.link("Ehlers-Danlos syndrome type IV", [], context=False) == []
    assert [m.concept_ids for m in linker.link("Ehlers-Danlos syndrome type II", [], context=False)] == [
        ("OMIM:130010",)]
