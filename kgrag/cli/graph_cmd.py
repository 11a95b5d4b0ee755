"""`kgrag graph stats|show|search|neighbors|path|check`: explore the loaded graph and verify its integrity."""

from __future__ import annotations

from collections import Counter

import typer
from rich.table import Table

from graph_schema import InvalidCurieError, get_predicate, is_canonical, normalize_curie
from ingest.manifest import unfinished_loads
from kgrag.cli.common import console, open_store, print_json, report_checks
from kgrag.config import load_settings
from kgrag.errors import NotFoundError, UserError
from kgrag.graph import GraphStore, missing_graph
from kgrag.graph.base import DEFAULT_MAX_DEGREE, MAX_PATH_HOPS, NameMode
from kgrag.graph.check import check_graph, check_missing
from kgrag.records import Concept, Relation

app = typer.Typer(help="Explore the knowledge graph.", no_args_is_help=True)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")


def _label(concept_id: str, concepts: dict[str, Concept]) -> str:
    concept = concepts.get(concept_id)
    return f"{concept_id} {concept.name}" if concept else concept_id


def _edge_text(relation: Relation, concepts: dict[str, Concept]) -> str:
    verb = get_predicate(relation.predicate).label
    neg = "NOT " if relation.negated else ""
    return f"{_label(relation.subject, concepts)} —{neg}{verb}→ {_label(relation.object, concepts)}"


def resolve_concept(store: GraphStore, text: str) -> Concept:
    """An id (any known spelling, alternative ids included) or else the best name match."""
    try:
        curie = normalize_curie(text)
    except InvalidCurieError:
        curie = None
    if curie is not None:
        concept = store.get(curie)
        if concept is not None:
            return concept
        for other in sorted(store.equivalents(curie) - {curie}):
            alias = store.get(other)
            if alias is not None and not alias.obsolete:
                return alias
        if ":" in text and " " not in text.strip():
            raise NotFoundError(f"unknown concept id {curie}")
    matches = store.find_by_name(text, limit=1)
    if not matches:
        raise NotFoundError(f"no concept id or name matches {text!r}")
    return matches[0].concept


