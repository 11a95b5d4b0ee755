"""DrugBank: the full database XML and the open vocabulary CSV, format detected from the file.

Full XML (`full database.xml`, also inside its .zip or as .gz), streamed with `iterparse`; each
top-level `<drug>` is mapped and then cleared, so memory stays flat:
- a Drug concept `DRUGBANK:DBxxxxx`: name, synonyms and international brands, description (plus the
  indication text) as definition, type, groups and categories as semantic types;
- `same_as` to its CAS number, UNII, ATC codes, ChEBI and RxNorm ids;
- `interacts_with` for each drug-drug interaction (one edge per pair, with the description texts);
- `targets` to Gene nodes keyed by HGNC id (symbol as name), with the target's actions. A target
  without an HGNC gene (most non-human targets) is counted and left out.
Open vocabulary CSV (CC0): id, common name, synonyms, and `same_as` to CAS, UNII and InChIKey.

Genes are matched across sources by symbol: a DrugBank target gene and a Gene already in the graph
with the same symbol but another id (an NCBIGene gene from HPO) get a `same_as` link.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree as ET

from graph_schema import InvalidCurieError, NodeKind, normalize_curie
from ingest.common import (
    READ_ERRORS,
    BadRowPolicy,
    BatchWriter,
    FileReport,
    HashingReader,
    LineFeed,
    LineReader,
    LoadReport,
    ProgressCallback,
    ProgressFactory,
    check_concept_text,
    check_source,
    open_binary,
    read_head,
    require_records,
)
from ingest.genes import symbol_links
from ingest.manifest import Manifest, manifest_name
from kgrag.errors import InputFileError
from kgrag.graph.base import GraphStore
from kgrag.records import Concept, Relation

SOURCE = "DrugBank"


def manifest_for(path: Path) -> str:
    """The manifest file of one DrugBank file's load: one per file name (the XML and the vocabulary CSV)."""
    return manifest_name("drugbank", path.name, keep=".-")


MAX_SYNONYMS = 64
VOCABULARY_HEADER = ("DrugBank ID", "Accession Numbers", "Common name", "CAS", "UNII", "Synonyms",
                     "Standard InChI Key")
# External identifier resources of a drug that name the same substance in another vocabulary.
DRUG_IDENTIFIERS = {"ChEBI": "CHEBI", "RxCUI": "RXNORM"}
HGNC_RESOURCE = "HUGO Gene Nomenclature Committee (HGNC)"

DrugBankFormat = Literal["xml", "vocabulary"]


def detect_format(path: Path) -> DrugBankFormat:
    head = read_head(path, 4096, (".xml", ".csv"))
    try:
        text = head.decode("utf-8-sig", errors="strict").lstrip()
    except UnicodeDecodeError:
        text = head.decode("latin-1").lstrip()
    if text.startswith("<"):
        return "xml"
    if text.startswith(VOCABULARY_HEADER[0]):
        return "vocabulary"
    raise InputFileError(path, 1, "not a DrugBank file: expected the full database XML (<drugbank ...>) "
                         f"or the open vocabulary CSV (header starting {VOCABULARY_HEADER[0]!r})")


def _curie(prefix: str, local: str) -> str | None:
    try:
        return normalize_curie(f"{prefix}:{local.strip()}")
    except InvalidCurieError:
        return None


# -- full database XML -------------------------------------------------------------------------


