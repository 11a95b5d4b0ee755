"""The passage index: one object over the passage store, the FAISS and BM25 indexes, and fusion.

Writes go to the store first (one transaction per batch) and then to the in-memory FAISS index;
`commit()` saves FAISS and rebuilds BM25, each stamped with the store generation it reflects. Opening an
index whose stamp differs from the store (a crash mid-load, a copy of the store without its indexes)
rebuilds it from the store. Search modes: `bm25`, `dense` and `hybrid` (both fused: a convex combination of
normalized scores by default, reciprocal-rank fusion with KGRAG_FUSION=rrf; see kgrag/text/fusion.py).

Index files are replaced under an exclusive lock on the index directory, so one process at a time saves
them; the holder also deletes what a save killed halfway left behind (a FAISS temp file, a BM25 directory
never linked), which would otherwise stay on disk forever, each as large as the index.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kgrag.config import Settings
from kgrag.errors import EmbeddingModelMismatchError, UserError
from kgrag.records import PassageHit, SearchMode
from kgrag.storage import Closing, atomic_write_text, leftovers
from kgrag.text.embeddings import Embedder
from kgrag.text.fusion import FUSION_METHODS, FusionMethod, convex_fusion, reciprocal_rank_fusion
from kgrag.text.lexical import LexicalIndex
from kgrag.text.passage_store import DocumentWrite, PassageStore
from kgrag.text.vectors import IndexType, VectorIndex, choose_type

SEARCH_MODES: tuple[SearchMode, ...] = ("bm25", "dense", "hybrid")
FUSION_DEPTH = 100  # candidates taken from each retriever before fusion


@dataclass(frozen=True, slots=True)
class IndexState:
    """What `kgrag index stats` reports about the two derived indexes."""

    vector_type: str
    vectors: int
    vectors_current: bool
    bm25_passages: int
    bm25_current: bool


def configured_embedder(settings: Settings) -> Embedder:
    """The embedder as configured, in the precision the passage store's vectors were made with when there is a
    store (`auto`): what the concept index must be built and queried with to match the passage index."""
    embedder = Embedder.from_settings(settings)
    if settings.passages_path.is_file():
        store = PassageStore(settings.passages_path)
        try:
            embedder.adopt(store.embedder[0])
        finally:
            store.close()
    return embedder


def saved_meta(path: Path) -> dict[str, object] | None:
    """A saved index's metadata file (generation, embedder, kind, count), or None when absent or unreadable."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


