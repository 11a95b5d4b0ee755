"""`kgrag index stats|search|concepts|link|check|rebuild`: inspect, query and repair the passage index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import typer
from rich.table import Table

from ingest.literature_loader import relink
from ingest.manifest import unfinished_loads
from kgrag.cli.common import (
    console,
    file_progress,
    make_linker,
    open_passage_index,
    open_store,
    print_json,
    report_checks,
)
from kgrag.config import Settings, load_settings
from kgrag.errors import UserError
from kgrag.graph import missing_graph
from kgrag.graph.check import check_missing
from kgrag.linking.concept_index import ConceptIndex, graph_fingerprint
from kgrag.text.index_check import check_index
from kgrag.text.passage_index import SEARCH_MODES, configured_embedder

app = typer.Typer(help="Inspect and search the literature passage index.", no_args_is_help=True)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")


@app.command("stats")
def stats(as_json: bool = JSON_OPTION) -> None:
    """Documents, passages, vectors, BM25 and concept links in the passage index."""
    settings = load_settings()
    if settings.data_dir.is_dir() and not settings.passages_path.is_file():  # a graph without literature yet
        concepts = _concept_index_state(settings, configured_embedder(settings).signature)
        if as_json:
            print_json({"passage_index": "missing", "path": str(settings.passages_path), "concept_vectors": concepts})
            return
        console.print(f"no passage index in {settings.data_dir} yet: index literature with `kgrag ingest literature "
                      f"PATH`\nconcept-name vectors: {concepts['names']:,} ({concepts['state']})")
        return
    with open_passage_index(settings) as index:
        counts = index.store.stats()
        state = index.saved_state()  # as saved, never rebuilt here: the same truth `index check` reads
        signature = index.embedder.signature
    concepts = _concept_index_state(settings, signature)
    if as_json:
        print_json(asdict(counts) | {"vector_index": state.vector_type, "vectors": state.vectors,
                                   "bm25_passages": state.bm25_passages, "vectors_current": state.vectors_current,
                                   "bm25_current": state.bm25_current, "path": str(settings.passages_path),
                                   "concept_vectors": concepts})
        return
    faiss_row = f"{state.vectors:,} ({state.vector_type}){_stale(state.vectors_current)}"
    bm25_row = f"{state.bm25_passages:,}{_stale(state.bm25_current)}"
    table = Table("", "", title=f"passage index ({settings.passages_path})", show_header=False)
    for label, value in (("documents", counts.documents), ("passages", counts.passages),
                         ("embedded", counts.embedded), ("FAISS vectors", faiss_row), ("BM25 passages", bm25_row),
                         ("passages with concepts", counts.linked_passages),
                         ("concept links", counts.links), ("distinct concepts", counts.concepts),
                         ("embedding model", f"{counts.embedder or '-'} ({counts.dimension} dims)"),
                         ("concept-name vectors", f"{concepts['names']:,} ({concepts['state']})")):
        table.add_row(label, f"{value:,}" if isinstance(value, int) else value)
    console.print(table)


def _stale(current: bool) -> str:
    return "" if current else " (behind the store: rebuilt at the next search, or `kgrag index rebuild`)"


def _concept_index_state(settings: Settings, signature: str) -> dict[str, Any]:
    """What the dense linker would find: names embedded, and whether they match the graph and the model."""
    meta = ConceptIndex.state(settings.concept_index_dir)
    if meta is None:
        return {"names": 0, "state": "not built: kgrag index concepts"}
    if missing_graph(settings) is not None:
        return {"names": meta.get("names", 0), "state": "no graph to link to"}
    with open_store(settings) as store:
        fresh = meta.get("graph") == graph_fingerprint(store) and meta.get("embedder") == signature
    return {"names": meta.get("names", 0), "state": "current" if fresh else "stale: kgrag index concepts"}


@app.command("search")
def search(
    text: str = typer.Argument(..., help="Question or keywords."),
    mode: str = typer.Option("hybrid", "--mode", help="bm25, dense or hybrid (reciprocal-rank fusion of both)."),
    k: int = typer.Option(5, "--k", "-k", min=1, max=1000, help="Passages to return."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Search passages; each hit cites its document and character span."""
    if mode not in SEARCH_MODES:
        raise UserError(f"unknown search mode {mode!r}; use one of {', '.join(SEARCH_MODES)}")
    with open_passage_index() as index:
        hits = index.search(text, mode, k)
        empty = not hits and index.store.stats().passages == 0
    if as_json:
        print_json({"query": text, "mode": mode, "hits": [h.to_dict() for h in hits]})
        return
    if not hits:
        console.print("no passages found" + (" (the index is empty: run `kgrag ingest literature PATH`)"
                                             if empty else ""))
        return
    for number, hit in enumerate(hits, 1):
        p = hit.passage
        ranks = ", ".join(f"{name} #{rank}" for name, rank in hit.ranks.items())
        console.print(f"[bold][P{number}][/] {p.citation}  {p.section}  score {hit.score:.4f} ({ranks})")
        if p.title:
            console.print(f"  [italic]{p.title}[/] {p.journal} {p.year}".rstrip())
        console.print(f"  {p.text[:400]}{'…' if len(p.text) > 400 else ''}", soft_wrap=True)
        if p.concepts:
            console.print(f"  concepts: {', '.join(p.concepts[:12])}{' …' if len(p.concepts) > 12 else ''}")