class _Drug:
    """Reads one `<drug>` element (namespace-aware) into records."""

    def __init__(self, element: ET.Element, ns: str, release: str) -> None:
        self.e = element
        self.ns = ns
        self.release = release

    def _q(self, path: str) -> str:
        return "/".join(f"{self.ns}{part}" for part in path.split("/"))

    def text(self, path: str) -> str:
        found = self.e.find(self._q(path))
        return (found.text or "").strip() if found is not None else ""

    def texts(self, path: str, within: ET.Element | None = None) -> list[str]:
        root = self.e if within is None else within
        return [(x.text or "").strip() for x in root.findall(self._q(path)) if (x.text or "").strip()]

    def primary_id(self) -> str:
        ids = self.e.findall(self._q("drugbank-id"))  # direct children only: salts carry their own
        primary = [x for x in ids if x.get("primary") == "true"] or ids
        return (primary[0].text or "").strip() if primary else ""

    def records(self, drug_id: str) -> tuple[Concept, list[Relation], list[tuple[Concept, Relation]], int]:
        name = self.text("name")
        synonyms = list(dict.fromkeys(
            s for s in self.texts("synonyms/synonym") + self.texts("international-brands/international-brand/name")
            if s != name))[:MAX_SYNONYMS]
        description, indication = self.text("description"), self.text("indication")
        definition = description + (f"\n\nIndication: {indication}" if indication else "")
        semantic = [self.e.get("type", "")] + self.texts("groups/group") + self.texts("categories/category/category")
        concept = Concept(id=drug_id, name=name, kind=NodeKind.DRUG, synonyms=tuple(synonyms),
                          semantic_types=tuple(dict.fromkeys(s for s in semantic if s)), sources=(SOURCE,),
                          definition=definition.strip())
        relations: list[Relation] = []
        identities = [_curie("CAS", self.text("cas-number")), _curie("UNII", self.text("unii"))]
        identities += [_curie("ATC", atc.get("code", "")) for atc in self.e.findall(self._q("atc-codes/atc-code"))]
        for ext in self.e.findall(self._q("external-identifiers/external-identifier")):
            prefix = DRUG_IDENTIFIERS.get(self.texts("resource", ext)[0] if self.texts("resource", ext) else "")
            if prefix:
                identities.append(_curie(prefix, " ".join(self.texts("identifier", ext))))
        for curie in dict.fromkeys(i for i in identities if i):
            relations.append(Relation(drug_id, "same_as", curie, SOURCE, self.release, "xref"))
        for interaction in self.e.findall(self._q("drug-interactions/drug-interaction")):
            other = _curie("DRUGBANK", " ".join(self.texts("drugbank-id", interaction)))
            if other is None or other == drug_id:
                continue
            a, b = sorted((drug_id, other))  # one edge per pair: interacts_with is symmetric
            texts = tuple(self.texts("description", interaction))
            relations.append(Relation(a, "interacts_with", b, SOURCE, self.release, "drug-interactions",
                                      evidence={"descriptions": texts} if texts else {}))
        targets: list[tuple[Concept, Relation]] = []
        skipped = 0
        for target in self.e.findall(self._q("targets/target")):
            gene = self._target_gene(target)
            if gene is None:
                skipped += 1
                continue
            evidence: dict[str, str | tuple[str, ...]] = {"actions": tuple(self.texts("actions/action", target))}
            for key, tag in (("target", "id"), ("organism", "organism"), ("known_action", "known-action")):
                value = " ".join(self.texts(tag, target))
                if value:
                    evidence[key] = value
            targets.append((gene, Relation(drug_id, "targets", gene.id, SOURCE, self.release, "targets",
                                           evidence=evidence)))
        return concept, relations, targets, skipped

    def _target_gene(self, target: ET.Element) -> Concept | None:
        for polypeptide in target.findall(self._q("polypeptide")):
            symbol = " ".join(self.texts("gene-name", polypeptide))
            for ext in polypeptide.findall(self._q("external-identifiers/external-identifier")):
                if self.texts("resource", ext) == [HGNC_RESOURCE]:
                    hgnc = _curie("HGNC", " ".join(self.texts("identifier", ext)).removeprefix("HGNC:"))
                    if hgnc and symbol:
                        names = tuple(n for n in self.texts("name", polypeptide) if n != symbol)
                        return Concept(id=hgnc, name=symbol, kind=NodeKind.GENE, synonyms=names, sources=(SOURCE,))
        return None


