"""The lexical index: BM25 (Lucene variant) with bm25s, English stopwords and Snowball stemming.

bm25s scores from a sparse matrix precomputed at index time, so a query is a few sparse row sums
(milliseconds at 1M passages). It has no incremental add, so the index is rebuilt from the passage store
after each ingest; tokenizing and indexing 45k passages takes seconds. Files live in a directory that a
symlink points at; a rebuild writes a new directory and swaps the link atomically.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

TOKENIZE_SLICE = 20_000  # texts tokenized per call, so progress moves on large corpora


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25 | None, ids: np.ndarray) -> None:
        self._retriever = retriever
        self._ids = ids
        self._stemmer = Stemmer.Stemmer("english")

    @property
    def count(self) -> int:
        return len(self._ids)

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        tokens = bm25s.tokenize(texts, lower=True, stopwords="en", stemmer=self._stemmer, return_ids=False,
                                show_progress=False)
        return tokens

    @classmethod
    def build(cls, rows: Iterable[tuple[int, str]], progress: Callable[[int], None] | None = None) -> LexicalIndex:
        """An index over `(passage_id, text)` rows."""
        index = cls(None, np.zeros(0, dtype=np.int64))
        ids: list[int] = []
        corpus: list[list[str]] = []
        pending_ids: list[int] = []
        pending: list[str] = []

        def flush() -> None:
            corpus.extend(index._tokens(pending))
            ids.extend(pending_ids)
            if progress is not None:
                progress(len(pending))
            pending.clear()
            pending_ids.clear()

        for passage_id, text in rows:
            pending_ids.append(passage_id)
            pending.append(text)
            if len(pending) >= TOKENIZE_SLICE:
                flush()
        if pending:
            flush()
        if corpus:
            retriever = bm25s.BM25(method="lucene")
            retriever.index(corpus, show_progress=False)
            index._retriever = retriever
        index._ids = np.asarray(ids, dtype=np.int64)
        return index

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(passage_id, score) best first; passages sharing no term with the query are left out."""
        if self._retriever is None or k <= 0:
            return []
        vocabulary = self._retriever.vocab_dict
        terms = [t for t in self._tokens([query])[0] if t in vocabulary]
        if not terms:
            return []
        scores = self._retriever.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self._ids[i]), float(scores[i])) for i in top if scores[i] > 0]

    # -- files ------------------------------------------------------------------------------------

    def save(self, link: Path, meta: dict[str, object]) -> None:
        """Write a fresh directory, then point `link` at it with an atomic symlink swap."""
        link.parent.mkdir(parents=True, exist_ok=True)
        target = link.parent / f"{link.name}-{uuid.uuid4().hex[:12]}"
        target.mkdir()
        try:
            if self._retriever is not None:
                self._retriever.save(str(target / "bm25"))
            np.save(target / "passage_ids.npy", self._ids)
            (target / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            temp_link = link.parent / f".{target.name}.link"
            os.symlink(target.name, temp_link)
            previous = link.resolve() if link.is_symlink() else None
            os.replace(temp_link, link)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        if previous is not None and previous != target and previous.is_dir():
            shutil.rmtree(previous, ignore_errors=True)

    @staticmethod
    def saved_meta(link: Path) -> dict[str, object] | None:
        try:
            data = json.loads((link / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    @staticmethod
    def saved_ids(link: Path) -> np.ndarray | None:
        """The passage ids a saved index covers, without loading the index (None when there is none)."""
        try:
            return np.asarray(np.load(link / "passage_ids.npy"), dtype=np.int64)
        except (OSError, ValueError):
            return None

    @staticmethod
    def leftovers(link: Path) -> list[Path]:
        """Index directories `link` does not point at, and temporary links: what a save that died before
        (or right after) its link swap leaves behind."""
        current = link.resolve() if link.is_symlink() else None
        stale = [p for p in link.parent.glob(f"{glob.escape(link.name)}-*") if p.is_dir() and p.resolve() != current]
        return sorted(stale + list(link.parent.glob(f".{glob.escape(link.name)}-*.link")))

    @classmethod
    def load(cls, link: Path) -> LexicalIndex:
        ids = np.load(link / "passage_ids.npy")
        retriever = bm25s.BM25.load(str(link / "bm25")) if (link / "bm25").is_dir() else None
        return cls(retriever, ids)
