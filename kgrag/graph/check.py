"""`kgrag graph check`: the invariants every load keeps, checked through the store's auditor role
(`GraphAuditor`).

Loaders write a concept in the same atomic batch as the edges it asserts, key every edge, and record a
file's release once its data is committed. A crash cannot break that (batches are transactions), but a
hand edit, a lost index or two writers merging into one Neo4j database at once can, and then retrieval
walks to nameless nodes, verification counts one fact twice, and answers cite releases that were never
recorded. Each check counts what breaks one invariant and names the command that repairs it. Everything
goes through the protocol, so both backends are checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from kgrag.graph.base import GraphAuditor, GraphStore
from kgrag.records import CheckResult, Found, GraphStats, Relation
from kgrag.records.checks import EXAMPLES, result

# The command that re-writes what a source's load writes. UMLS and DrugBank skip a finished load unless --force.
RELOAD = {
    "HPO": "kgrag ingest hpo [PATH]",
    "UMLS": "kgrag ingest umls PATH --force",
    "DrugBank": "kgrag ingest drugbank PATH --force",
}
SOURCES_SAMPLED = 100  # edges read to name the sources a reload hint should mention
DUPLICATES_HINT = ("edges were merged by two writers at once: stop concurrent loads, then reload into an empty "
                   "graph (re-run the `kgrag ingest` commands, or `kgrag graph copy --to neo4j` from the embedded one)")


def reload_hint(sources: Iterable[str]) -> str:
    """Re-running the loads that wrote these sources rewrites their concepts and edges (keyed upserts)."""
    commands = [f"`{RELOAD[s]}`" if s in RELOAD else f"the load of {s}" for s in sorted(set(sources))]
    loads = " and ".join(commands) if commands else "the loads"
    return f"re-run {loads} (keyed upserts rewrite what is missing)"


def _edge(r: Relation) -> str:
    negated = "NOT " if r.negated else ""
    return f"{r.subject} -{negated}{r.predicate}-> {r.object} ({r.source})"


def check_dangling_edges(store: GraphAuditor, stats: GraphStats) -> CheckResult:
    """Clinical edges must join two loaded concepts: an edge to a nameless id cannot be shown, linked or cited."""
    count, sample = store.dangling_edges(limit=SOURCES_SAMPLED)
    identities = stats.by_predicate.get("same_as", 0)
    return result("edges join loaded concepts", stats.edges - identities,
                  Found(count, tuple(_edge(r) for r in sample[:EXAMPLES])), reload_hint(r.source for r in sample))


def check_identities(store: GraphAuditor, stats: GraphStats) -> CheckResult:
    """A `same_as` link is asserted by a loaded concept (its object may be an id outside the graph: a CAS
    number, a code of a source not loaded); a link whose subject is missing asserts nothing."""
    count, sample = store.dangling_identities(limit=SOURCES_SAMPLED)
    return result("same_as links start at a loaded concept", stats.by_predicate.get("same_as", 0),
                  Found(count, tuple(_edge(r) for r in sample[:EXAMPLES])), reload_hint(r.source for r in sample))


def check_duplicates(store: GraphAuditor, stats: GraphStats) -> CheckResult:
    """One edge per key (subject, predicate, object, source, negated): duplicates double-count evidence."""
    count, sample = store.duplicate_edges(limit=EXAMPLES)
    return result("one edge per key", stats.edges, Found(count, tuple(_edge(r) for r in sample)), DUPLICATES_HINT)


def check_releases(store: GraphAuditor, stats: GraphStats) -> CheckResult:
    """Every edge's release is a recorded one: a release is recorded after its file's data is committed, so
    data of an unrecorded release comes from a load that stopped before its end."""
    recorded = {(r.source, r.version) for r in stats.releases}
    by_release = store.edge_releases()
    unrecorded = {key: n for key, n in by_release.items() if key[1] and key not in recorded}
    unstamped = sum(n for (_, release), n in by_release.items() if not release)
    examples = tuple(f"{source} {release}: {n:,} edges, release not recorded"
                     for (source, release), n in sorted(unrecorded.items())[:EXAMPLES])
    note = f"{unstamped:,} edges name no release" if unstamped else ""
    return result("edges come from recorded releases", stats.edges - unstamped,
                  Found(sum(unrecorded.values()), examples), reload_hint(s for s, _ in unrecorded), note)


def check_not_empty(stats: GraphStats) -> CheckResult:
    """A graph without concepts answers nothing: every other check would pass on it vacuously."""
    found = Found(1, ("the graph holds no concepts",)) if stats.nodes == 0 else Found(0)
    return result("the graph holds concepts", 1, found, "load a source: `kgrag ingest hpo` (or UMLS, DrugBank)",
                  f"{stats.nodes:,} concepts" if stats.nodes else "")


def check_graph(store: GraphStore) -> list[CheckResult]:
    """Every graph check, in the order `kgrag graph check` prints them."""
    stats = store.stats()
    return [check_not_empty(stats), check_dangling_edges(store, stats), check_identities(store, stats),
            check_duplicates(store, stats), check_releases(store, stats)]


def check_missing(where: str, what: str, hint: str) -> CheckResult:
    """The one result of a check with nothing to check: no data dir, or no store in it."""
    return result(what, 1, Found(1, (where,)), hint)
