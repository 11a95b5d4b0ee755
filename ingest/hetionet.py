"""Hetionet v1.0: the nodes TSV and the edges SIF of the release directory, through the shared open-graph path.

Download (CC0 for Hetionet's own content; each edge keeps its source's licence), from
https://github.com/hetio/hetionet/tree/main/hetnet/tsv: `hetionet-v1.0-nodes.tsv` (id, name, kind) and
`hetionet-v1.0-edges.sif.gz` (source, metaedge, target). Node ids are `Kind::local` ("Gene::2200",
"Disease::DOID:14330", "Compound::DB00331"); they become CURIEs by kind (`graph_schema.open_graphs.HETIONET_KINDS`:
NCBIGene, DOID, DRUGBANK, UBERON, UMLS for SIDER side effects, MESH for symptoms), so Hetionet genes are the
HPO genes and Hetionet compounds the DrugBank drugs already in the graph, with no extra identity edges.
Metaedges map through `HETIONET_RELATIONS`; the others are counted and reported as unmapped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from graph_schema import InvalidCurieError, normalize_curie
from graph_schema.open_graphs import HETIONET_KINDS, HETIONET_RELATIONS
from ingest.common import BadRowPolicy, LineReader, check_text
from ingest.manifest import manifest_name
from ingest.open_graph import EdgeRow, NodeRow, Row, first_match
from kgrag.errors import InputFileError

SOURCE = "Hetionet"
NODE_COLUMNS = ("id", "name", "kind")
EDGE_COLUMNS = ("source", "metaedge", "target")


def hetionet_curie(value: str, path: Path, line: int) -> str:
    """"Gene::2200" -> "NCBIGene:2200", "Disease::DOID:14330" -> "DOID:14330"; InputFileError otherwise."""
    kind, sep, local = value.partition("::")
    mapping = HETIONET_KINDS.get(kind)
    if not sep or mapping is None or not local:
        raise InputFileError(path, line, f"node id {value!r}: expected KIND::ID with a Hetionet kind")
    try:
        return normalize_curie(f"{mapping.prefix}:{local}" if mapping.prefix else local)
    except InvalidCurieError as exc:
        raise InputFileError(path, line, f"node id {value!r}: {exc}") from None


class HetionetFormat:
    """The nodes file first (concepts), then the edges (relations)."""

    source = SOURCE
    manifest = manifest_name("hetionet")  # the load's manifest file under the data dir

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise InputFileError(self.directory, None, "expected the Hetionet directory holding the nodes TSV "
                                 "and the edges SIF")
        # "*-nodes*" would also match the metagraph's metanodes table, which is not a node list.
        self.nodes = first_match(self.directory, ("hetionet-v1.0-nodes.tsv*", "*nodes*.tsv*"), "nodes TSV", "metanode")
        self.edges = first_match(self.directory, ("hetionet-v1.0-edges.sif*", "*edges*.sif*"), "edges SIF")

    def files(self) -> list[Path]:
        return [self.nodes, self.edges]

    def version(self, file: Path) -> str:
        return "v1.0" if "v1.0" in file.name else ""

    def rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        expected = NODE_COLUMNS if file == self.nodes else EDGE_COLUMNS
        for number, text in reader:
            fields = text.split("\t")
            if number == 1:
                if tuple(f.strip() for f in fields) != expected:
                    raise InputFileError(file, 1, f"header: expected the columns {', '.join(expected)}, got "
                                         f"{text[:80]!r}")
                continue
            if not text.strip():
                continue
            try:
                if len(fields) != 3:
                    raise InputFileError(file, number, f"expected 3 tab-separated columns, got {len(fields)}")
                yield number, (self._node(fields, file, number) if file == self.nodes
                               else self._edge(fields, file, number),)
            except InputFileError as exc:
                bad_rows.handle(exc)  # raises unless --skip-bad-rows tolerates it

    @staticmethod
    def _node(fields: list[str], file: Path, number: int) -> NodeRow:
        node_id, name, kind = (f.strip() for f in fields)
        mapping = HETIONET_KINDS.get(kind)
        if mapping is None:
            raise InputFileError(file, number, f"kind {kind!r} is not a Hetionet node kind")
        if not name:
            raise InputFileError(file, number, "name is empty")
        check_text(file, number, "name", name)
        if not node_id.startswith(f"{kind}::"):
            raise InputFileError(file, number, f"node id {node_id!r} does not start with its kind {kind!r}")
        return NodeRow(hetionet_curie(node_id, file, number), name, mapping.kind)

    @staticmethod
    def _edge(fields: list[str], file: Path, number: int) -> EdgeRow:
        source, metaedge, target = (f.strip() for f in fields)
        subject, obj = hetionet_curie(source, file, number), hetionet_curie(target, file, number)
        mapping = HETIONET_RELATIONS.get(metaedge)
        if mapping is None:
            return EdgeRow(subject, None, obj, metaedge)
        if mapping.reverse:
            subject, obj = obj, subject
        return EdgeRow(subject, mapping.predicate, obj, f"{metaedge}")
