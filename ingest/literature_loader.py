"""`kgrag ingest literature`: parse, chunk, tag with graph concepts, embed, and index documents.

Idempotent and resumable by document id: each document's content hash is stored, so a re-run (after a
crash, or over the same files) skips unchanged documents without embedding them again, re-embeds changed
ones (a PMID in a later file or load is a newer version: it replaces the stored one, counted as changed)
and applies MEDLINE deletions.

Several records with one id inside one file (a JSONL corpus with one record per snippet, keyed by PMID) are
never silently replaced. A record identical to the first record of its id (title and text) is a duplicate,
counted and skipped. Otherwise `same_id="merge"` (the default) joins consecutive records of one id into one
document, their sections in file order; a later, separate run of records for an id already merged stops the
load with `file:line` (merging it would mean rewriting a document already committed). `same_id="separate"`
keeps every record as its own document: the second record of `PMID:1` becomes `PMID:1#2`, and so on, the
same names on every re-run, so resuming stays idempotent. `same_id="replace"` keeps the last record of each id
(a file that lists corrected versions after the originals), each replacement counted. Each batch of documents is one
store transaction; a malformed record stops the load with `path:line: reason` and the batch it was in is
not written. Inputs may be files, directories (walked recursively) or zip archives (wheels included),
whose members are extracted once under the data directory.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import shutil
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ingest.common import BadRowPolicy, ProgressCallback, ProgressFactory, check_source, require_records
from ingest.literature import Document, parse
from ingest.manifest import Manifest
from kgrag.errors import InputFileError, UserError
from kgrag.linking.dictionary import DictionaryLinker
from kgrag.storage import atomic_file
from kgrag.text.chunking import Chunker
from kgrag.text.passage_index import PassageIndex
from kgrag.text.passage_store import DocumentWrite, PassageDraft, StoredDocument, index_text

LITERATURE_SUFFIXES = (".xml", ".xml.gz", ".json", ".json.gz", ".jsonl", ".jsonl.gz", ".txt", ".txt.gz", ".md",
                       ".pubtator", ".pubtator.gz")
DOCUMENTS_PER_BATCH = 256
SameIdRule = Literal["merge", "separate", "replace"]
SAME_ID_RULES: tuple[SameIdRule, ...] = ("merge", "separate", "replace")


class MentionFilter:
    """Keeps the documents whose title or text mentions one of the given terms: whole words, any case.

    How `kgrag ingest literature --mentioning` loads a slice of a corpus (the demo's few hundred abstracts
    about its own concepts instead of all 33k) without a separate corpus file. A term is matched literally
    (never as a pattern), at word boundaries, so "aort" does not match "aortic" but "aortic" does."""

    def __init__(self, terms: Sequence[str]) -> None:
        cleaned = sorted({" ".join(t.split()).lower() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
        if not cleaned:
            raise UserError("--mentioning needs at least one non-empty term")
        self.terms = tuple(cleaned)
        alternatives = "|".join(r"\s+".join(map(re.escape, t.split())) for t in cleaned)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def __call__(self, document: Document) -> bool:
        return bool(self._pattern.search(document.title) or self._pattern.search(document.text))


@dataclass
class LiteratureFileReport:
    file: str
    documents: int = 0  # records read
    filtered_out: int = 0  # records read but not wanted (`--mentioning`)
    merged: int = 0  # records joined to the record before them (same id, `merge`)
    renamed: int = 0  # records kept as ID#n (same id, `separate`)
    replaced: int = 0  # records that replaced an earlier record of their id (same id, `replace`)
    duplicates: int = 0  # records identical to an earlier record of their id in the file: skipped
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    without_text: int = 0
    passages: int = 0
    seconds: float = 0.0


@dataclass
class LiteratureReport:
    files: list[LiteratureFileReport] = field(default_factory=list)
    skipped: list[InputFileError] = field(default_factory=list)
    passages_removed: int = 0
    linker_names: int = 0  # names in the concept dictionary (0: no graph to link to)


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files a literature load reads, and the archive members it refused to extract (with why)."""

    files: list[Path]
    refused: list[str] = field(default_factory=list)


