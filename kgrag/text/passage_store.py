"""Passage text, document metadata, vectors and concept links in one SQLite file next to the graph.

This file is the truth; the FAISS and BM25 indexes are caches derived from it. Each committed batch
bumps `generation`, and each index records the generation it was built at, so an index left behind by a
crash or an interrupted load is detected and rebuilt from here (vectors included: no re-embedding).
Passage ids come from AUTOINCREMENT and are never reused, so a stale index can never return a different
passage under an old id. Every query is parameterized.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kgrag.errors import EmbeddingModelMismatchError
from kgrag.records import Found, Passage
from kgrag.records.checks import EXAMPLES
from kgrag.storage import Closing, SQLiteFile

SCHEMA_VERSION = 1
_SEP = "\x1f"  # unit separator between list items (MeSH headings contain commas)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, journal TEXT NOT NULL, year TEXT NOT NULL,
    mesh TEXT NOT NULL, publication_types TEXT NOT NULL, source TEXT NOT NULL, content_hash TEXT NOT NULL,
    extra TEXT NOT NULL, loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
    section TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, vector BLOB
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal);
CREATE TABLE IF NOT EXISTS passage_concepts (
    passage_id INTEGER NOT NULL, concept_id TEXT NOT NULL, PRIMARY KEY (passage_id, concept_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS passage_concepts_concept ON passage_concepts(concept_id, passage_id);
"""

_PASSAGE_COLUMNS = """p.id, p.doc_id, p.ordinal, p.section, p.start, p."end", p.text, d.title, d.journal, d.year,
d.source"""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document's metadata as the passage store keeps it."""

    doc_id: str
    title: str
    content_hash: str  # of title and text: an unchanged document is skipped, a changed one replaced
    journal: str = ""
    year: str = ""
    mesh: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PassageDraft:
    """A passage before it has an id."""

    ordinal: int
    section: str
    start: int
    end: int
    text: str
    concepts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class DocumentWrite:
    document: StoredDocument
    passages: Sequence[PassageDraft]
    vectors: np.ndarray | None  # len(passages) x dimension, float32; None for a store without vectors


@dataclass(frozen=True, slots=True)
class PassageStats:
    documents: int
    passages: int
    embedded: int
    linked_passages: int
    links: int
    concepts: int
    generation: int
    embedder: str
    dimension: int


