"""Any OBO ontology (Disease Ontology, MONDO, ...) through the shared open-graph path: `kgrag ingest obo PATH
--prefix P`.

Each `[Term]` of the ontology's own prefix becomes a concept (name, EXACT and RELATED synonyms, definition;
kind from `--kind`, or by prefix: DOID and MONDO are diseases), with its `is_a` parents and, for an obsolete
term, `replaced_by`. Cross-references in the identity vocabularies (`IDENTITY_PREFIXES`: OMIM, Orphanet,
UMLS, MeSH, NCIt, SNOMED CT, DOID, MONDO) and `alt_id`s become `same_as`, so a DOID or MONDO disease joins its
OMIM twin from HPO and the Hetionet disease of the same DOID id; ICD codes, GARD and URLs are classifications
or references, not identities, and stay out. Terms of other prefixes (imported ones) are skipped. Parsing is
the streaming OBO parser the HPO loader uses (`ingest.obo`). A subset file ("slim") names parents and
replacements it does not define: those edges are counted and reported, never written as dangling edges.

MONDO marks the precision of each xref in a trailing qualifier (`{source="MONDO:equivalentTo"}`); the parser
keeps the identifier only, so every MONDO xref of an identity prefix is read as equivalence. That is a known
loosening for MONDO, to be tightened with its SSSOM mappings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from graph_schema import InvalidCurieError, NodeKind, normalize_curie
from ingest.common import BadRowPolicy, LineReader
from ingest.manifest import manifest_name
from ingest.obo import OboParser, OboTerm
from ingest.open_graph import EdgeRow, NodeRow, Row
from kgrag.errors import InputFileError

IDENTITY_PREFIXES = frozenset({"OMIM", "ORPHA", "UMLS", "MESH", "NCIT", "SNOMEDCT", "DOID", "MONDO"})
KIND_BY_PREFIX = {"DOID": NodeKind.DISEASE, "MONDO": NodeKind.DISEASE, "HP": NodeKind.PHENOTYPE,
                  "UBERON": NodeKind.ANATOMY, "CHEBI": NodeKind.CHEMICAL}
NAME_SCOPES = frozenset({"EXACT", "RELATED"})


class OboFormat:
    """One OBO file; the source is named by its prefix ("DOID")."""

    def __init__(self, path: str | Path, prefix: str, kind: NodeKind | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputFileError(self.path, None, "no such file")
        self.prefix = normalize_curie(f"{prefix.rstrip(':')}:1").partition(":")[0] if prefix else ""
        if not self.prefix:
            raise InputFileError(self.path, None, "give the ontology's id prefix (--prefix DOID)")
        self.kind = kind or KIND_BY_PREFIX.get(self.prefix, NodeKind.CONCEPT)
        self.source = self.prefix
        self.manifest = manifest_name("obo", self.prefix.lower())  # one per ontology
        self._version = _data_version(self.path)

    def files(self) -> list[Path]:
        return [self.path]

    def version(self, file: Path) -> str:
        return self._version

    def rows(self, file: Path, reader: LineReader, bad_rows: BadRowPolicy) -> Iterator[tuple[int, Sequence[Row]]]:
        # A first pass collects the ids the file defines: a subset ("slim") names parents and replacements it
        # does not define, and those edges are reported rather than left dangling.
        defined = {t.id for t in OboParser(file, bad_rows)}
        parser = OboParser(file, bad_rows, reader=reader)
        for term in parser:
            try:
                group = self._term_rows(term, defined)
            except InputFileError as exc:
                bad_rows.handle(exc)
                continue
            if group:
                yield term.line, group

    def _curie(self, value: str, term: OboTerm, what: str) -> str:
        try:
            return normalize_curie(value)
        except InvalidCurieError as exc:
            raise InputFileError(self.path, term.line, f"[Term] {term.id} {what}: {exc}") from None

    def _term_rows(self, term: OboTerm, defined: set[str]) -> list[Row]:
        term_id = self._curie(term.id, term, "id")
        if term_id.partition(":")[0] != self.prefix:
            return []  # a term imported from another ontology
        same_as = [self._curie(alt, term, "alt_id") for alt in term.alt_ids]
        for xref in term.xrefs:
            try:
                target = normalize_curie(xref)
            except InvalidCurieError:
                continue  # a URL or free-text reference, not an identity
            if target.partition(":")[0] in IDENTITY_PREFIXES and target != term_id:
                same_as.append(target)
        synonyms = tuple(dict.fromkeys(s.text for s in term.synonyms if s.scope in NAME_SCOPES))
        node = NodeRow(term_id, term.name, self.kind, synonyms, term.definition, tuple(dict.fromkeys(same_as)),
                       obsolete=term.obsolete)
        rows: list[Row] = [node]
        for tag, targets in (("is_a", term.is_a), ("replaced_by", term.replaced_by)):
            for target in targets:
                if target in defined or target.partition(":")[0] != self.prefix:
                    rows.append(EdgeRow(term_id, tag, self._curie(target, term, tag), tag))
                else:  # counted and reported by the loader, never a dangling edge
                    rows.append(EdgeRow(term_id, None, target, f"{tag} to a term the file does not define"))
        return rows


def _data_version(path: Path) -> str:
    """The header's `data-version`, read before the first stanza (edges carry it as their release)."""
    for _, text in LineReader(path):
        if text.startswith("["):
            break
        tag, _, value = text.partition(":")
        if tag.strip() == "data-version":
            return value.strip()
    return ""