def expand_inputs(paths: Sequence[Path], extract_to: Path, include: Sequence[str] = ()) -> Inputs:
    """Files to load: files as given, directories walked, zip members extracted (once) under `extract_to`.

    `include` globs filter directory files and archive members by their relative path. A member whose path is
    absolute or climbs out of the archive (`../../x.xml`) is never extracted; it is listed in `refused`."""
    files: list[Path] = []
    refused: list[str] = []
    for path in paths:
        if not path.exists():
            raise InputFileError(path, None, "no such file or directory")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p.relative_to(path).as_posix(),
                                                                                include))
            if not found:
                raise UserError(f"{path}: no literature files inside ({', '.join(LITERATURE_SUFFIXES)})")
            files.extend(found)
        elif path.suffix.lower() in (".zip", ".whl") and zipfile.is_zipfile(path):
            files.extend(_extract(path, extract_to / path.stem, include, refused))
        else:
            files.append(path)
    return Inputs(files, refused)


def _unsafe(name: str) -> bool:
    """A member path that would land outside the extraction folder: absolute, a drive, or with `..` in it."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def _wanted(name: str, include: Sequence[str]) -> bool:
    if ".dist-info/" in name or any(part.startswith(".") for part in name.split("/")):
        return False
    if include:
        return any(fnmatch.fnmatch(name, pattern) for pattern in include)
    return name.lower().endswith(LITERATURE_SUFFIXES)


def _extract(archive: Path, target: Path, include: Sequence[str], refused: list[str]) -> list[Path]:
    with zipfile.ZipFile(archive) as zipped:
        members = []
        for member in zipped.infolist():
            if member.is_dir():
                continue
            if _unsafe(member.filename):
                refused.append(f"{archive}: member {member.filename!r} not extracted: its path leads outside "
                               "the archive's folder")
            elif _wanted(member.filename, include):
                members.append(member)
        if not members:
            raise UserError(f"{archive}: no matching literature files inside")
        out = []
        for member in members:
            destination = (target / member.filename).resolve()
            if not destination.is_relative_to(target.resolve()):  # a symlinked folder in the way
                raise InputFileError(archive, None, f"member {member.filename!r} would extract outside {target}")
            if not destination.is_file() or destination.stat().st_size != member.file_size:
                with atomic_file(destination) as temp:
                    with zipped.open(member) as source, temp.open("wb") as sink:
                        shutil.copyfileobj(source, sink, 1 << 20)
                    stamp = time.mktime((*member.date_time, 0, 0, -1))
                    os.utime(temp, (stamp, stamp))
            out.append(destination)
    return out


def content_hash(document: Document) -> str:
    digest = hashlib.sha256()
    for part in (document.title, *(f"{s.name}\x1f{s.text}" for s in document.sections), *document.mesh):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:32]


def section_at(document: Document, offset: int) -> str:
    """The section containing character `offset` of `document.text` (sections joined by one space)."""
    position = 0
    for section in document.sections:
        position += len(section.text) + 1
        if offset < position:
            return section.name
    return document.sections[-1].name if document.sections else "body"


def draft_passages(document: Document, chunker: Chunker, linker: DictionaryLinker | None) -> list[PassageDraft]:
    text = document.text
    drafts = []
    for ordinal, chunk in enumerate(chunker.split(text, document.title)):
        concepts = frozenset(linker.concept_ids(index_text(document.title, chunk.text) if ordinal == 0 else chunk.text)
                             ) if linker is not None else frozenset()
        drafts.append(PassageDraft(ordinal, section_at(document, chunk.start), chunk.start, chunk.end, chunk.text,
                                   concepts))
    return drafts


class LiteratureLoader:
    """Loads documents into a `PassageIndex` in batches; one instance per `kgrag ingest literature` run."""

    def __init__(self, index: PassageIndex, chunker: Chunker, linker: DictionaryLinker | None,
                 batch_documents: int = DOCUMENTS_PER_BATCH, skip_bad_rows: int = 0,
                 progress: ProgressFactory | None = None, allow_empty: bool = False,
                 manifest_dir: Path | None = None, wanted: MentionFilter | None = None,
                 same_id: SameIdRule = "merge") -> None:
        """`manifest_dir`: where the load journal goes (one file per set of inputs), so `kgrag index check`
        can tell a load that stopped before its end. `wanted`: load only the documents it keeps (deletions
        apply whatever it says); a later load without it adds the rest, skipping what is already stored."""
        if same_id not in SAME_ID_RULES:
            raise UserError(f"unknown same-id rule {same_id!r}; use one of {', '.join(SAME_ID_RULES)}")
        self.wanted = wanted
        self.same_id = same_id
        self.allow_empty = allow_empty
        self.manifest_dir = manifest_dir
        self.index = index
        self.chunker = chunker
        self.linker = linker
        self.batch_documents = batch_documents
        self.bad_rows = BadRowPolicy(skip_bad_rows)
        self.progress = progress
        self.report = LiteratureReport(linker_names=linker.size if linker else 0)
        self._embedded: ProgressCallback | None = None

    def load(self, files: Sequence[Path]) -> LiteratureReport:
        """Load `files`; an empty file, or one without a single record, is refused (unless `allow_empty`), the
        empty ones before anything is written."""
        for file in files:
            check_source(file, allow_empty=self.allow_empty, line_based=False)
        journal = self._journal(files)
        self.index.store.bind_embedder(self.index.embedder.signature, self.index.embedder.dimension)
        if self.progress is not None:
            self._embedded = self.progress("passages embedded", 0)
        try:
            for file in files:
                self._load_file(file)
                if journal is not None:
                    journal.state(file)
                    journal.file_done(file)
        finally:  # keep the search indexes in step with what was committed, even when a file failed
            bm25 = self.progress("BM25 index", 0) if self.progress else None
            self.index.commit((lambda count: bm25(0, count)) if bm25 else None)
        if journal is not None:
            journal.finish()
        self.report.skipped = list(self.bad_rows.skipped)
        return self.report

    def _journal(self, files: Sequence[Path]) -> Manifest | None:
        if self.manifest_dir is None:
            return None
        key = "\n".join(sorted(str(f.resolve()) for f in files))
        name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
        journal = Manifest(self.manifest_dir / f"literature-{name}.json", "literature", key)
        journal.finished = False
        journal.save()
        return journal

    def _load_file(self, file: Path) -> None:
        started = time.perf_counter()
        report = LiteratureFileReport(file.name)
        self.report.files.append(report)
        callback = self.progress(file.name, file.stat().st_size) if self.progress else None
        batch: dict[str, Document] = {}
        records_of: dict[str, tuple[int, str]] = {}  # id -> (records, first one's digest): small, ids only
        last_id = ""
        try:
            for document in parse(file, self.bad_rows, callback):
                report.documents += 1
                if self.wanted is not None and not document.deleted and not self.wanted(document):
                    report.filtered_out += 1
                    continue
                doc_id = document.doc_id
                seen, first_digest = records_of.get(doc_id, (0, ""))
                digest = "" if document.deleted else content_hash(document)
                if seen and digest and digest == first_digest:
                    report.duplicates += 1  # the same record again (NCBI-disease repeats one): nothing to add
                    continue
                records_of[doc_id] = (seen + 1, first_digest or digest)
                follows_deletion = doc_id in batch and batch[doc_id].deleted  # a new version after a DeleteCitation
                if seen and not document.deleted and not follows_deletion:
                    if self.same_id == "merge":
                        self._merge(document, batch, last_id, file, report)
                        continue
                    if self.same_id == "replace":
                        report.replaced += 1
                    else:
                        document = replace(document, doc_id=f"{doc_id}#{seen + 1}")
                        report.renamed += 1
                last_id = doc_id
                if len(batch) >= self.batch_documents:  # flushed only at a new id, so a merge never spans batches
                    self._write(batch, report)
                    batch = {}
                batch.pop(document.doc_id, None)  # a deletion after a record of the same id: the later one wins
                batch[document.doc_id] = document
        except InputFileError:
            if len(batch) >= self.batch_documents:  # a full batch waits only to see the next id: it was complete
                self._write(batch, report)
            raise
        if batch:
            self._write(batch, report)
        require_records(file, report.documents, "documents", self.allow_empty)
        report.seconds = time.perf_counter() - started

    @staticmethod
    def _merge(document: Document, batch: dict[str, Document], last_id: str, file: Path,
               report: LiteratureFileReport) -> None:
        """Join a repeated record to the document it continues, or stop: a scattered repeat would mean rewriting
        a document already committed."""
        if document.doc_id != last_id or document.doc_id not in batch:
            raise InputFileError(file, document.line or None, f"another record for {document.doc_id} after records of "
                                 "other documents; records of one document must be consecutive to be merged (sort "
                                 "the file by id), or load them as separate documents (--same-id separate)")
        batch[document.doc_id] = merge_records(batch[document.doc_id], document)
        report.merged += 1

    def _write(self, batch: dict[str, Document], report: LiteratureFileReport) -> None:
        known = self.index.store.content_hashes(batch)
        deletions = [doc_id for doc_id, doc in batch.items() if doc.deleted and doc_id in known]
        report.deleted += len(deletions)
        pending: list[tuple[Document, str, list[PassageDraft]]] = []
        for doc_id, document in batch.items():
            if document.deleted:
                continue
            digest = content_hash(document)
            if known.get(doc_id) == digest:
                report.unchanged += 1
                continue
            drafts = draft_passages(document, self.chunker, self.linker)
            if not drafts:
                report.without_text += 1
                if doc_id in known:
                    deletions.append(doc_id)  # the new version has no text: drop the old passages
                continue
            report.updated += doc_id in known
            report.added += doc_id not in known
            pending.append((document, digest, drafts))
        texts = [index_text(doc.title, d.text) for doc, _, drafts in pending for d in drafts]
        vectors = self.index.embedder.embed_passages(texts, self._advance_embedded)
        writes, offset = [], 0
        for document, digest, drafts in pending:
            writes.append(DocumentWrite(_stored(document, digest), drafts, vectors[offset:offset + len(drafts)]))
            offset += len(drafts)
        if writes or deletions:
            added, removed = self.index.write(writes, deletions)
            report.passages += added
            self.report.passages_removed += removed

    def _advance_embedded(self, count: int) -> None:
        if self._embedded is not None:
            self._embedded(0, count)


def merge_records(first: Document, later: Document) -> Document:
    """One document from two records of it: sections in file order; title and metadata from the first record
    that has them; mention offsets of the later record shifted past the text before it."""
    shift = len(first.title) + 1 + len(first.text) + 1
    mentions = first.mentions + tuple(replace(m, start=m.start + shift, end=m.end + shift) for m in later.mentions)
    return replace(first, title=first.title or later.title, sections=first.sections + later.sections,
                   journal=first.journal or later.journal, year=first.year or later.year,
                   mesh=tuple(dict.fromkeys(first.mesh + later.mesh)),
                   publication_types=tuple(dict.fromkeys(first.publication_types + later.publication_types)),
                   mentions=mentions, relations=first.relations + later.relations,
                   extra=later.extra | first.extra)


def _stored(document: Document, digest: str) -> StoredDocument:
    return StoredDocument(doc_id=document.doc_id, title=document.title, content_hash=digest,
                          journal=document.journal, year=document.year, mesh=document.mesh,
                          publication_types=document.publication_types, source=document.source,
                          extra=dict(document.extra))


def relink(index: PassageIndex, linker: DictionaryLinker, progress: ProgressCallback | None = None) -> int:
    """Re-tag every passage with the current graph's concepts (after more of the graph was loaded);
    returns how many passages have at least one concept."""
    linked = 0
    for rows in index.store.iter_link_texts():
        tagged = [(passage_id, linker.concept_ids(text)) for passage_id, text in rows]
        index.store.replace_links(tagged)
        linked += sum(1 for _, concepts in tagged if concepts)
        if progress is not None:
            progress(0, len(rows))
    return linked