@app.command("concepts")
def concepts(as_json: bool = JSON_OPTION) -> None:
    """Embed every concept name for the linker's dense fallback (re-run after loading more of the graph)."""
    settings = load_settings()
    with open_store(settings) as store, file_progress(not as_json) as progress:
        if store.stats().nodes == 0:
            raise UserError("the graph is empty: load a source first (e.g. `kgrag ingest hpo`)")

        def bars(label: str, total: int) -> Callable[[int], None]:
            bar = progress(label, total) if progress else None
            return (lambda done: bar(done, done)) if bar else (lambda done: None)

        built = ConceptIndex.build(store, configured_embedder(settings), settings.concept_index_dir, bars)
    if as_json:
        print_json({"names": built.size, "path": str(settings.concept_index_dir)})
        return
    console.print(f"{built.size:,} concept names embedded into {settings.concept_index_dir}")


@app.command("link")
def link(as_json: bool = JSON_OPTION) -> None:
    """Re-tag every passage with the concepts of the current graph (after loading more of it)."""
    settings = load_settings()
    with open_store(settings) as store:
        linker = make_linker(store)
    if linker is None:
        raise UserError("the graph is empty: load a source first (e.g. `kgrag ingest hpo`)")
    with open_passage_index(settings) as index, file_progress(not as_json) as progress:
        bar = progress("passages tagged", 0) if progress else None
        linked = relink(index, linker, bar)
        counts = index.store.stats()
    if as_json:
        print_json({"linked_passages": linked, "links": counts.links, "concepts": counts.concepts})
        return
    console.print(f"{linked:,} of {counts.passages:,} passages tagged; {counts.links:,} links to "
                  f"{counts.concepts:,} concepts ({linker.size:,} names in the dictionary)")


@app.command("check")
def check(as_json: bool = JSON_OPTION) -> int:
    """Verify integrity: passages and documents belong together, the embedding model stamp, and FAISS and BM25
    holding exactly the stored passages. Reads the index files as they are (never rebuilds them). Exit code 1
    when a problem is found; each problem comes with its repair."""
    settings = load_settings()
    if not settings.passages_path.is_file():
        where = (f"the data directory {settings.data_dir} does not exist" if not settings.data_dir.is_dir()
                 else f"there is no passage index in {settings.data_dir}")
        results = [check_missing(where, "a passage index to check", "index literature (`kgrag ingest literature "
                                 "PATH`), or point KGRAG_DATA_DIR at the data directory you loaded")]
    else:
        with open_passage_index(settings) as index:
            results = check_index(index)
    results.append(unfinished_loads(settings.manifest_dir, ("literature",)))
    return report_checks("passage index check", results, as_json)


@app.command("rebuild")
def rebuild(
    prune: bool = typer.Option(False, "--prune", help="First delete passages without their document and documents "
                               "without passages or vectors, so re-ingesting their files loads them again."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Rebuild the FAISS and BM25 indexes from the passage store (stored vectors: nothing is embedded again)."""
    with open_passage_index() as index, file_progress(not as_json) as progress:
        passages, documents = index.store.prune() if prune else (0, 0)
        bar = progress("BM25 index", 0) if progress else None
        state = index.rebuild((lambda count: bar(0, count)) if bar else None)
        counts = index.store.stats()
    if as_json:
        print_json({"pruned_passages": passages, "pruned_documents": documents, "passages": counts.passages,
                    "vectors": state.vectors, "vector_index": state.vector_type, "bm25_passages": state.bm25_passages})
        return
    if prune:
        console.print(f"pruned {passages:,} passages and {documents:,} documents")
    console.print(f"rebuilt: {state.vectors:,} FAISS vectors ({state.vector_type}), {state.bm25_passages:,} BM25 "
                  f"passages, from {counts.passages:,} stored passages")
