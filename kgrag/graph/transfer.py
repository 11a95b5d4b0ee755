"""Moving a graph out of the embedded store: bulk-import CSVs for neo4j-admin, or a copy into any GraphStore.

`export_neo4j_import` writes the files `neo4j-admin database import full` reads (typed headers, one
node file for loaded concepts, one for ids that edges name but no source loaded, one relationship file),
streaming both stores' iterators so memory holds only the set of concept ids. `copy_graph` replays
concepts, relations and releases in batches through `write_batch`, so a copy into a running server is
incremental and idempotent (keyed merges).
"""

from __future__ import annotations

import csv
import json
import shlex
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph_schema import relationship_type
from graph_schema.neo4j_ddl import NODE_LABEL
from kgrag.graph.base import GraphReader, GraphWriter
from kgrag.graph.evidence import encode_evidence
from kgrag.normalize import normalize_name

T = TypeVar("T")
ARRAY_DELIMITER = ";"

NODE_HEADER = ["id:ID", "name", "kind", "synonyms:string[]", "semantic_types:string[]", "sources:string[]",
               "definition", "obsolete:boolean", "concept:boolean", "norm_names:string[]", ":LABEL"]
REFERENCED_HEADER = ["id:ID", ":LABEL"]
RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE", "source", "negated:boolean", "source_release",
                       "source_relation", "evidence"]
RELEASE_HEADER = ["source", "version", "file", "checksum", "loaded_at", "counts", ":LABEL"]


@dataclass
class TransferReport:
    concepts: int = 0
    relations: int = 0
    referenced_nodes: int = 0
    releases: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    command: str = ""


def _array(values: tuple[str, ...] | list[str]) -> str:
    # neo4j-admin splits arrays on the delimiter; a delimiter inside a value would split it, so it becomes ","
    return ARRAY_DELIMITER.join(v.replace(ARRAY_DELIMITER, ",") for v in values)


def export_neo4j_import(store: GraphReader, directory: Path, database: str = "neo4j",
                        progress: Callable[[int], None] | None = None) -> TransferReport:
    """Write nodes.csv, referenced_nodes.csv, relationships.csv and releases.csv into `directory`."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    report = TransferReport()
    concept_ids: set[str] = set()
    names = {"nodes": directory / "nodes.csv", "referenced": directory / "referenced_nodes.csv",
             "relationships": directory / "relationships.csv", "releases": directory / "releases.csv"}
    with names["nodes"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(NODE_HEADER)
        for c in store.iter_concepts():
            concept_ids.add(c.id)
            norms = list(dict.fromkeys(n for n in map(normalize_name, (c.name, *c.synonyms)) if n))
            writer.writerow([c.id, c.name, str(c.kind), _array(c.synonyms), _array(c.semantic_types),
                             _array(c.sources), c.definition, str(c.obsolete).lower(), "true", _array(norms),
                             NODE_LABEL])
            report.concepts += 1
            if progress is not None:
                progress(1)
    referenced: set[str] = set()
    with names["relationships"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RELATIONSHIP_HEADER)
        for r in store.iter_relations():
            for end in (r.subject, r.object):
                if end not in concept_ids:
                    referenced.add(end)
            writer.writerow([r.subject, r.object, relationship_type(r.predicate), r.source, str(r.negated).lower(),
                             r.source_release, r.source_relation, encode_evidence(r.evidence)])
            report.relations += 1
            if progress is not None:
                progress(1)
    with names["referenced"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REFERENCED_HEADER)
        for node in sorted(referenced):
            writer.writerow([node, NODE_LABEL])
    report.referenced_nodes = len(referenced)
    with names["releases"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RELEASE_HEADER)
        for release in store.releases():
            writer.writerow([release.source, release.version, release.file, release.checksum, release.loaded_at,
                             json.dumps(dict(release.counts), sort_keys=True), "Release"])
            report.releases += 1
    report.files = [str(p) for p in names.values()]
    report.command = " ".join([
        "neo4j-admin database import full", shlex.quote(database),
        f"--nodes={shlex.quote(str(names['nodes']))}", f"--nodes={shlex.quote(str(names['referenced']))}",
        f"--nodes={shlex.quote(str(names['releases']))}",
        f"--relationships={shlex.quote(str(names['relationships']))}",
        f"--array-delimiter={shlex.quote(ARRAY_DELIMITER)}", "--overwrite-destination",
    ])
    report.seconds = time.perf_counter() - started
    return report


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_graph(source: GraphReader, target: GraphWriter, *, batch_size: int = 5000,
               progress: Callable[[int], None] | None = None) -> TransferReport:
    """Copy every concept, relation and release of `source` into `target` (idempotent keyed merges)."""
    started = time.perf_counter()
    report = TransferReport()
    for concepts in _batches(source.iter_concepts(), batch_size):
        target.write_batch(concepts, [])
        report.concepts += len(concepts)
        if progress is not None:
            progress(len(concepts))
    for relations in _batches(source.iter_relations(), batch_size):
        target.write_batch([], relations)
        report.relations += len(relations)
        if progress is not None:
            progress(len(relations))
    for release in source.releases():
        target.record_release(release)
        report.releases += 1
    report.seconds = time.perf_counter() - started
    return report
