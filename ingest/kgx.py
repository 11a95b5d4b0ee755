"""KGX (Biolink model) node and edge files, TSV or JSON Lines, through the shared open-graph path.

KGX is how Monarch, RTX-KG2 and ROBOKOP publish their graphs: a nodes file (`id`, `category`, `name`, and
optionally `synonym`, `xref`, `description`) and an edges file (`subject`, `predicate`, `object`, and optionally
`negated`, `knowledge_source`/`primary_knowledge_source`). In TSV, multi-valued fields are "|"-separated; in
JSON Lines (`.jsonl`), one object per line with lists. Columns are found by header name, so extra columns are
fine. Categories and predicates map through `graph_schema.open_graphs.KGX_CATEGORIES` and `KGX_PREDICATES`;
an unmapped predicate is counted and reported, a node whose categories have no row becomes a `Concept`. Ids are
CURIEs already and go through the same normalization as every other source (`MONDO:`, `HP:`, `NCBIGene:`, ...),
so a KGX graph joins the nodes HPO, DrugBank and the OBO ontologies loaded; `xref`s in identity vocabularies
become `same_as`. Read with the csv module and json, one line at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from graph_schema import InvalidCurieError, NodeKind, normalize_curie
from graph_schema.open_graphs import KGX_CATEGORIES, KGX_PREDICATES
from ingest.common import BadRowPolicy, LineReader, check_text
from ingest.manifest import manifest_name
from ingest.obo_graph import IDENTITY_PREFIXES
from ingest.open_graph import EdgeRow, NodeRow, Row
from kgrag.errors import InputFileError

SOURCE = "KGX"
NODE_REQUIRED = ("id", "category", "name")
EDGE_REQUIRED = ("subject", "predicate", "object")


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split("|") if v.strip()]


class KgxFormat:
    def __init__(self, nodes: str | Path, edges: str | Path, source: str = SOURCE) -> None:
        self.nodes, self.edges = Path(nodes), Path(edges)
        for file in (self.nodes, self.edges):
            if not file.is_file():
                raise InputFileError(file, None, "no such file")
        self.source = source
        self.manifest = manifest_name("kgx", source.lower())  # one per source name

    def files(self) -> list[Path]:
        return [self.nodes, self.edges]

    def version(self, file: Path) -> str:
        return ""

    def _records(self, file: Path, reader: LineReader) -> Iterator[tuple[int, dict[str, Any] | InputFileError]]:
        required = NODE_REQUIRED if file == self.nodes else EDGE_REQUIRED
        if file.name.endswith((".jsonl", ".jsonl.gz")):
            for number, text in reader:
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield number, InputFileError(file, number, f"not a JSON object ({exc.msg})")
                    continue
                if not isinstance(record, dict):
                    yield number, InputFileError(file, number, "not a JSON object")
                    continue
                yield number, record
            return
        lines = (text for _, text in reader)
        table = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = [h.strip() for h in next(table, [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputFileError(file, 1, f"header: missing the KGX columns {', '.join(missing)}")
        for fields in table:
            if not fields or fields == [""]:
                continue
            if len(fields) != len(header):
                yield table.line_num, InputFileError(file, table.line_num, f"expected {len(header)} tab-separated "
                                                                           f"columns, got {len(fields)}")
                continue
            yield table.line_num, dict(zip(header, fields, strict=True))

    def rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        for number, record in self._records(file, reader):
            try:
                if isinstance(record, InputFileError):
                    raise record
                yield number, (self._node(record, file, number) if file == self.nodes
                               else self._edge(record, file, number),)
            except InputFileError as exc:
                bad_rows.handle(exc)  # raises unless --skip-bad-rows tolerates it

    @staticmethod
    def _curie(value: Any, file: Path, number: int, field: str) -> str:
        try:
            return normalize_curie(str(value or ""))
        except InvalidCurieError as exc:
            raise InputFileError(file, number, f"{field}: {exc}") from None

    def _node(self, record: dict[str, Any], file: Path, number: int) -> NodeRow:
        node_id = self._curie(record.get("id"), file, number, "id")
        name = str(record.get("name") or "").strip()
        if not name:
            raise InputFileError(file, number, "name is empty")
        check_text(file, number, "name", name)
        kind = next((KGX_CATEGORIES[c] for c in _values(record.get("category")) if c in KGX_CATEGORIES),
                    NodeKind.CONCEPT)
        same_as = []
        for xref in _values(record.get("xref")):
            try:
                target = normalize_curie(xref)
            except InvalidCurieError:
                continue
            if target.partition(":")[0] in IDENTITY_PREFIXES and target != node_id:
                same_as.append(target)
        synonyms = tuple(dict.fromkeys(_values(record.get("synonym"))))
        return NodeRow(node_id, name, kind, synonyms, str(record.get("description") or "").strip(),
                       tuple(dict.fromkeys(same_as)))

    def _edge(self, record: dict[str, Any], file: Path, number: int) -> EdgeRow:
        subject = self._curie(record.get("subject"), file, number, "subject")
        obj = self._curie(record.get("object"), file, number, "object")
        predicate = str(record.get("predicate") or "").strip()
        if not predicate:
            raise InputFileError(file, number, "predicate is empty")
        negated = str(record.get("negated") or "").strip().lower() in ("true", "1")
        mapping = KGX_PREDICATES.get(predicate)
        if mapping is None:
            return EdgeRow(subject, None, obj, predicate)
        if mapping.reverse:
            subject, obj = obj, subject
        return EdgeRow(subject, mapping.predicate, obj, predicate, negated)
