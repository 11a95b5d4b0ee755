"""Edges as plain tuples: the bulk form in which loaders may hand relations to `GraphStore.write_batch`.

Why a second form beside `Relation`: a UMLS release has tens of millions of relation rows, and building a
frozen `Relation` per row, then encoding it again inside the store, cost more than SQLite's own insert
(benchmarks/bench_umls.py). A loader that maps rows to edges itself (one plan per relation label and source,
its evidence encoded once) hands over `EdgeRow` tuples instead, which the embedded store passes to
`executemany` as they are. Every backend accepts both forms; one that needs `Relation`s converts the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph_schema import PREDICATES
from kgrag.graph.evidence import decode_evidence, encode_evidence
from kgrag.records import Relation

EdgeRow = tuple[str, str, str, str, int, str, str, str]
"""`(subject, predicate, object, source, negated, source_release, source_relation, evidence)`, the fields of a
`Relation` in the order the embedded store binds them. `negated` is 0 or 1, not a bool: sqlite3 binds exact
ints directly but looks for an adapter for every bool, which cost 6% of an edge insert. `evidence` is the JSON
text `encode_evidence` writes."""


def edge_row(relation: Relation) -> EdgeRow:
    """The row of `relation`."""
    r = relation
    return (r.subject, r.predicate, r.object, r.source, int(r.negated), r.source_release, r.source_relation,
            encode_evidence(r.evidence))


def relation_of(row: EdgeRow) -> Relation:
    """The `Relation` a row stands for (backends that write records rather than rows)."""
    subject, predicate, obj, source, negated, source_release, source_relation, evidence = row
    return Relation(subject, predicate, obj, source, source_release, source_relation, bool(negated),
                    decode_evidence(evidence) if evidence != "{}" else {})


def check_predicates(relations: Iterable[Relation], rows: Sequence[EdgeRow]) -> None:
    """Refuse a batch with an edge whose predicate is outside the canonical vocabulary (before any write)."""
    for relation in relations:
        if relation.predicate not in PREDICATES:
            raise ValueError(f"relation {relation.key} uses a non-canonical predicate")
    for predicate in {row[1] for row in rows}.difference(PREDICATES):
        row = next(r for r in rows if r[1] == predicate)
        raise ValueError(f"relation {relation_of(row).key} uses a non-canonical predicate")
