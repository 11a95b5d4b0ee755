"""PrimeKG: `kg.csv` of the Harvard Dataverse release, through the shared open-graph path.

Download (CC BY 4.0): https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/IXA7BM, file
`kg.csv` (about 8.1M rows). Each row is one edge with both ends: relation, display_relation, x_index, x_id,
x_type, x_name, x_source, y_index, y_id, y_type, y_name, y_source. Node ids become CURIEs by source
(`graph_schema.open_graphs.PRIMEKG_ID_SOURCES`: NCBI -> NCBIGene, DrugBank -> DRUGBANK, HPO -> HP with its
7-digit padding, MONDO -> MONDO, GO, UBERON, REACTOME, CTD exposures -> MESH), so PrimeKG genes, drugs and
phenotypes are the HPO and DrugBank nodes already in the graph. kg.csv writes each edge from both ends; a
mapping names the kind its subject has, and each row is oriented by it (a row from the other end gives the same
edge again, which the keyed upsert writes once). A node is written the first time a row names it (a set of
its nodes, about 130k entries, is the only state). Read with the csv module, one line at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from graph_schema import InvalidCurieError, normalize_curie
from graph_schema.open_graphs import PRIMEKG_ID_SOURCES, PRIMEKG_KINDS, PRIMEKG_RELATIONS
from ingest.common import BadRowPolicy, LineReader, check_text
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


class PrimeKGFormat:
    source = SOURCE

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            self.path = self.path / "kg.csv"
        if not self.path.is_file():
            raise InputFileError(self.path, None, "no such file (expected PrimeKG's kg.csv)")

    def files(self) -> list[Path]:
        return [self.path]

    def version(self, file: Path) -> str:
        return ""

    def rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        lines = (text for _, text in reader)
        table = csv.reader(lines)
        header = next(table, None)
        if header is None or tuple(h.strip() for h in header) != COLUMNS:
            raise InputFileError(file, 1, f"header: expected the kg.csv columns {', '.join(COLUMNS)}")
        nodes: dict[tuple[str, str], tuple[str, str]] = {}  # (source, id) -> (CURIE, type): each node read once
        for fields in table:
            number = table.line_num
            if not fields or fields == [""]:
                continue
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
        mapping = PRIMEKG_RELATIONS.get(relation)
        if mapping is None:
            rows.append(EdgeRow(x, None, y, relation))
            return rows
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
        rows.append(EdgeRow(subject, mapping.predicate, obj, label, mapping.negated))
        return rows