class PassageStore(Closing):
    def __init__(self, path: Path) -> None:
        """Opened through the storage kit (`kgrag.storage`): one connection shared by the process's threads,
        every write batch a transaction under the store's lock."""
        self._file = SQLiteFile(path, _SCHEMA, SCHEMA_VERSION, what="passage store",
                                remedy="re-ingest the literature into a new data directory")
        self.path = path
        self._db = self._file.conn
        self._transaction = self._file.transaction

    def close(self) -> None:
        self._file.close()

    def _meta(self, key: str) -> str | None:
        return self._file.meta(key)

    def _set_meta(self, key: str, value: str) -> None:
        self._file.set_meta(key, value)

    @property
    def generation(self) -> int:
        return int(self._meta("generation") or 0)

    @property
    def embedder(self) -> tuple[str, int]:
        """The embedding model signature and dimension the stored vectors were made with ("", 0 if none)."""
        return self._meta("embedder") or "", int(self._meta("dimension") or 0)

    def bind_embedder(self, signature: str, dimension: int) -> None:
        """Record the embedder on first use; refuse a different one later (mixed vector spaces are garbage).

        Model and dimension are written in one transaction: a process killed between the two would leave a
        model without a dimension, which every later load would refuse as a different model. A stamp left
        half-written that way (by an older kgrag) is completed: no vector can have been stored under it."""
        with self._transaction():
            stored, stored_dimension = self.embedder
            if not stored or not stored_dimension:
                self._set_meta("embedder", signature)
                self._set_meta("dimension", str(dimension))
            elif (stored, stored_dimension) != (signature, dimension):
                raise EmbeddingModelMismatchError(
                    f"the passages in {self.path} were embedded with {stored!r} ({stored_dimension} dimensions), "
                    f"not {signature!r}; use that model, runtime and precision (KGRAG_EMBEDDING_MODEL; "
                    "KGRAG_EMBEDDING_BACKEND and KGRAG_EMBEDDING_PRECISION: the part after `@`, e.g. "
                    "`openvino-bf16`, or none for torch fp32) or a new data directory")

    # -- writes -----------------------------------------------------------------------------------

    def content_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, str] = {}
        for begin in range(0, len(wanted), 500):
            part = wanted[begin:begin + 500]
            marks = ",".join("?" * len(part))
            found.update(self._db.execute(
                f"SELECT doc_id, content_hash FROM documents WHERE doc_id IN ({marks})",  # noqa: S608 - only ?s
                part).fetchall())
        return found

    def write(self, writes: Sequence[DocumentWrite], deletions: Iterable[str] = ()
              ) -> tuple[list[list[int]], list[int]]:
        """One transaction: replace each written document (and its passages), delete the named ones.

        Returns the new passage ids per written document and the ids of every passage removed."""
        removed: list[int] = []
        added: list[list[int]] = []
        with self._transaction():
            for doc_id in [*deletions, *(w.document.doc_id for w in writes)]:
                removed.extend(self._delete_document(doc_id))
            for write in writes:
                added.append(self._insert(write))
            self._set_meta("generation", str(self.generation + 1))
        return added, removed

    def _delete_document(self, doc_id: str) -> list[int]:
        ids = [row[0] for row in self._db.execute("SELECT id FROM passages WHERE doc_id = ?", (doc_id,))]
        if ids:
            self._db.executemany("DELETE FROM passage_concepts WHERE passage_id = ?", [(i,) for i in ids])
            self._db.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return ids

    def _insert(self, write: DocumentWrite) -> list[int]:
        doc = write.document
        self._db.execute(
            "INSERT INTO documents(doc_id, title, journal, year, mesh, publication_types, source, content_hash, "
            "extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.doc_id, doc.title, doc.journal, doc.year, _SEP.join(doc.mesh), _SEP.join(doc.publication_types),
             doc.source, doc.content_hash, json.dumps(doc.extra, ensure_ascii=False)))
        ids = []
        for i, passage in enumerate(write.passages):
            vector = None if write.vectors is None else np.ascontiguousarray(write.vectors[i], np.float32).tobytes()
            cursor = self._db.execute(
                'INSERT INTO passages(doc_id, ordinal, section, start, "end", text, vector) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.doc_id, passage.ordinal, passage.section, passage.start, passage.end, passage.text, vector))
            passage_id = int(cursor.lastrowid or 0)
            ids.append(passage_id)
            self._db.executemany("INSERT OR IGNORE INTO passage_concepts(passage_id, concept_id) VALUES (?, ?)",
                                 [(passage_id, c) for c in sorted(passage.concepts)])
        return ids

    def replace_links(self, links: Iterable[tuple[int, Iterable[str]]]) -> int:
        """Set the concepts of each given passage (one transaction); returns the links written."""
        written = 0
        with self._transaction():
            for passage_id, concepts in links:
                self._db.execute("DELETE FROM passage_concepts WHERE passage_id = ?", (passage_id,))
                rows = [(passage_id, c) for c in sorted(set(concepts))]
                self._db.executemany("INSERT INTO passage_concepts(passage_id, concept_id) VALUES (?, ?)", rows)
                written += len(rows)
        return written

    # -- reads ------------------------------------------------------------------------------------

    def get_many(self, passage_ids: Iterable[int]) -> dict[int, Passage]:
        wanted = list(dict.fromkeys(int(i) for i in passage_ids))
        found: dict[int, Passage] = {}
        for begin in range(0, len(wanted), 500):
            part = wanted[begin:begin + 500]
            marks = ",".join("?" * len(part))
            links: dict[int, list[str]] = {}
            for passage_id, concept_id in self._db.execute(
                    f"SELECT passage_id, concept_id FROM passage_concepts WHERE passage_id IN ({marks})",  # noqa: S608
                    part):
                links.setdefault(passage_id, []).append(concept_id)
            for row in self._db.execute(
                    f"SELECT {_PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.doc_id = p.doc_id "  # noqa: S608
                    f"WHERE p.id IN ({marks})", part):
                found[row[0]] = Passage(*row, concepts=tuple(links.get(row[0], ())))  # type: ignore[misc]
        return found

    def passages_of_document(self, doc_id: str) -> list[Passage]:
        ids = [r[0] for r in self._db.execute("SELECT id FROM passages WHERE doc_id = ? ORDER BY ordinal", (doc_id,))]
        found = self.get_many(ids)
        return [found[i] for i in ids]

    def passages_mentioning(self, concept_ids: Iterable[str], limit: int = 100) -> dict[str, list[int]]:
        """Concept id -> ids of passages tagged with it (newest first), at most `limit` each."""
        result: dict[str, list[int]] = {}
        for concept_id in dict.fromkeys(concept_ids):
            rows = self._db.execute("SELECT passage_id FROM passage_concepts WHERE concept_id = ? "
                                    "ORDER BY passage_id DESC LIMIT ?", (concept_id, limit))
            ids = [r[0] for r in rows]
            if ids:
                result[concept_id] = ids
        return result

    def document_of(self, passage_id: int) -> str | None:
        row = self._db.execute("SELECT doc_id FROM passages WHERE id = ?", (passage_id,)).fetchone()
        return None if row is None else str(row[0])

    def iter_index_texts(self) -> Iterator[tuple[int, str]]:
        """(passage id, the text the indexes see: title, newline, span) for every passage row, so BM25 mirrors
        the passages table as FAISS does (a passage whose document row is missing is `kgrag index check`'s
        to report, not a silent difference between the two indexes)."""
        rows = self._db.execute("SELECT p.id, coalesce(d.title, ''), p.text FROM passages p "
                                "LEFT JOIN documents d ON d.doc_id = p.doc_id ORDER BY p.id")
        for passage_id, title, text in rows:
            yield passage_id, index_text(title, text)

    def iter_vectors(self, batch: int = 50_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) in batches of passages that have a vector."""
        _, dimension = self.embedder
        last = -1
        while True:
            rows = self._db.execute("SELECT id, vector FROM passages WHERE id > ? AND vector IS NOT NULL "
                                    "ORDER BY id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), dimension)
            yield ids, vectors
            last = int(ids[-1])

    def vectors_of(self, passage_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """Stored vectors of some passages (those without one are left out)."""
        _, dimension = self.embedder
        wanted = list(dict.fromkeys(int(i) for i in passage_ids))
        found: dict[int, np.ndarray] = {}
        for begin in range(0, len(wanted), 500):
            part = wanted[begin:begin + 500]
            marks = ",".join("?" * len(part))
            for passage_id, blob in self._db.execute(
                    f"SELECT id, vector FROM passages WHERE vector IS NOT NULL AND id IN ({marks})", part):  # noqa: S608
                found[passage_id] = np.frombuffer(blob, dtype=np.float32, count=dimension)
        return found

    def iter_link_texts(self, batch: int = 5_000) -> Iterator[list[tuple[int, str]]]:
        """Pages of (passage id, text to tag): a document's first passage is tagged with its title too.
        Paged by id and fully fetched, so the caller may write links between pages."""
        last = -1
        while True:
            rows = self._db.execute(
                "SELECT p.id, p.ordinal, d.title, p.text FROM passages p JOIN documents d ON d.doc_id = p.doc_id "
                "WHERE p.id > ? ORDER BY p.id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            yield [(pid, index_text(title, text) if ordinal == 0 else text) for pid, ordinal, title, text in rows]
            last = int(rows[-1][0])

    # -- integrity ----------------------------------------------------------------------------------

    def orphan_passages(self, limit: int = EXAMPLES) -> Found:
        """Passages whose document row is missing: search can return them but never cite them."""
        where = "FROM passages p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = p.doc_id)"
        count = int(self._db.execute(f"SELECT count(*) {where}").fetchone()[0])  # noqa: S608 - constant text
        rows = self._db.execute(f"SELECT p.id, p.doc_id {where} ORDER BY p.id LIMIT ?", (limit,))  # noqa: S608
        return Found(count, tuple(f"passage {pid} of {doc_id}" for pid, doc_id in rows))

    def documents_without_passages(self, limit: int = EXAMPLES) -> Found:
        """Documents with no passage: a load never writes one, and a re-run skips it as unchanged."""
        where = "FROM documents d WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.doc_id)"
        count = int(self._db.execute(f"SELECT count(*) {where}").fetchone()[0])  # noqa: S608 - constant text
        rows = self._db.execute(f"SELECT d.doc_id {where} ORDER BY d.doc_id LIMIT ?", (limit,))  # noqa: S608
        return Found(count, tuple(str(doc_id) for (doc_id,) in rows))

    def passages_without_vectors(self, limit: int = EXAMPLES) -> Found:
        """Passages with no stored vector (or one of the wrong size) in a store that has an embedding model:
        dense search can never find them."""
        _, dimension = self.embedder
        where = "FROM passages WHERE vector IS NULL OR length(vector) != ?"
        count = int(self._db.execute(f"SELECT count(*) {where}", (dimension * 4,)).fetchone()[0])  # noqa: S608
        rows = self._db.execute(f"SELECT id, doc_id {where} ORDER BY id LIMIT ?",  # noqa: S608
                                (dimension * 4, limit))
        return Found(count, tuple(f"passage {pid} of {doc_id}" for pid, doc_id in rows))

    def passage_ids(self, with_vector: bool = False) -> np.ndarray:
        """Every passage id (only those with a stored vector when `with_vector`), ascending."""
        rows = self._db.execute("SELECT id FROM passages WHERE vector IS NOT NULL ORDER BY id" if with_vector
                                else "SELECT id FROM passages ORDER BY id")
        return np.fromiter((row[0] for row in rows), dtype=np.int64)

    def prune(self) -> tuple[int, int]:
        """Delete what cannot be served, in one transaction: passages whose document is missing, and documents
        without passages or with a passage that lacks its vector (so the next load of their files embeds them
        again: a re-run skips a document only when its stored content hash matches). Returns (passages,
        documents) deleted; the search indexes are rebuilt by the caller."""
        _, dimension = self.embedder
        with self._transaction():
            orphans = [row[0] for row in self._db.execute(
                "SELECT id FROM passages p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = p.doc_id)")]
            broken = [row[0] for row in self._db.execute(
                "SELECT doc_id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.doc_id)"
                " OR (? > 0 AND EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.doc_id "
                "AND (p.vector IS NULL OR length(p.vector) != ?)))", (dimension, dimension * 4))]
            self._db.executemany("DELETE FROM passage_concepts WHERE passage_id = ?", [(i,) for i in orphans])
            self._db.executemany("DELETE FROM passages WHERE id = ?", [(i,) for i in orphans])
            removed = len(orphans)
            for doc_id in broken:
                removed += len(self._delete_document(doc_id))
            if removed or broken:
                self._set_meta("generation", str(self.generation + 1))
        return removed, len(broken)

    def stats(self) -> PassageStats:
        one = lambda sql: int(self._db.execute(sql).fetchone()[0])  # noqa: E731
        signature, dimension = self.embedder
        return PassageStats(
            documents=one("SELECT count(*) FROM documents"),
            passages=one("SELECT count(*) FROM passages"),
            embedded=one("SELECT count(*) FROM passages WHERE vector IS NOT NULL"),
            linked_passages=one("SELECT count(DISTINCT passage_id) FROM passage_concepts"),
            links=one("SELECT count(*) FROM passage_concepts"),
            concepts=one("SELECT count(DISTINCT concept_id) FROM passage_concepts"),
            generation=self.generation, embedder=signature, dimension=dimension)


def index_text(title: str, text: str) -> str:
    """What BM25 and the encoder read for a passage: its document's title, then the span."""
    return f"{title}\n{text}" if title else text