def _predicates(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    for value in values:
        if not is_canonical(value):
            raise UserError(f"unknown predicate {value!r}")
    return values


@app.command("stats")
def stats(as_json: bool = JSON_OPTION) -> None:
    """Node and edge counts by kind and predicate, and the loaded releases."""
    with open_store() as store:
        result = store.stats()
    if as_json:
        print_json(result.to_dict())
        return
    console.print(f"[bold]{result.nodes:,}[/] nodes, [bold]{result.edges:,}[/] edges")
    for title, counts in (("kind", result.by_kind), ("predicate", result.by_predicate)):
        table = Table(title, "count")
        for key, count in counts.items():
            table.add_row(key, f"{count:,}")
        console.print(table)
    releases = Table("source", "version", "file", "loaded at", "rows", title="releases")
    for r in result.releases:
        releases.add_row(r.source, r.version, r.file, r.loaded_at, f"{r.counts.get('rows', 0):,}")
    console.print(releases)


@app.command("show")
def show(
    concept_id: str = typer.Argument(..., metavar="ID", help="A CURIE such as HP:0001250 (or a name)."),
    edges: int = typer.Option(10, help="Edges to list per predicate."),
    as_json: bool = JSON_OPTION,
) -> None:
    """One concept: names, definition, identities and its edges grouped by predicate."""
    with open_store() as store:
        concept = resolve_concept(store, concept_id)
        equivalents = sorted(store.equivalents(concept.id) - {concept.id})
        neighborhood = store.neighbors([concept.id], hops=1, max_degree=DEFAULT_MAX_DEGREE * 10)
    concepts = dict(neighborhood.concepts)
    if as_json:
        print_json(concept.to_dict() | {"equivalents": equivalents,
                                        "relations": [r.to_dict() for r in neighborhood.relations]})
        return
    console.print(f"[bold]{concept.id}[/] {concept.name} [dim]({concept.kind})[/]"
                  + (" [red]obsolete[/]" if concept.obsolete else ""))
    if concept.definition:
        console.print(concept.definition, soft_wrap=True)
    if concept.synonyms:
        console.print(f"[dim]synonyms:[/] {'; '.join(concept.synonyms)}", soft_wrap=True)
    if equivalents:
        console.print(f"[dim]same as:[/] {', '.join(equivalents)}", soft_wrap=True)
    by_predicate = Counter((r.predicate, r.subject == concept.id) for r in neighborhood.relations)
    for (predicate, outgoing), count in sorted(by_predicate.items()):
        console.print(f"[bold]{predicate}[/] ({'out' if outgoing else 'in'}, {count}"
                      + ("+" if neighborhood.truncated else "") + ")")
        shown = [r for r in neighborhood.relations
                 if r.predicate == predicate and (r.subject == concept.id) == outgoing]
        for relation in shown[:edges]:
            console.print(f"  {_edge_text(relation, concepts)}", soft_wrap=True)


@app.command("search")
def search(
    name: str = typer.Argument(..., help="A name, synonym or the start of one."),
    mode: str = typer.Option("auto", help="auto | exact | normalized | prefix | fulltext"),
    kind: list[str] | None = typer.Option(None, "--kind", help="Only these kinds (repeatable)."),
    limit: int = typer.Option(10, min=1, max=1000),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find concepts by name or synonym."""
    if mode not in ("auto", "exact", "normalized", "prefix", "fulltext"):
        raise UserError(f"unknown search mode {mode!r}")
    search_mode: NameMode = mode  # type: ignore[assignment]
    with open_store() as store:
        matches = store.find_by_name(name, mode=search_mode, kinds=kind, limit=limit)
    if as_json:
        print_json([m.to_dict() for m in matches])
        return
    if not matches:
        console.print(f"no concept matches {name!r}")
        return
    table = Table("id", "name", "kind", "matched", "how", "score")
    for m in matches:
        table.add_row(m.concept.id, m.concept.name, str(m.concept.kind), m.matched, m.match_type, f"{m.score:.2f}")
    console.print(table)


@app.command("neighbors")
def neighbors(
    concept_id: str = typer.Argument(..., metavar="ID"),
    hops: int = typer.Option(1, min=1, max=3),
    predicate: list[str] | None = typer.Option(None, "--predicate", help="Only these predicates (repeatable)."),
    max_degree: int = typer.Option(DEFAULT_MAX_DEGREE, help="Edges taken per node (hub cap)."),
    limit: int = typer.Option(200, min=1),
    as_json: bool = JSON_OPTION,
) -> None:
    """The k-hop neighbourhood of a concept."""
    with open_store() as store:
        seed = resolve_concept(store, concept_id)
        sub = store.neighbors([seed.id], hops=hops, predicates=_predicates(predicate),
                              max_degree=max_degree, limit=limit)
    if as_json:
        print_json(sub.to_dict())
        return
    concepts = dict(sub.concepts)
    for relation in sub.relations:
        console.print(_edge_text(relation, concepts), soft_wrap=True)
    console.print(f"[dim]{len(sub.relations)} edges, {len(sub.concepts)} concepts"
                  + (" (truncated by the hub cap or limit)" if sub.truncated else "") + "[/]")


@app.command("path")
def path(
    a: str = typer.Argument(..., help="Start: an id or a name."),
    b: str = typer.Argument(..., help="End: an id or a name."),
    max_hops: int = typer.Option(MAX_PATH_HOPS, min=1, max=MAX_PATH_HOPS),
    predicate: list[str] | None = typer.Option(None, "--predicate", help="Only these predicates (repeatable)."),
    limit: int = typer.Option(5, min=1, max=100),
    as_json: bool = JSON_OPTION,
) -> None:
    """Shortest paths between two concepts (undirected, hubs not traversed)."""
    with open_store() as store:
        start, end = resolve_concept(store, a), resolve_concept(store, b)
        found = store.paths(start.id, end.id, max_hops=max_hops, predicates=_predicates(predicate), limit=limit)
        concepts = store.get_many({n for p in found for n in p.nodes})
    if as_json:
        print_json({"from": start.id, "to": end.id, "paths": [p.to_dict() for p in found]})
        return
    if not found:
        console.print(f"no path of at most {max_hops} hops between {start.id} and {end.id}")
        return
    for number, graph_path in enumerate(found, start=1):
        console.print(f"[bold]path {number}[/] ({graph_path.hops} hop{'s' if graph_path.hops != 1 else ''})")
        for relation in graph_path.relations:
            console.print(f"  {_edge_text(relation, concepts)}", soft_wrap=True)


@app.command("check")
def check(as_json: bool = JSON_OPTION) -> int:
    """Verify integrity: edges join loaded concepts, same_as links start at one, one edge per key, every edge's
    release is recorded. Exit code 1 when a problem is found; each problem comes with its repair."""
    settings = load_settings()
    missing = missing_graph(settings)
    if missing is not None:
        results = [check_missing(missing, "a graph to check", "load a source (`kgrag ingest hpo`), or point "
                                 "KGRAG_DATA_DIR at the data directory you loaded")]
    else:
        with open_store(settings) as store:
            results = check_graph(store)
    results.append(unfinished_loads(settings.manifest_dir, exclude=("literature",)))
    return report_checks("graph check", results, as_json)


@app.command("copy")
def copy(
    to: str = typer.Option(..., "--to", help="Target backend: neo4j (configured by KGRAG_NEO4J_*)."),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Records per write transaction."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Copy the embedded graph into a running Neo4j, incrementally (keyed merges: safe to re-run)."""
    if to != "neo4j":
        raise UserError(f"unknown copy target {to!r}; supported: neo4j")
    from kgrag.cli.export_cmd import copy_to_neo4j

    copy_to_neo4j(batch_size, as_json)