def _load_xml(store: GraphStore, path: Path, writer: BatchWriter, bad_rows: BadRowPolicy,
              progress: ProgressCallback | None, release_override: str | None) -> FileReport:
    report = FileReport(file=path.name)
    seen_genes: set[str] = set()
    with open_binary(path, (".xml",)) as raw:
        stream = HashingReader(raw, progress)
        feed = LineFeed(stream)  # fed line by line so a bad drug can be reported at its line
        depth = 0
        drug_line = 1
        root: ET.Element | None = None
        ns = ""
        try:
            for event, element in ET.iterparse(feed, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth == 2:
                        drug_line = feed.line
                    elif depth == 1:
                        root = element
                        ns = element.tag[: element.tag.index("}") + 1] if element.tag.startswith("{") else ""
                        if element.tag != f"{ns}drugbank":
                            raise InputFileError(path, 1, f"expected a <drugbank> root element, got <{element.tag}>")
                        report.version = release_override or " ".join(
                            v for v in (element.get("version", ""), element.get("exported-on", "")) if v)
                    continue
                depth -= 1
                if depth != 1 or element.tag != f"{ns}drug":
                    continue
                report.rows += 1
                _add_drug(store, _Drug(element, ns, report.version), path, drug_line, writer, bad_rows, report,
                          seen_genes)
                if progress is not None:
                    progress(0, 1)  # one drug: the rows of this format
                if root is not None:
                    root.clear()  # drop the finished <drug> subtree: memory stays flat
        except ET.ParseError as exc:
            line, column = exc.position
            reason = exc.msg.rsplit(": line ", 1)[0]  # expat appends the position we already report
            raise InputFileError(path, line, f"malformed XML at column {column + 1}: {reason}") from None
        except LookupError as exc:  # an encoding the XML declaration names but Python does not know
            raise InputFileError(path, 1, f"cannot decode: {exc}") from None
        except READ_ERRORS as exc:
            raise InputFileError(path, feed.next_line, f"cannot read: {exc}") from None
        report.checksum = f"sha256:{stream.sha256.hexdigest()}"
    if root is None:
        raise InputFileError(path, 1, "empty file")
    return report


def _add_drug(store: GraphStore, drug: _Drug, path: Path, line: int, writer: BatchWriter, bad_rows: BadRowPolicy,
              report: FileReport, seen_genes: set[str]) -> None:
    raw_id = drug.primary_id()
    drug_id = _curie("DRUGBANK", raw_id)
    if drug_id is None or not drug.text("name"):
        # `line` is where the <drug> start tag ends; its position among the drugs is named too.
        bad_rows.handle(InputFileError(path, line, f"drug #{report.rows}: expected a primary drugbank-id "
                                       f"(DB + 5 digits) and a name, got id {raw_id!r}"))
        return
    concept, relations, targets, skipped = drug.records(drug_id)
    try:
        for record in (concept, *(gene for gene, _ in targets)):
            check_concept_text(record, path, line)
    except InputFileError as exc:
        bad_rows.handle(exc)
        return
    if skipped:
        report.skip("target without HGNC gene", skipped)
    concepts = [concept]
    for gene, relation in targets:
        if gene.id not in seen_genes:
            seen_genes.add(gene.id)
            concepts.append(gene)
            relations.extend(symbol_links(store, gene, SOURCE, drug.release))
        relations.append(relation)
    writer.add(concepts, relations, position=report.rows)
    report.concepts += len(concepts)
    report.relations += len(relations)


# -- open vocabulary CSV ---------------------------------------------------------------------


def _vocabulary_rows(path: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, list[str]]]:
    lines = (text for _, text in reader)
    rows = csv.reader(lines)
    header = next(rows, None)
    if header is None or tuple(h.strip().lstrip("\ufeff") for h in header) != VOCABULARY_HEADER:
        raise InputFileError(path, 1, f"expected the DrugBank vocabulary header {','.join(VOCABULARY_HEADER)}")
    for row in rows:
        if len(row) != len(VOCABULARY_HEADER):
            bad_rows.handle(InputFileError(path, reader.lines_read, f"expected {len(VOCABULARY_HEADER)} "
                                           f"comma-separated columns, found {len(row)}"))
            continue
        yield reader.lines_read, row


