"""UMLS Metathesaurus (RRF) into the graph, streaming, resumable, with flat memory.

Files, in order:
- MRSAB.RRF: current source versions, recorded as releases `UMLS/<SAB>`.
- MRCONSO.RRF: one concept per CUI (rows of a CUI are contiguous in a release). Preferred name is the
  atom with TS=P, STT=PF, ISPREF=Y (the Metathesaurus preferred name); the other strings are
  synonyms (case-folded duplicates dropped, at most `MAX_SYNONYMS`). Filters: LAT (default ENG),
  SUPPRESS (only `N` kept), `--sab` include/exclude. Atoms of HPO, DrugBank, MeSH, OMIM, SNOMED CT,
  NCI, HGNC, Orphanet, RxNorm, ATC and FDA/MTHSPL (UNII) give `same_as` links to those ids.
- MRSTY.RRF: semantic types, and the node kind from their semantic groups.
- MRDEF.RRF: one definition per concept, the best-ranked source first.
- MRREL.RRF: edges through the mapping table in graph_schema.umls (its docstring states the rule for
  rows left out); the original REL/RELA and asserting sources are kept in the edge's evidence.

Memory stays flat: the only state that grows is a bitmap of loaded CUIs (1.25 MB for every possible
CUI), used so MRSTY/MRDEF/MRREL never create nameless concepts for CUIs that MRCONSO filtered out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from graph_schema import PREDICATES, NodeKind
from graph_schema.umls import DEFINITION_SOURCE_RANK, kind_for_semantic_types, map_relation, source_curie
from ingest.common import (
    MAX_DEFINITION_CHARS,
    MAX_NAME_CHARS,
    BadRowPolicy,
    BatchWriter,
    FileReport,
    LineReader,
    LoadReport,
    ProgressFactory,
    check_source,
    check_text,
    require_records,
    utc_now,
)
from ingest.manifest import Manifest, manifest_name
from ingest.rrf import RrfLayout, read_layouts
from kgrag.errors import InputFileError
from kgrag.graph.base import GraphStore
from kgrag.graph.evidence import encode_evidence
from kgrag.graph.rows import EdgeRow
from kgrag.records import Concept, Release
from kgrag.storage import atomic_write_bytes

SOURCE = "UMLS"
MANIFEST = manifest_name("umls")  # the load's manifest file under the data dir
MAX_SYNONYMS = 64
REQUIRED = "MRCONSO.RRF"
OPTIONAL = ("MRSAB.RRF", "MRSTY.RRF", "MRDEF.RRF", "MRREL.RRF")
_CUI = re.compile(r"^C\d{7}$")
_NCIM_CUI = re.compile(r"^CL\d+$")  # NCI Metathesaurus-local concepts, found in some distributions
_RELEASE_NAME = re.compile(r"^\d{4}[A-Z]{2}$")  # 2025AB
# Records per committed batch: larger than other sources' because a UMLS load rewrites its big indexes at every
# commit (see Settings.batch_size for the measurement).
UMLS_BATCH_SIZE = 500_000
_EDGE_CHUNK = 4096  # MRREL edges handed to the writer at a time (fewer when its batches are smaller)


class _RelPlan(NamedTuple):
    """What MRREL rows with one (REL, RELA, SAB) become: skipped (`excluded` source, `unmapped` label: the
    reason), or an edge of `predicate` (CUI2 -> CUI1 when `forward`) carrying `label` and `evidence`."""

    excluded: bool
    unmapped: str
    predicate: str
    forward: bool
    symmetric: bool
    label: str
    evidence: str


@dataclass(frozen=True)
class UmlsOptions:
    languages: frozenset[str] = frozenset({"ENG"})
    include_sabs: frozenset[str] = frozenset()  # empty: every source
    exclude_sabs: frozenset[str] = frozenset()
    limit: int | None = None  # lines read per file, for trial loads

    def keeps_sab(self, sab: str) -> bool:
        return (not self.include_sabs or sab in self.include_sabs) and sab not in self.exclude_sabs

    def describe(self) -> str:
        return (f"lang={','.join(sorted(self.languages))} include={','.join(sorted(self.include_sabs))} "
                f"exclude={','.join(sorted(self.exclude_sabs))} limit={self.limit}")


class CuiSet:
    """Which CUIs are loaded, as a bitmap over the CUI number space (C0000000-C9999999)."""

    SIZE = 10_000_000 // 8

    def __init__(self, data: bytes | None = None) -> None:
        self.bits = bytearray(data) if data is not None else bytearray(self.SIZE)

    def add(self, cui: str) -> None:
        n = int(cui[1:])
        self.bits[n >> 3] |= 1 << (n & 7)

    def __contains__(self, cui: str) -> bool:
        # Called twice for most MRREL rows: a length and first-letter check instead of a regex. isdecimal, not
        # isdigit: int() rejects digits such as "²" that isdigit accepts.
        digits = cui[1:]
        if len(cui) != 8 or cui[0] != "C" or not digits.isdecimal():
            return False
        n = int(digits)
        return self.bits[n >> 3] >> (n & 7) & 1 == 1


def find_release(path: str | Path) -> Path:
    """The directory holding MRCONSO.RRF: `path` itself or its `META` subdirectory."""
    base = Path(path)
    if not base.exists():
        raise InputFileError(base, None, "no such file or directory")
    for candidate in (base, base / "META"):
        if (candidate / REQUIRED).is_file():
            return candidate
    raise InputFileError(base, None, f"expected a UMLS release directory (or its META folder) containing {REQUIRED} "
                         "and optionally MRSTY.RRF, MRDEF.RRF, MRREL.RRF, MRSAB.RRF")


def release_name(meta: Path) -> str:
    """`2025AB` from a path like /data/umls/2025AB/META, else the folder name."""
    for part in reversed(meta.resolve().parts):
        if _RELEASE_NAME.match(part):
            return part
    return meta.resolve().name if meta.name != "META" else meta.resolve().parent.name


class _UmlsLoad:
    """One load of one release: shared state of the per-file passes."""

    def __init__(self, meta: Path, options: UmlsOptions, writer: BatchWriter, bad_rows: BadRowPolicy,
                 cuis: CuiSet) -> None:
        self.options = options
        self.writer = writer
        self.bad_rows = bad_rows
        self.cuis = cuis
        self.layouts = read_layouts(meta)
        self.release = release_name(meta)
        self.sources: list[tuple[str, str]] = []  # (SAB, version) of current sources, from MRSAB

    def rows(self, path: Path, reader: LineReader) -> Iterator[tuple[int, list[str]]]:
        return self.layouts[path.name].rows(reader, self.bad_rows, limit=self.options.limit)

    def layout(self, name: str) -> RrfLayout:
        return self.layouts[name]

    def bad(self, path: Path, line: int, reason: str) -> None:
        self.bad_rows.handle(InputFileError(path, line, reason))

    # -- MRCONSO ---------------------------------------------------------------------------------

    def conso(self, path: Path, reader: LineReader, report: FileReport) -> None:
        lay = self.layout(path.name)
        i_cui, i_lat, i_ts, i_stt, i_ispref = (lay.index(c) for c in ("CUI", "LAT", "TS", "STT", "ISPREF"))
        i_sab, i_code, i_str, i_supp = (lay.index(c) for c in ("SAB", "CODE", "STR", "SUPPRESS"))
        keep_lang, keeps_sab = self.options.languages, self.options.keeps_sab
        group_cui, group_end = "", 0
        atoms: list[tuple[tuple[bool, bool, bool], str, str, str]] = []
        # Every pass reads its file from the first line, also when resuming: the writer drops the groups an
        # earlier run committed, while _emit_concept still marks their CUIs as loaded (the bitmap is not saved
        # mid-file).
        for number, f in self.rows(path, reader):
            report.rows += 1
            if f[i_lat] not in keep_lang or f[i_supp] not in ("N", "") or not keeps_sab(f[i_sab]):
                report.skip("filtered")
                continue
            cui = f[i_cui]
            if cui != group_cui or not atoms:  # the first row too: an empty CUI equals the initial group_cui ""
                if not _CUI.match(cui):
                    if _NCIM_CUI.match(cui):
                        report.skip("NCI Metathesaurus CUI")
                    else:
                        self.bad(path, number, f"CUI: expected C and 7 digits, got {cui!r}")
                    continue
                if atoms:
                    self._emit_concept(group_cui, atoms, group_end, report)
                group_cui, atoms = cui, []
            if len(f[i_str]) > MAX_NAME_CHARS:  # check_text's rule, tested here first: it runs for every atom
                try:
                    check_text(path, number, "STR", f[i_str])
                except InputFileError as exc:
                    self.bad_rows.handle(exc)
                    continue
            rank = (f[i_ts] == "P", f[i_stt] == "PF", f[i_ispref] == "Y")
            atoms.append((rank, f[i_str], f[i_sab], f[i_code]))
            group_end = number
        if atoms:
            self._emit_concept(group_cui, atoms, group_end, report)

    def _emit_concept(self, cui: str, atoms: list[tuple[tuple[bool, bool, bool], str, str, str]], end: int,
                      report: FileReport) -> None:
        best = max(range(len(atoms)), key=lambda i: atoms[i][0])  # first of the best-ranked atoms
        name = atoms[best][1]
        seen = {name.casefold()}
        synonyms: list[str] = []
        identities: dict[str, str] = {}
        for _, text, sab, code in atoms:
            folded = text.casefold()
            if folded not in seen and len(synonyms) < MAX_SYNONYMS:
                seen.add(folded)
                synonyms.append(text)
            curie = source_curie(sab, code)
            if curie is not None:
                identities.setdefault(curie, sab)
        node = f"UMLS:{cui}"
        concept = Concept(id=node, name=name, synonyms=tuple(synonyms), sources=(SOURCE,))
        release = self.release
        same_as: list[EdgeRow] = [(node, "same_as", curie, SOURCE, 0, release, f"MRCONSO:{sab}", "{}")
                                  for curie, sab in identities.items()]
        self.cuis.add(cui)
        self.writer.add([concept], position=end, edge_rows=same_as)
        report.concepts += 1
        report.relations += len(same_as)

    # -- MRSTY and MRDEF: one attribute update per CUI -------------------------------------------

    def grouped(self, path: Path, reader: LineReader, report: FileReport,
                accept: Callable[[int, list[str]], bool] | None = None
                ) -> Iterator[tuple[str, int, list[list[str]]]]:
        """Consecutive accepted rows of one loaded CUI: `(cui, last line, rows)`; `accept(line, fields)`, when
        given, filters rows. Whether a CUI is loaded is looked up once per run of its rows (they are contiguous
        in a release), not once per row."""
        i_cui = self.layout(path.name).index("CUI")
        group: list[list[str]] = []
        cui, end = "", 0
        last, last_loaded = None, False
        skipped: dict[str, int] = {}
        for number, f in self.rows(path, reader):
            report.rows += 1
            row_cui = f[i_cui]
            if row_cui != last:
                last, last_loaded = row_cui, row_cui in self.cuis
            if not last_loaded:
                skipped["concept not loaded"] = skipped.get("concept not loaded", 0) + 1
                continue
            if accept is not None and not accept(number, f):
                skipped["filtered"] = skipped.get("filtered", 0) + 1
                continue
            if row_cui != cui and group:
                yield cui, end, group
                group = []
            cui, end = row_cui, number
            group.append(f)
        if group:
            yield cui, end, group
        for reason, count in skipped.items():
            report.skip(reason, count)

    def sty(self, path: Path, reader: LineReader, report: FileReport) -> None:
        lay = self.layout(path.name)
        i_tui, i_sty = lay.index("TUI"), lay.index("STY")
        kinds: dict[tuple[str, ...], NodeKind] = {}  # a release has a few hundred combinations of types
        for cui, end, rows in self.grouped(path, reader, report):
            tuis = tuple([f[i_tui] for f in rows])
            kind = kinds.get(tuis) or kinds.setdefault(tuis, kind_for_semantic_types(tuis))
            names = tuple(dict.fromkeys([f[i_sty] for f in rows]))
            self.writer.add([Concept(id=f"UMLS:{cui}", name="", kind=kind, semantic_types=names)], position=end)
            report.concepts += 1

    def definitions(self, path: Path, reader: LineReader, report: FileReport) -> None:
        lay = self.layout(path.name)
        i_sab, i_def, i_supp = lay.index("SAB"), lay.index("DEF"), lay.index("SUPPRESS")
        rank = {sab: i for i, sab in enumerate(DEFINITION_SOURCE_RANK)}
        keeps_sab = self.options.keeps_sab

        def accept(f: list[str]) -> bool:
            return f[i_supp] in ("N", "") and keeps_sab(f[i_sab]) and bool(f[i_def].strip())

        def capped(number: int, f: list[str]) -> bool:  # an over-long definition is a bad row, reported at its line
            try:
                check_text(path, number, "DEF", f[i_def], MAX_DEFINITION_CHARS)
            except InputFileError as exc:
                self.bad_rows.handle(exc)
                return False
            return accept(f)

        for cui, end, rows in self.grouped(path, reader, report, capped):
            best = min(rows, key=lambda f: rank.get(f[i_sab], len(rank)))
            self.writer.add([Concept(id=f"UMLS:{cui}", name="", kind=NodeKind.CONCEPT,
                                     definition=best[i_def].strip())], position=end)
            report.concepts += 1

    # -- MRREL -----------------------------------------------------------------------------------

    def rel(self, path: Path, reader: LineReader, report: FileReport) -> None:
        """MRREL rows to edges. Tens of millions of rows pass here, so each does only a few comparisons and one
        dictionary look-up: what a (REL, RELA, SAB) triple becomes (skipped, or which edge with which evidence)
        is worked out once, by `_rel_plan`, and each edge goes to the writer as a plain row (kgrag.graph.rows)."""
        lay = self.layout(path.name)
        i_c1, i_rel, i_c2, i_rela = lay.index("CUI1"), lay.index("REL"), lay.index("CUI2"), lay.index("RELA")
        i_sab, i_supp = lay.index("SAB"), lay.index("SUPPRESS")
        plans: dict[tuple[str, str, str], _RelPlan] = {}
        loaded, release, replayed = self.cuis.__contains__, self.release, self.writer.replayed_through
        skipped: dict[str, int] = {}
        edges: list[EdgeRow] = []
        chunk = min(_EDGE_CHUNK, self.writer.size)  # a batch never waits for more edges than it holds
        rows = written = number = 0
        for number, f in self.rows(path, reader):
            rows += 1
            if f[i_supp] not in ("N", ""):
                reason = "suppressed"
            else:
                key = (f[i_rel], f[i_rela], f[i_sab])
                plan = plans.get(key) or plans.setdefault(key, self._rel_plan(*key))
                excluded, unmapped, predicate, forward, symmetric, label, evidence = plan
                c1, c2 = f[i_c1], f[i_c2]
                if excluded:
                    reason = "source excluded"
                elif c1 == c2:
                    reason = "within one concept"
                elif unmapped:
                    reason = unmapped
                elif not (loaded(c1) and loaded(c2)):
                    reason = "concept not loaded"
                else:
                    written += 1
                    if number > replayed:  # rows an earlier run committed are counted, not written again
                        subject, obj = (c2, c1) if forward else (c1, c2)
                        if symmetric and obj < subject:
                            subject, obj = obj, subject  # one edge for both directions of a symmetric relation
                        edges.append((f"UMLS:{subject}", predicate, f"UMLS:{obj}", SOURCE, 0, release, label,
                                      evidence))
                        if len(edges) >= chunk:
                            self.writer.add_edge_rows(edges, number)
                            edges = []
                    continue
            skipped[reason] = skipped.get(reason, 0) + 1
        self.writer.add_edge_rows(edges, number)
        report.rows += rows
        report.relations += written
        for reason, count in skipped.items():
            report.skip(reason, count)

    def _rel_plan(self, rel: str, rela: str, sab: str) -> _RelPlan:
        """What MRREL rows with these REL, RELA and SAB become."""
        mapping = map_relation(rel, rela)
        label = f"{rel}/{rela}" if rela else rel
        if mapping is None:
            return _RelPlan(not self.options.keeps_sab(sab), f"unmapped {label}", "", False, False, label, "")
        return _RelPlan(not self.options.keeps_sab(sab), "", mapping.predicate, mapping.forward,
                        PREDICATES[mapping.predicate].symmetric, label,
                        encode_evidence({"sab": (sab,), "rela": (label,)}))

    # -- MRSAB -----------------------------------------------------------------------------------

    def sab(self, path: Path, reader: LineReader, report: FileReport) -> None:
        lay = self.layout(path.name)
        i_rsab, i_vsab, i_sver, i_curver = (lay.index(c) for c in ("RSAB", "VSAB", "SVER", "CURVER"))
        for _, f in self.rows(path, reader):
            report.rows += 1
            if f[i_curver] == "Y":
                self.sources.append((f[i_rsab], f[i_sver] or f[i_vsab]))


def load_umls(
    store: GraphStore,
    path: str | Path,
    *,
    options: UmlsOptions | None = None,
    batch_size: int = UMLS_BATCH_SIZE,
    skip_bad_rows: int = 0,
    progress: ProgressFactory | None = None,
    manifest_path: Path | None = None,
    force: bool = False,
    allow_empty: bool = False,
) -> LoadReport:
    """Load a UMLS release directory (its META folder or the folder above it) into `store`.

    Every RRF file must have content and end with a newline before anything is written, and MRCONSO must hold
    rows (unless `allow_empty`).

    With `manifest_path`, an interrupted load resumes after its last committed batch and a finished
    one is skipped unless `force`. Re-running changes no counts (keyed upserts).
    """
    options = options or UmlsOptions()
    meta = find_release(path)
    files = [meta / REQUIRED] + [meta / name for name in OPTIONAL if (meta / name).is_file()]
    manifest = None
    if manifest_path is not None:
        manifest = Manifest(manifest_path, SOURCE, f"{meta.resolve()}|{options.describe()}")
        if manifest.is_current(files) and not force:
            return LoadReport(source=SOURCE, version=release_name(meta),
                              note="already loaded from these files; use --force to load again")
        if force:
            manifest.reset()
    for file in files:
        check_source(file, allow_empty=allow_empty)
    if manifest is not None:
        manifest.save()  # the journal shows this load as started, and unfinished until it ends
    cuis = _restore_cuis(manifest)
    bad_rows = BadRowPolicy(limit=skip_bad_rows)
    reports: list[FileReport] = []
    with BatchWriter(store, batch_size) as writer:
        load = _UmlsLoad(meta, options, writer, bad_rows, cuis)
        passes = {"MRSAB.RRF": load.sab, "MRCONSO.RRF": load.conso, "MRSTY.RRF": load.sty,
                  "MRDEF.RRF": load.definitions, "MRREL.RRF": load.rel}
        for name in ("MRSAB.RRF", REQUIRED, "MRSTY.RRF", "MRDEF.RRF", "MRREL.RRF"):
            file = meta / name
            if not file.is_file():
                reports.append(FileReport(file=name, loaded=False, note="not in the release, skipped"))
                continue
            state = manifest.state(file) if manifest is not None else None
            start_after = state.line if state is not None and not state.done else 0
            if state is not None and state.done and name != "MRSAB.RRF":
                reports.append(FileReport(file=name, loaded=False, note="loaded by an earlier run"))
                continue
            report = FileReport(file=name, version=load.release)
            if start_after:
                report.note = f"resumed after line {start_after:,}"
            reader = LineReader(file, progress(name, file.stat().st_size) if progress else None)
            writer.on_commit = manifest.checkpoint(file) if manifest is not None else None
            # A resumed file is read again from its first line, so its counts (and its release record) are
            # those of a whole load; the writer drops what the earlier run committed instead of rewriting it.
            writer.replay_through(start_after)
            started = time.perf_counter()
            passes[name](file, reader, report)
            if name == REQUIRED and not options.limit:
                require_records(file, report.rows, "MRCONSO rows", allow_empty)
            writer.flush()
            report.seconds = time.perf_counter() - started
            report.checksum = reader.checksum if not options.limit else ""
            store.record_release(report.release(SOURCE, load.release))
            if name == "MRSAB.RRF":
                _record_sources(store, load.sources, file, report)
            if manifest is not None:
                if name == REQUIRED:
                    _save_cuis(manifest, cuis)
                manifest.file_done(file)
            reports.append(report)
    if manifest is not None:
        manifest.finish()
    return LoadReport(source=SOURCE, version=load.release, files=reports, skipped=list(bad_rows.skipped))


def _cui_file(manifest: Manifest) -> Path:
    return manifest.path.with_suffix(".cuis")


def _restore_cuis(manifest: Manifest | None) -> CuiSet:
    """The loaded-CUI bitmap saved when MRCONSO finished in an earlier run (resume after MRCONSO)."""
    if manifest is not None and manifest.files.get(REQUIRED) and manifest.files[REQUIRED].done:
        try:
            data = _cui_file(manifest).read_bytes()
        except OSError:
            data = b""
        if len(data) == CuiSet.SIZE:
            return CuiSet(data)
        manifest.files[REQUIRED].done = False  # bitmap lost: MRCONSO runs again (idempotent)
        manifest.files[REQUIRED].line = 0
    return CuiSet()


def _save_cuis(manifest: Manifest, cuis: CuiSet) -> None:
    atomic_write_bytes(_cui_file(manifest), cuis.bits)


def _record_sources(store: GraphStore, sources: list[tuple[str, str]], path: Path, report: FileReport) -> None:
    for sab, version in sources:
        store.record_release(Release(source=f"{SOURCE}/{sab}", version=version, file=path.name,
                                     checksum=report.checksum, loaded_at=utc_now()))