class PassageIndex(Closing):
    def __init__(self, store: PassageStore, embedder: Embedder, index_dir: Path, vector_setting: str = "auto",
                 fusion_k: int = 60, fusion: FusionMethod = "convex", fusion_alpha: float = 0.7) -> None:
        self.store = store
        self.embedder = embedder
        embedder.adopt(store.embedder[0])  # `auto` precision follows what the stored vectors were embedded in
        self.index_dir = index_dir
        self.vector_setting = vector_setting
        if fusion not in FUSION_METHODS:
            raise UserError(f"unknown fusion {fusion!r}; use one of {', '.join(FUSION_METHODS)}")
        self.fusion_k = fusion_k
        self.fusion: FusionMethod = fusion
        self.fusion_alpha = fusion_alpha
        self._vectors: VectorIndex | None = None
        self._lexical: LexicalIndex | None = None
        self._dirty = False
        self._seen_generation = -1
        self._load_lock = threading.RLock()  # one thread loads (or rebuilds) a search index; the others wait

    def load(self) -> None:
        """Load the embedding model and both search indexes now, so the first search (and its time limit)
        does not pay for them."""
        self.embedder.load()
        self.vectors()
        self.lexical()

    @classmethod
    def open(cls, settings: Settings) -> PassageIndex:
        return cls(PassageStore(settings.passages_path), Embedder.from_settings(settings), settings.index_dir,
                   settings.vector_index, settings.fusion_k, settings.fusion, settings.fusion_alpha)

    def close(self) -> None:
        self.store.close()


    @property
    def _vector_file(self) -> Path:
        return self.index_dir / "vectors.faiss"

    @property
    def _vector_meta(self) -> Path:
        return self.index_dir / "vectors.json"

    @property
    def _bm25_link(self) -> Path:
        return self.index_dir / "bm25"

    @property
    def vector_file(self) -> Path:
        """The saved FAISS index (read by `kgrag index check` without loading it into this object)."""
        return self._vector_file

    @property
    def vector_meta_file(self) -> Path:
        return self._vector_meta

    @property
    def bm25_link(self) -> Path:
        return self._bm25_link

    def stamp(self) -> dict[str, object]:
        """What a saved index must record to be current: the store generation and embedding model."""
        return self._stamp()

    def leftovers(self) -> list[Path]:
        """Files of index saves that never finished: safe to delete while no save is running."""
        return (VectorIndex.leftovers(self._vector_file) + LexicalIndex.leftovers(self._bm25_link)
                + leftovers(self._vector_meta))

    def save_in_progress(self) -> bool:
        """Whether another process holds the write lock now (its temporary files are then not leftovers)."""
        lock_file = self.index_dir / ".write.lock"
        if not lock_file.exists():
            return False
        with lock_file.open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(lock, fcntl.LOCK_UN)
        return False

    @contextmanager
    def _saving(self) -> Iterator[None]:
        """Hold the index directory's write lock (released by the kernel if this process dies, so a killed
        writer never blocks the next) and clear what earlier, interrupted saves left behind."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with (self.index_dir / ".write.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                for path in self.leftovers():
                    if path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink(missing_ok=True)
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- writes -----------------------------------------------------------------------------------

    def write(self, writes: Sequence[DocumentWrite], deletions: Sequence[str] = ()) -> tuple[int, int]:
        """Store a batch (one transaction) and mirror it into FAISS; returns (passages added, removed)."""
        vectors = self.vectors()  # brought up to date before the store moves on
        added, removed = self.store.write(writes, deletions)
        vectors.remove(removed)
        for write, ids in zip(writes, added, strict=True):
            if write.vectors is not None and ids:
                vectors.add(np.asarray(ids, dtype=np.int64), write.vectors)
        self._dirty = True
        return sum(len(ids) for ids in added), len(removed)

    def commit(self, progress: Callable[[int], None] | None = None) -> None:
        """Save FAISS (re-typed if the collection outgrew it) and rebuild BM25, both atomically."""
        if not self._dirty and self._current(self._vector_meta) and self._current(self._bm25_link / "meta.json"):
            return
        vectors = self.vectors()
        if choose_type(self.vector_setting, vectors.count) != vectors.kind and vectors.count:
            self._vectors = vectors = self._build_vectors()
        self._save_vectors(vectors)
        self._lexical = self._build_lexical(progress)
        self._dirty = False

    def rebuild(self, progress: Callable[[int], None] | None = None) -> IndexState:
        """Rebuild FAISS and BM25 from the passage store whatever their stamps say (stored vectors: nothing is
        embedded again). The repair for an index that disagrees with the store."""
        self._vectors = self._build_vectors()
        self._save_vectors(self._vectors)
        self._lexical = self._build_lexical(progress)
        self._dirty = False
        return self.state()

    # -- derived indexes --------------------------------------------------------------------------

    def _stamp(self) -> dict[str, object]:
        return {"generation": self.store.generation, "embedder": self.store.embedder[0]}

    def _current_meta(self, meta_file: Path) -> dict[str, object] | None:
        """An index's saved metadata if it reflects the store as it is now, else None."""
        meta = saved_meta(meta_file)
        return meta if meta is not None and all(meta.get(k) == v for k, v in self._stamp().items()) else None

    def _current(self, meta_file: Path) -> bool:
        return self._current_meta(meta_file) is not None

    def _drop_stale_caches(self) -> None:
        """A long-lived reader (the app) must see what another process ingested since it loaded the indexes."""
        generation = self.store.generation
        with self._load_lock:
            if generation != self._seen_generation and not self._dirty:
                self._vectors = self._lexical = None
            self._seen_generation = generation

    def vectors(self) -> VectorIndex:
        """The FAISS index as of the store's current generation (loaded, or rebuilt from stored vectors)."""
        with self._load_lock:
            if self._vectors is None:
                meta = self._current_meta(self._vector_meta)
                if meta is not None and self._vector_file.is_file():
                    self._vectors = VectorIndex.load(self._vector_file, choose_type(str(meta["kind"]), 0))
                else:
                    self._vectors = self._build_vectors()
                    self._save_vectors(self._vectors)
            return self._vectors

    def _build_vectors(self) -> VectorIndex:
        _, dimension = self.store.embedder
        parts = list(self.store.iter_vectors())
        if not parts:
            return VectorIndex.empty(dimension or 1)
        ids = np.concatenate([p[0] for p in parts])
        vectors = np.concatenate([p[1] for p in parts])
        kind: IndexType = choose_type(self.vector_setting, len(ids))
        return VectorIndex.build(ids, vectors, kind)

    def _save_vectors(self, vectors: VectorIndex) -> None:
        with self._saving():
            vectors.save(self._vector_file)
            meta = self._stamp() | {"kind": vectors.kind, "count": vectors.count}
            atomic_write_text(self._vector_meta, json.dumps(meta))

    def lexical(self) -> LexicalIndex:
        with self._load_lock:
            if self._lexical is None:
                if self._current(self._bm25_link / "meta.json"):
                    self._lexical = LexicalIndex.load(self._bm25_link)
                else:
                    self._lexical = self._build_lexical(None)
            return self._lexical

    def _build_lexical(self, progress: Callable[[int], None] | None) -> LexicalIndex:
        index = LexicalIndex.build(self.store.iter_index_texts(), progress)
        with self._saving():
            index.save(self._bm25_link, self._stamp() | {"count": index.count})
        return index

    def state(self) -> IndexState:
        """The indexes after bringing them up to date (rebuilt from the store when stale): what a search sees."""
        vectors = self.vectors()
        lexical = self.lexical()
        return IndexState(vectors.kind, vectors.count, self._current(self._vector_meta), lexical.count,
                          self._current(self._bm25_link / "meta.json"))

    def saved_vectors(self) -> VectorIndex | None:
        """The FAISS index as saved on disk, whatever its stamp (None when there is no file)."""
        if not self._vector_file.is_file():
            return None
        kind = str((saved_meta(self._vector_meta) or {}).get("kind", "flat"))
        return VectorIndex.load(self._vector_file, choose_type(kind if kind in ("flat", "ivf", "ivfpq", "hnsw")
                                                               else "flat", 0))

    def saved_bm25_ids(self) -> np.ndarray | None:
        """The passage ids the BM25 index on disk covers (None when there is none)."""
        return LexicalIndex.saved_ids(self._bm25_link)

    def saved_state(self) -> IndexState:
        """The indexes as saved, read and never rebuilt: what `kgrag index stats` reports, from the same files
        and readers `kgrag index check` compares with the store, so the two always tell the same story (after an
        interrupted load both say the saved indexes are behind; the next search or `index rebuild` repairs)."""
        vectors = self.saved_vectors()
        bm25 = self.saved_bm25_ids()
        return IndexState(vectors.kind if vectors else "-", len(vectors.ids()) if vectors else 0,
                          self._current(self._vector_meta), len(bm25) if bm25 is not None else 0,
                          self._current(self._bm25_link / "meta.json"))

    # -- search -----------------------------------------------------------------------------------

    def _check_embedder(self) -> bool:
        """True when there are vectors to search; an index made with another model is an error, not noise."""
        stored, dimension = self.store.embedder
        if not stored:
            return False
        if stored != self.embedder.signature:
            raise EmbeddingModelMismatchError(
                f"the passage index was embedded with {stored!r}, but the configured model is "
                f"{self.embedder.signature!r}; set KGRAG_EMBEDDING_MODEL (and KGRAG_EMBEDDING_BACKEND and "
                "KGRAG_EMBEDDING_PRECISION, the part after `@`) back, or re-ingest into a new data directory")
        return dimension > 0

    def _fuse(self, lexical: list[int], bm25_scores: dict[int, float], dense: list[int],
              similarity: dict[int, float]) -> list[tuple[int, float, dict[str, int]]]:
        if self.fusion == "rrf":
            return reciprocal_rank_fusion({"dense": dense, "bm25": lexical}, self.fusion_k)
        return convex_fusion([(pid, bm25_scores[pid]) for pid in lexical], [(pid, similarity[pid]) for pid in dense],
                             similarity, self.fusion_alpha)

    def search(self, query: str, mode: SearchMode = "hybrid", k: int = 10) -> list[PassageHit]:
        return self.search_many([query], mode, k)[0]

    def search_many(self, queries: Sequence[str], mode: SearchMode = "hybrid", k: int = 10,
                    lexical_queries: Sequence[str] | None = None) -> list[list[PassageHit]]:
        """Top-k passages for each query; queries are embedded in one batch.

        `lexical_queries` (one per query) replace the queries for BM25 only: the planner appends concept synonyms
        there, where extra terms add recall, and keeps the dense query as asked, where they would blur it.
        """
        if mode not in SEARCH_MODES:
            raise UserError(f"unknown search mode {mode!r}; use one of {', '.join(SEARCH_MODES)}")
        if k < 1:
            raise UserError("k must be at least 1")
        if lexical_queries is not None and len(lexical_queries) != len(queries):
            raise ValueError("lexical_queries needs one entry per query")
        self._drop_stale_caches()
        depth = max(k, FUSION_DEPTH) if mode == "hybrid" else k
        dense: list[list[int]] = [[] for _ in queries]
        lexical: list[list[int]] = [[] for _ in queries]
        similarity: list[dict[int, float]] = [{} for _ in queries]
        bm25_scores: list[dict[int, float]] = [{} for _ in queries]
        query_vectors = None
        if mode in ("dense", "hybrid") and self._check_embedder():
            query_vectors = self.embedder.embed_queries(list(queries))
            found_scores, found_ids = self.vectors().search(query_vectors, depth)
            for row, (ids, values) in enumerate(zip(found_ids, found_scores, strict=True)):
                dense[row] = [int(i) for i in ids if i >= 0]
                similarity[row] = {int(i): float(v) for i, v in zip(ids, values, strict=True) if i >= 0}
        if mode in ("bm25", "hybrid"):
            for row, query in enumerate(lexical_queries if lexical_queries is not None else queries):
                hits = self.lexical().search(query, depth)
                lexical[row] = [i for i, _ in hits]
                bm25_scores[row] = dict(hits)
        if query_vectors is not None and mode == "hybrid":  # BM25-only candidates: their cosine, stored vectors
            missing = {pid for row in range(len(queries)) for pid in lexical[row] if pid not in similarity[row]}
            stored = self.store.vectors_of(missing)
            for row in range(len(queries)):
                for pid in lexical[row]:
                    if pid not in similarity[row] and pid in stored:
                        similarity[row][pid] = float(stored[pid] @ query_vectors[row])
        results: list[list[tuple[int, float, dict[str, int]]]] = []
        for row in range(len(queries)):
            if mode == "hybrid":
                results.append(self._fuse(lexical[row], bm25_scores[row], dense[row], similarity[row])[:k])
            else:
                ranking, scores = (dense[row], similarity[row]) if mode == "dense" else (lexical[row], bm25_scores[row])
                results.append([(pid, scores[pid], {mode: rank}) for rank, pid in enumerate(ranking[:k], 1)])
        passages = self.store.get_many(pid for row in results for pid, _, _ in row)
        return [[PassageHit(passages[pid], score, ranks, similarity[row].get(pid))
                 for pid, score, ranks in hits if pid in passages]
                for row, hits in enumerate(results)]
