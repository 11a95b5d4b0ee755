"""The one load path for open knowledge graphs: a format adapter yields node and edge rows, this writes them.

An adapter (Hetionet today; PrimeKG, KGX and OBO ontologies use the same path) knows its files and turns each
line into a `NodeRow` or an `EdgeRow` with canonical ids, kinds and predicates, using the mapping tables of
`graph_schema.open_graphs`; an edge whose relation has no mapping comes with `predicate=None` and is counted
by relation name, never silently dropped. This module does the rest once for every format:
- batched, atomic writes (`BatchWriter`), a bad row stopping the load with `path:line: reason` unless
  `--skip-bad-rows N` tolerates it, nothing of a batch holding a bad row committed;
- a resumable load: the journal (`Manifest`) records the last committed line of each file, an interrupted load
  re-reads from the start and writes only what the earlier run had not committed, so counts and release
  records equal a clean load's; a finished load is skipped unless `force`;
- idempotent writes (keyed upserts) and one release record per file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from graph_schema import NodeKind
from ingest.common import (
    BadRowPolicy,
    BatchWriter,
    FileReport,
    LineReader,
    LoadReport,
    ProgressCallback,
    ProgressFactory,
    check_source,
    require_records,
)
from ingest.manifest import Manifest
from kgrag.errors import InputFileError
from kgrag.graph.base import GraphStore
from kgrag.records import Concept, Relation


@dataclass(frozen=True, slots=True)
class NodeRow:
    id: str
    name: str
    kind: NodeKind
    synonyms: tuple[str, ...] = ()
    definition: str = ""
    same_as: tuple[str, ...] = ()  # cross-references that name the same concept
    obsolete: bool = False


@dataclass(frozen=True, slots=True)
class EdgeRow:
    subject: str
    predicate: str | None  # None: the source relation has no mapping (counted, not loaded)
    object: str
    source_relation: str
    negated: bool = False


Row = NodeRow | EdgeRow


class GraphFormat(Protocol):
    """One open-graph format: its source name, its files in load order, and their rows."""

    source: str
    manifest: str  # the load's manifest file under the data dir: the format names it

    def files(self) -> list[Path]: ...

    def rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        """(line, rows) for each record of `file` read through `reader`. A record's rows (a term with its
        parents, an edge line) are written in one batch, so a resumed load never finds half a record. A bad line
        goes to `bad_rows` as its InputFileError (`path:line: reason`), which stops the load or is tolerated. A
        file that cannot be read at all (invalid UTF-8, a truncated .gz) raises from the reader and always stops
        the load."""
        ...

    def version(self, file: Path) -> str: ...


def _records(row: Row, source: str, release: str) -> tuple[list[Concept], list[Relation]]:
    if isinstance(row, NodeRow):
        concept = Concept(id=row.id, name=row.name, kind=row.kind, synonyms=row.synonyms, sources=(source,),
                          definition=row.definition, obsolete=row.obsolete)
        identities = [Relation(row.id, "same_as", other, source, release, "xref") for other in row.same_as
                      if other != row.id]
        return [concept], identities
    assert row.predicate is not None
    return [], [Relation(row.subject, row.predicate, row.object, source, release, row.source_relation,
                         negated=row.negated)]


def _load_file(fmt: GraphFormat, file: Path, writer: BatchWriter, bad_rows: BadRowPolicy,
               progress: ProgressCallback | None, release: str) -> FileReport:
    report = FileReport(file=file.name)
    reader = LineReader(file, progress)
    unmapped: dict[str, int] = {}  # relation -> rows left out for want of a mapping
    for line, group in fmt.rows(file, reader, bad_rows):
        report.rows += 1
        concepts: list[Concept] = []
        relations: list[Relation] = []
        for row in group:
            if isinstance(row, EdgeRow) and row.predicate is None:
                unmapped[row.source_relation] = unmapped.get(row.source_relation, 0) + 1
                continue
            more_concepts, more_relations = _records(row, fmt.source, release)
            concepts += more_concepts
            relations += more_relations
        if not concepts and not relations:
            continue  # nothing to write; a resumed load reads such rows again and again writes nothing
        report.concepts += len(concepts)
        report.relations += len(relations)
        writer.add(concepts, relations, position=line)
    for relation, count in sorted(unmapped.items()):
        report.skip(f"unmapped relation {relation}", count)
    report.checksum = reader.checksum
    report.lines = reader.lines_read
    return report


def load_open_graph(store: GraphStore, fmt: GraphFormat, *, key: str, batch_size: int = 100_000,
                    skip_bad_rows: int = 0, progress: ProgressFactory | None = None,
                    manifest_path: Path | None = None, force: bool = False, allow_empty: bool = False,
                    release: str | None = None) -> LoadReport:
    """Load every file of `fmt` into `store` (module docstring). `key` names the release in the journal."""
    files = fmt.files()
    for file in files:
        check_source(file, allow_empty=allow_empty)
    manifest = Manifest(manifest_path, fmt.source, key) if manifest_path is not None else None
    if manifest is not None:
        if manifest.is_current(files) and not force:
            return LoadReport(source=fmt.source, version=release or "",
                              note="already loaded from these files; use --force to load again")
        if force:
            manifest.reset()
        for file in files:
            manifest.state(file)
        manifest.save()  # the journal shows this load as started, and unfinished until it ends
    bad_rows = BadRowPolicy(limit=skip_bad_rows)
    reports: list[FileReport] = []
    version = release or ""
    for file in files:
        state = manifest.state(file) if manifest is not None else None
        if state is not None and state.done:
            reports.append(FileReport(file=file.name, loaded=False, note="already loaded"))
            continue
        label = release or fmt.version(file) or "unknown"
        version = version or label
        callback = progress(file.name, file.stat().st_size) if progress else None
        started = time.perf_counter()
        with BatchWriter(store, batch_size) as writer:
            writer.on_commit = manifest.checkpoint(file) if manifest is not None else None
            resumed = state.line if state is not None else 0
            writer.replay_through(resumed)
            report = _load_file(fmt, file, writer, bad_rows, callback, label)
        require_records(file, report.rows, "rows", allow_empty)
        report.seconds = time.perf_counter() - started
        if resumed:
            report.note = f"resumed after line {resumed:,}"
        store.record_release(report.release(fmt.source, label))
        if manifest is not None:
            manifest.file_done(file)
        reports.append(report)
    if manifest is not None:
        manifest.finish()
    return LoadReport(source=fmt.source, version=version or "unknown", files=reports,
                      skipped=list(bad_rows.skipped))


def unmapped_relations(report: LoadReport) -> dict[str, int]:
    """Relations left out because no mapping exists, by name, over every file of a load."""
    found: dict[str, int] = {}
    for file in report.files:
        for reason, count in file.skipped_rows.items():
            if reason.startswith("unmapped relation "):
                name = reason.removeprefix("unmapped relation ")
                found[name] = found.get(name, 0) + count
    return found


def first_match(directory: Path, patterns: Sequence[str], what: str, exclude: str = "") -> Path:
    """The first file of `directory` (sorted) matching the first pattern that matches any, leaving out names
    containing `exclude`; InputFileError when none."""
    for pattern in patterns:
        found = sorted(p for p in directory.glob(pattern) if p.is_file() and not (exclude and exclude in p.name))
        if found:
            return found[0]
    raise InputFileError(directory, None, f"no {what} file (looked for {', '.join(patterns)})")
