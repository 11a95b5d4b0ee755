"""PrimeKG: `kg.csv` of the Harvard Dataverse release, through the shared open-graph path.

Download (CC BY 4.0): https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/IXA7BM, file
`kg.csv` (about 8.1M rows). Each row is one edge with both ends: relation, display_relation, x_index, x_id,
x_type, x_name, x_source, y_index, y_id, y_type, y_name, y_source. Node ids become CURIEs by source
(`graph_schema.open_graphs.PRIMEKG_ID_SOURCES`: NCBI -> NCBIGene, DrugBank -> DRUGBANK, HPO -> HP with its
7-digit padding, MONDO -> MONDO, GO, UBERON, REACTOME, CTD exposures -> MESH), so PrimeKG genes, drugs and
phenotypes are the HPO and DrugBank nodes already in the graph. kg.csv writes each edge from both ends; a
mapping names the kind its subject has, and each row is oriented by it; the row from the other end gives the
same edge again and is not written twice (a set of edge digests): writes are the load's main cost, and this
halves the edge writes. A node is written the first time a row names it (a set of
its nodes, about 130k entries, is the only state). Read with the csv module, one line at a time.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from graph_schema import InvalidCurieError, normalize_curie
from graph_schema.open_graphs import PRIMEKG_ID_SOURCES, PRIMEKG_KINDS, PRIMEKG_RELATIONS
from ingest.common import BadRowPolicy, LineReader, check_text
from ingest.manifest import manifest_name
from ingest.open_graph import EdgeRow, NodeRow, Row
from kgrag.errors import InputFileError

SOURCE = "PrimeKG"
COLUMNS = ("relation", "display_relation", "x_index", "x_id", "x_type", "x_name", "x_source", "y_index", "y_id",
           "y_type", "y_name", "y_source")


def primekg_curie(source: str, local: str, path: Path, line: int) -> str:
    """("HPO", "1166") -> "HP:0001166", ("MONDO", "8019") -> "MONDO:0008019", ("NCBI", "2200") -> "NCBIGene:2200"."""
    rule = PRIMEKG_ID_SOURCES.get(source)
    if rule is None:
        raise InputFileError(path, line, f"node source {source!r} is not one PrimeKG uses")
    prefix, width = rule
    text = local.strip()
    if width and text.isdigit():
        text = text.zfill(width)
    try:
        return normalize_curie(f"{prefix}:{text}")
    except InvalidCurieError as exc:
        raise InputFileError(path, line, f"{source} id {local!r}: {exc}") from None


NODE_COLUMNS = ("node_index", "node_id", "node_type", "node_name", "node_source")
EDGE_COLUMNS = ("relation", "display_relation", "x_index", "y_index")


class PrimeKGFormat:
    """`kg.csv`, or the release's two-file layout (`nodes.csv` + `edges.csv`, edges naming nodes by index)."""

    source = SOURCE
    manifest = manifest_name("primekg")  # the load's manifest file under the data dir

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.nodes: Path | None = None
        self.edges: Path | None = None
        if self.path.is_dir():
            if (self.path / "kg.csv").is_file():
                self.path = self.path / "kg.csv"
            elif (self.path / "nodes.csv").is_file() and (self.path / "edges.csv").is_file():
                self.nodes, self.edges = self.path / "nodes.csv", self.path / "edges.csv"
                self.path = self.edges
            else:
                raise InputFileError(self.path, None, "expected PrimeKG's kg.csv, or nodes.csv and edges.csv")
        if not self.path.is_file():
            raise InputFileError(self.path, None, "no such file (expected PrimeKG's kg.csv)")
        self._index: dict[str, tuple[str, str]] = {}  # two-file layout: node_index -> (CURIE, type)
        # Digests of the mapped edges already read: kg.csv lists each edge twice (once from each end), and the
        # second copy is not written again. 16-byte BLAKE2b digests (no collision in any real graph's lifetime)
        # keep this near 100 MB for PrimeKG's 4M edges, where the edges themselves would take gigabytes.
        self._edges_read: set[bytes] = set()

    def files(self) -> list[Path]:
        return [self.nodes, self.edges] if self.nodes is not None and self.edges is not None else [self.path]

    def version(self, file: Path) -> str:
        return ""

    def rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        if file == self.nodes:
            yield from self._node_rows(file, reader, bad_rows)
            return
        if file == self.edges and self.nodes is not None:
            yield from self._edge_rows(file, reader, bad_rows)
            return
        nodes: dict[tuple[str, str], tuple[str, str]] = {}  # (source, id) -> (CURIE, type): each node read once
        for number, fields in _csv_records(file, reader, COLUMNS, "kg.csv"):
            try:
                yield number, self._row(fields, file, number, nodes)
            except InputFileError as exc:
                bad_rows.handle(exc)  # raises unless --skip-bad-rows tolerates it

    @staticmethod
    def _node(node_type: str, local: str, name: str, source: str, file: Path, number: int, side: str,
              nodes: dict[tuple[str, str], tuple[str, str]], rows: list[Row]) -> tuple[str, str]:
        """(CURIE, type) of one end; a node met for the first time is checked and becomes a NodeRow."""
        known = nodes.get((source, local))
        if known is not None:
            return known
        kind = PRIMEKG_KINDS.get(node_type)
        if kind is None:
            raise InputFileError(file, number, f"{side}_type {node_type!r} is not a PrimeKG node type")
        curie = primekg_curie(source, local, file, number)
        if not name.strip():
            raise InputFileError(file, number, f"{side}_name is empty")
        check_text(file, number, f"{side}_name", name.strip())
        rows.append(NodeRow(curie, name.strip(), kind))
        nodes[(source, local)] = (curie, node_type)
        return curie, node_type

    def _row(self, fields: list[str], file: Path, number: int,
             nodes: dict[tuple[str, str], tuple[str, str]]) -> list[Row]:
        if len(fields) != len(COLUMNS):
            raise InputFileError(file, number, f"expected {len(COLUMNS)} columns, got {len(fields)}")
        relation, display, _, x_id, x_type, x_name, x_source, _, y_id, y_type, y_name, y_source = fields
        rows: list[Row] = []
        x, x_type = self._node(x_type, x_id.strip(), x_name, x_source.strip(), file, number, "x", nodes, rows)
        y, y_type = self._node(y_type, y_id.strip(), y_name, y_source.strip(), file, number, "y", nodes, rows)
        edge = self._edge(relation, display, (x, x_type), (y, y_type), file, number)
        if edge.predicate is None or self._first_time(edge):
            rows.append(edge)
        return rows

    def _first_time(self, edge: EdgeRow) -> bool:
        key = hashlib.blake2b(f"{edge.subject}\x1f{edge.predicate}\x1f{edge.object}\x1f{edge.negated}".encode(),
                              digest_size=16).digest()
        if key in self._edges_read:
            return False
        self._edges_read.add(key)
        return True

    @staticmethod
    def _edge(relation: str, display: str, x_end: tuple[str, str], y_end: tuple[str, str], file: Path,
              number: int) -> EdgeRow:
        """The edge of one row, oriented by the mapping's subject kind (module docstring)."""
        (x, x_type), (y, y_type) = x_end, y_end
        mapping = PRIMEKG_RELATIONS.get(relation)
        if mapping is None:
            return EdgeRow(x, None, y, relation)
        if x_type == mapping.subject_kind:
            subject, obj = x, y
        elif y_type == mapping.subject_kind:
            subject, obj = y, x
        else:
            raise InputFileError(file, number, f"relation {relation!r} joins {x_type} and {y_type}; expected one "
                                               f"end to be {mapping.subject_kind}")
        if x_type == y_type and obj < subject:  # a symmetric edge between two of a kind: one orientation
            subject, obj = obj, subject
        label = relation if not display or display == relation else f"{relation}: {display}"
        return EdgeRow(subject, mapping.predicate, obj, label, mapping.negated)

    # -- the two-file layout --------------------------------------------------------------------------------

    def _node_table(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy
                    ) -> Iterator[tuple[int, str, NodeRow, str]]:
        for number, fields in _csv_records(file, reader, NODE_COLUMNS, "nodes.csv"):
            try:
                if len(fields) != len(NODE_COLUMNS):
                    raise InputFileError(file, number, f"expected {len(NODE_COLUMNS)} columns, got {len(fields)}")
                index, local, node_type, name, source = (f.strip() for f in fields)
                kind = PRIMEKG_KINDS.get(node_type)
                if kind is None:
                    raise InputFileError(file, number, f"node_type {node_type!r} is not a PrimeKG node type")
                if not name:
                    raise InputFileError(file, number, "node_name is empty")
                check_text(file, number, "node_name", name)
                node = NodeRow(primekg_curie(source, local, file, number), name, kind)
                yield number, index, node, node_type
            except InputFileError as exc:
                bad_rows.handle(exc)

    def _node_rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        for number, index, node, node_type in self._node_table(file, reader, bad_rows):
            self._index[index] = (node.id, node_type)
            yield number, (node,)

    def _edge_rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        if not self._index and self.nodes is not None:  # a resumed load skipped the finished nodes file: re-read it
            for _, index, node, node_type in self._node_table(self.nodes, LineReader(self.nodes), bad_rows):
                self._index[index] = (node.id, node_type)
        for number, fields in _csv_records(file, reader, EDGE_COLUMNS, "edges.csv"):
            try:
                if len(fields) != len(EDGE_COLUMNS):
                    raise InputFileError(file, number, f"expected {len(EDGE_COLUMNS)} columns, got {len(fields)}")
                relation, display, x_index, y_index = (f.strip() for f in fields)
                ends = []
                for side, index in (("x", x_index), ("y", y_index)):
                    if index not in self._index:
                        raise InputFileError(file, number, f"{side}_index {index!r} is not a node of nodes.csv")
                    ends.append(self._index[index])
                edge = self._edge(relation, display, ends[0], ends[1], file, number)
                yield number, (edge,) if edge.predicate is None or self._first_time(edge) else ()
            except InputFileError as exc:
                bad_rows.handle(exc)


def _csv_records(file: Path, reader: LineReader, columns: tuple[str, ...], name: str
                 ) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of each non-blank record of a CSV read through `reader`, once its header is `columns`."""
    table = csv.reader(text for _, text in reader)
    if tuple(h.strip() for h in next(table, [])) != columns:
        raise InputFileError(file, 1, f"header: expected the {name} columns {', '.join(columns)}")
    for fields in table:
        if fields and fields != [""]:
            yield table.line_num, fields
