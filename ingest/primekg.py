"""PrimeKG: `kg.csv` of the Harvard Dataverse release, through the shared open-graph path.

Download (CC BY 4.0): https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/IXA7BM, file
`kg.csv` (about 8.1M rows). Each row is one edge with both ends: relation, display_relation, x_index, x_id,
x_type, x_name, x_source, y_index, y_id, y_type, y_name, y_source. Node ids become CURIEs by source
(`graph_schema.open_graphs.PRIMEKG_ID_SOURCES`: NCBI -> NCBIGene, DrugBank -> DRUGBANK, HPO -> HP with its
7-digit padding, MONDO -> MONDO, GO, UBERON, REACTOME, CTD exposures -> MESH), so PrimeKG genes, drugs and
phenotypes are the HPO and DrugBank nodes already in the graph. kg.csv writes each edge from both ends; a
mapping names the kind its subject has, and each row is oriented by it (a row from the other end gives the same
edge again, which the keyed upsert writes once). A node is written the first time a row names it (a set of
PrimeKG node indexes, about 130k integers, is the only state). Read with the csv module, one line at a time.
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
        seen: set[str] = set()
        for fields in table:
            number = table.line_num
            if not fields or fields == [""]:
                continue
            try:
                yield number, self._row(fields, file, number, seen)
            except InputFileError as exc:
                bad_rows.handle(exc)  # raises unless --skip-bad-rows tolerates it

    def _row(self, fields: list[str], file: Path, number: int, seen: set[str]) -> list[Row]:
        if len(fields) != len(COLUMNS):
            raise InputFileError(file, number, f"expected {len(COLUMNS)} columns, got {len(fields)}")
        value = dict(zip(COLUMNS, (f.strip() for f in fields), strict=True))
        rows: list[Row] = []
        ends: list[tuple[str, str]] = []
        for side in ("x", "y"):
            kind = PRIMEKG_KINDS.get(value[f"{side}_type"])
            if kind is None:
                raise InputFileError(file, number, f"{side}_type {value[f'{side}_type']!r} is not a PrimeKG node type")
            curie = primekg_curie(value[f"{side}_source"], value[f"{side}_id"], file, number)
            name = value[f"{side}_name"]
            if not name:
                raise InputFileError(file, number, f"{side}_name is empty")
            check_text(file, number, f"{side}_name", name)
            ends.append((curie, value[f"{side}_type"]))
            index = value[f"{side}_index"] or curie
            if index not in seen:
                seen.add(index)
                rows.append(NodeRow(curie, name, kind))
        relation = value["relation"]
        mapping = PRIMEKG_RELATIONS.get(relation)
        (x, x_type), (y, y_type) = ends
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
        label = relation if not value["display_relation"] or value["display_relation"] == relation \
            else f"{relation}: {value['display_relation']}"
        rows.append(EdgeRow(subject, mapping.predicate, obj, label, mapping.negated))
        return rows
