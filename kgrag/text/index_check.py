"""`kgrag index check`: does the passage store agree with itself, and do FAISS and BM25 mirror it?

The passage store is the truth and the two search indexes are caches of it (kgrag/text/passage_index.py).
This module reads the saved index files as they are on disk and never rebuilds them: opening the index for
search would quietly rebuild a stale one and so hide what a crash or a hand edit left behind. Nothing here
loads the embedding model; the model check compares the configured model's name with the stored stamp.

Each check names its repair: `kgrag index rebuild` re-derives FAISS and BM25 from the store (no
re-embedding); `--prune` first deletes store rows that cannot be served, so that re-running
`kgrag ingest literature` on the same files loads those documents again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kgrag.records import CheckResult, Found
from kgrag.records.checks import EXAMPLES, result
from kgrag.text.lexical import LexicalIndex
from kgrag.text.passage_index import PassageIndex, saved_meta

REBUILD = "run `kgrag index rebuild`"
PRUNE_AND_RELOAD = "run `kgrag index rebuild --prune`, then re-run `kgrag ingest literature` on the same files"
COMPLETE_STAMP = "re-run `kgrag ingest literature` (it completes the stamp before embedding anything)"
OTHER_MODEL = ("configure the model the passages were embedded with (KGRAG_EMBEDDING_MODEL, "
               "KGRAG_QUERY_EMBEDDING_MODEL), or ingest into a new data directory")


def check_index(index: PassageIndex) -> list[CheckResult]:
    """Every passage-index check, in the order `kgrag index check` prints them."""
    store = index.store
    stats = store.stats()
    return [
        result("passages have their document", stats.passages, store.orphan_passages(), PRUNE_AND_RELOAD),
        result("documents have passages", stats.documents, store.documents_without_passages(), PRUNE_AND_RELOAD),
        check_embedding_model(index),
        check_stored_vectors(index),
        check_vector_index(index),
        check_lexical_index(index),
        check_leftovers(index),
    ]


def check_embedding_model(index: PassageIndex) -> CheckResult:
    """The stamp of the model the stored vectors were made with: complete, and the model configured now
    (queries embedded by another model land in another vector space: results would be noise)."""
    stored, dimension = index.store.embedder
    configured = index.embedder.signature
    name = "embedding model stamp"
    if not stored:
        return CheckResult(name, 0, 0, note="no passages embedded yet")
    if not dimension:
        return result(name, 1, Found(1, (f"{stored!r} recorded without its dimension",)), COMPLETE_STAMP)
    if stored != configured:
        return result(name, 1, Found(1, (f"passages embedded with {stored!r}, configured {configured!r}",)),
                      OTHER_MODEL)
    return CheckResult(name, 1, 0, note=f"{stored} ({dimension} dims)")


def check_stored_vectors(index: PassageIndex) -> CheckResult:
    """Every passage has a vector of the stamped dimension: dense search cannot find one without it."""
    stored, dimension = index.store.embedder
    if not stored or not dimension:
        return CheckResult("passages have vectors", 0, 0)
    return result("passages have vectors", index.store.stats().passages, index.store.passages_without_vectors(),
                  PRUNE_AND_RELOAD)


def _id_differences(expected: np.ndarray, actual: np.ndarray | None, what: str) -> Found:
    """Passage ids missing from a saved index, ids it holds that are no passage, and ids it holds twice."""
    held = actual if actual is not None else np.zeros(0, dtype=np.int64)
    unique, counts = np.unique(held, return_counts=True)
    missing = np.setdiff1d(expected, unique, assume_unique=True)
    extra = np.setdiff1d(unique, expected, assume_unique=True)
    doubled = unique[counts > 1]
    examples = ([f"passage {i} not in {what}" for i in missing[:EXAMPLES]]
                + [f"{what} holds id {i}, which is no passage" for i in extra[:EXAMPLES]]
                + [f"{what} holds passage {i} more than once" for i in doubled[:EXAMPLES]])
    return Found(int(len(missing) + len(extra) + (counts[counts > 1] - 1).sum()), tuple(examples[:EXAMPLES]))


def _stamp_note(index: PassageIndex, meta: dict[str, Any] | None) -> str:
    if meta is None:
        return "no saved stamp"
    stamp = index.stamp()
    return "current" if all(meta.get(k) == v for k, v in stamp.items()) else (
        f"stamped at generation {meta.get('generation')}, store at {stamp['generation']}: rebuilt on next search")


def check_vector_index(index: PassageIndex) -> CheckResult:
    """The saved FAISS index holds exactly the passages that have a stored vector, once each, at the stamped
    dimension. Ids are compared, not only counts: a count can match while ids differ."""
    expected = index.store.passage_ids(with_vector=True)
    meta = saved_meta(index.vector_meta_file)
    actual: np.ndarray | None = None
    note = _stamp_note(index, meta)
    vectors = index.saved_vectors()
    if vectors is not None:
        actual = vectors.ids()
        _, dimension = index.store.embedder
        if dimension and vectors.count and vectors.dimension != dimension:
            return result("FAISS index = stored vectors", len(expected),
                          Found(vectors.count, (f"FAISS has {vectors.dimension} dimensions, the store {dimension}",)),
                          REBUILD, note)
    elif len(expected):
        note = "no FAISS file"
    return result("FAISS index = stored vectors", len(expected), _id_differences(expected, actual, "FAISS"), REBUILD,
                  note)


def check_lexical_index(index: PassageIndex) -> CheckResult:
    """The saved BM25 index covers exactly the stored passages, once each."""
    expected = index.store.passage_ids()
    link = index.bm25_link
    meta = LexicalIndex.saved_meta(link)
    note = _stamp_note(index, meta) if link.exists() or not len(expected) else "no BM25 index"
    found = _id_differences(expected, index.saved_bm25_ids(), "BM25")
    return result("BM25 index = passages", len(expected), found, REBUILD, note)


def check_leftovers(index: PassageIndex) -> CheckResult:
    """Temporary files and unlinked BM25 directories of saves that died halfway: each can be as large as the
    index itself. The next save (or a rebuild) deletes them."""
    name = "no leftovers of interrupted saves"
    entries = len(list(index.index_dir.iterdir())) if index.index_dir.is_dir() else 0
    if index.save_in_progress():
        return CheckResult(name, 0, 0, note="a save is running now: not checked")
    found = index.leftovers()
    return result(name, entries, Found(len(found), tuple(p.name for p in found[:EXAMPLES])), REBUILD)
