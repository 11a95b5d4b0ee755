"""Concept names as vectors in FAISS: the dense half of entity linking.

Every name and synonym of every current concept is embedded once with the configured sentence-transformers
model (`kgrag index concepts`). A mention the dictionary cannot spell ("myotonic dystrophy" where the graph says
"Myotonic dystrophy 1", "renal hamartomas" where it says "Hamartoma of the kidney") is then linked to the
nearest name above a similarity bar. The index lives beside the passage index and records the model and a
fingerprint of the graph's releases, so a stale index (the graph or the model changed) is ignored rather than
used to link to ids that no longer mean the same thing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kgrag.graph.base import GraphReader
from kgrag.normalize import normalize_name
from kgrag.storage import atomic_write_text
from kgrag.text.embeddings import Embedder
from kgrag.text.vectors import IndexType, VectorIndex

VECTORS_FILE = "vectors.faiss"
NAMES_FILE = "names.jsonl"
META_FILE = "meta.json"
# HNSW, not Flat: a question's few candidate windows are searched one small batch at a time, where exact search
# over 58k HPO names costs ~5 ms per window on a CPU and HNSW ~0.1 ms; a near-miss neighbour only matters
# when it is the one that would have cleared the similarity bar.
INDEX_TYPE: IndexType = "hnsw"


@dataclass(frozen=True, slots=True)
class NameHit:
    concept_id: str
    name: str
    score: float  # cosine similarity of the mention and the name


def graph_fingerprint(store: GraphReader) -> str:
    """Changes whenever a release is (re)loaded: the concept index must then be rebuilt."""
    releases = sorted((r.source, r.version, r.file, r.checksum, r.loaded_at) for r in store.releases())
    return hashlib.sha256(json.dumps(releases).encode()).hexdigest()[:16]


class ConceptIndex:
    def __init__(self, vectors: VectorIndex, names: list[tuple[str, str]]) -> None:
        self.vectors = vectors
        self.names = names  # row -> (concept id, name)

    @property
    def size(self) -> int:
        return len(self.names)

    @classmethod
    def build(cls, store: GraphReader, embedder: Embedder, directory: Path,
              progress: Callable[[str, int], Callable[[int], None]] | None = None) -> ConceptIndex:
        """Embed every name of every current concept and write the index to `directory` (atomically per file,
        metadata last, so a crash leaves either the old index or none)."""
        names: list[tuple[str, str]] = []
        for concept in store.iter_concepts():
            if concept.obsolete:
                continue
            seen: set[str] = set()
            for name in (concept.name, *concept.synonyms):
                key = normalize_name(name)
                if key and key not in seen:
                    seen.add(key)
                    names.append((concept.id, name))
        advance = progress("concept names embedded", len(names)) if progress else None
        vectors = embedder.embed_passages([name for _, name in names], advance)
        ids = np.arange(len(names), dtype=np.int64)
        index = VectorIndex.build(ids, vectors, INDEX_TYPE)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / META_FILE).unlink(missing_ok=True)  # invalid until the new files are complete
        index.save(directory / VECTORS_FILE)
        atomic_write_text(directory / NAMES_FILE, "".join(json.dumps(row) + "\n" for row in names))
        meta = {"embedder": embedder.signature, "graph": graph_fingerprint(store), "names": len(names)}
        atomic_write_text(directory / META_FILE, json.dumps(meta))
        return cls(index, names)

    @staticmethod
    def state(directory: Path) -> dict[str, object] | None:
        """The recorded metadata, or None when no complete index is there."""
        try:
            data: dict[str, object] = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
            return data
        except (OSError, ValueError):
            return None

    @classmethod
    def load(cls, directory: Path, embedder_signature: str, fingerprint: str) -> ConceptIndex | None:
        """The index in `directory` if it matches this embedder and graph, else None."""
        meta = cls.state(directory)
        if meta is None or meta.get("embedder") != embedder_signature or meta.get("graph") != fingerprint:
            return None
        with open(directory / NAMES_FILE, encoding="utf-8") as lines:
            names = [(str(cid), str(name)) for cid, name in map(json.loads, lines)]
        return cls(VectorIndex.load(directory / VECTORS_FILE, INDEX_TYPE), names)

    def search(self, vectors: np.ndarray, k: int = 1) -> list[list[NameHit]]:
        scores, rows = self.vectors.search(vectors, k)
        return [[NameHit(*self.names[int(row)], float(score)) for row, score in zip(row_ids, row_scores, strict=True)
                 if row >= 0] for row_ids, row_scores in zip(rows, scores, strict=True)]