def _load_vocabulary(store: GraphStore, path: Path, writer: BatchWriter, bad_rows: BadRowPolicy,
                     progress: ProgressCallback | None, release_override: str | None) -> FileReport:
    reader = LineReader(path, progress)
    report = FileReport(file=path.name, version=release_override or "")
    try:
        for number, (raw_id, _accessions, name, cas, unii, synonyms, inchikey) in _vocabulary_rows(
                path, reader, bad_rows):
            report.rows += 1
            drug_id = _curie("DRUGBANK", raw_id)
            if drug_id is None or not name.strip():
                bad_rows.handle(InputFileError(path, number, f"expected a DrugBank id (DB + 5 digits) and a "
                                               f"name, got {raw_id!r}"))
                continue
            names = tuple(dict.fromkeys(s.strip() for s in synonyms.split(" | ") if s.strip() and s.strip() != name))
            concept = Concept(id=drug_id, name=name.strip(), kind=NodeKind.DRUG, synonyms=names[:MAX_SYNONYMS],
                              sources=(SOURCE,))
            try:
                check_concept_text(concept, path, number)
            except InputFileError as exc:
                bad_rows.handle(exc)
                continue
            identities = (_curie("CAS", cas), _curie("UNII", unii), _curie("INCHIKEY", inchikey))
            relations = [Relation(drug_id, "same_as", curie, SOURCE, report.version, "vocabulary")
                         for curie in identities if curie]
            writer.add([concept], relations, position=number)
            report.concepts += 1
            report.relations += len(relations)
    except csv.Error as exc:
        raise InputFileError(path, reader.lines_read, f"malformed CSV: {exc}") from None
    report.checksum = reader.checksum
    return report


def load_drugbank(
    store: GraphStore,
    path: str | Path,
    *,
    batch_size: int = 100_000,
    skip_bad_rows: int = 0,
    progress: ProgressFactory | None = None,
    release: str | None = None,
    manifest_path: Path | None = None,
    force: bool = False,
    allow_empty: bool = False,
) -> LoadReport:
    """Load a DrugBank full database XML (plain, .gz or .zip) or open vocabulary CSV into `store`.

    An empty file, or one without a single drug, is refused unless `allow_empty`; a CSV must end with a newline.

    With `manifest_path`, an interrupted load resumes after its last committed batch (XML: re-parses
    and skips the drugs already committed) and a finished one is skipped unless `force`.
    """
    file = Path(path)
    if not file.exists():
        raise InputFileError(file, None, "no such file or directory")
    check_source(file, allow_empty=allow_empty, line_based=False)
    if allow_empty and not read_head(file, 1):
        return LoadReport(source=SOURCE, version=release or "", note=f"{file.name} is empty: nothing loaded")
    fmt = detect_format(file)
    if fmt == "vocabulary":
        check_source(file, allow_empty=allow_empty)
    manifest = Manifest(manifest_path, SOURCE, str(file.resolve())) if manifest_path is not None else None
    if manifest is not None:
        if manifest.is_current([file]) and not force:
            return LoadReport(source=SOURCE, version=release or "",
                              note="already loaded from this file; use --force to load again")
        if force:
            manifest.reset()
    state = manifest.state(file) if manifest is not None else None
    if manifest is not None:
        manifest.save()  # the journal shows this load as started, and unfinished until it ends
    start_after = state.line if state is not None and not state.done else 0
    bad_rows = BadRowPolicy(limit=skip_bad_rows)
    callback = progress(file.name, file.stat().st_size) if progress else None
    loader = _load_xml if fmt == "xml" else _load_vocabulary
    started = time.perf_counter()
    with BatchWriter(store, batch_size) as writer:
        writer.on_commit = manifest.checkpoint(file) if manifest is not None else None
        # A resumed load reads the file again from the start, so its counts (and its release record) are
        # those of a whole load; the writer drops what the earlier run committed instead of rewriting it.
        writer.replay_through(start_after)
        # The CSV names no release: its edges carry the label its release record gets, so every edge's
        # release is a recorded one (`kgrag graph check`).
        label = release if release is not None or fmt == "xml" else "unknown"
        report = loader(store, file, writer, bad_rows, callback, label)
    require_records(file, report.rows, "drugs", allow_empty)
    report.seconds = time.perf_counter() - started
    report.note = ("full database XML" if fmt == "xml" else "open vocabulary CSV") + (
        f"; resumed after {'drug' if fmt == 'xml' else 'line'} {start_after:,}" if start_after else "")
    version = report.version or "unknown"
    store.record_release(report.release(SOURCE, version))
    if manifest is not None:
        manifest.file_done(file)
        manifest.finish()
    return LoadReport(source=SOURCE, version=version, files=[report], skipped=list(bad_rows.skipped))
