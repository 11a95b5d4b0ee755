"""The labellers' window on the HPO graph: find concept ids and the edges between two of them, nothing else.

    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_gold/lookup.py 'search marfan' 'show OMIM:154700' 'edges A B'

Commands (as arguments, or one per line on stdin):
- `search TEXT`: the concepts whose name or synonym matches TEXT (id, kind, name, the name that matched);
- `show ID`: name, kind, synonyms; for a disease its recorded modes of inheritance and genes; for a gene its
  diseases; counts of phenotype annotations;
- `edges A B`: every edge between A and B (either direction, same_as twins included), and for a disease A and a
  phenotype B, the annotations of A to terms below B in HPO (which support a claim about B);
- `parents ID`: the is_a parents of a term.

It reads the graph directly and never runs kgrag's linker or verifier: the gold labels must not come from the
system being measured.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kgrag.config import load_settings  # noqa: E402
from kgrag.graph import GraphStore, open_graph_store  # noqa: E402


def _name(store: GraphStore, concept_id: str) -> str:
    concept = store.get(concept_id)
    return f"{concept_id} {concept.name} [{concept.kind}]" if concept else concept_id


def search(store: GraphStore, text: str) -> None:
    for match in store.find_by_name(text, limit=10):
        c = match.concept
        print(f"  {c.id}\t{c.kind}\t{c.name}\t(matched {match.matched!r}, {match.match_type})")


def show(store: GraphStore, concept_id: str) -> None:
    concept = store.get(concept_id)
    if concept is None:
        print(f"  {concept_id}: not in the graph")
        return
    print(f"  {concept.id} {concept.name} [{concept.kind}] synonyms: {'; '.join(concept.synonyms[:8])}")
    edges = store.neighbors([concept_id], hops=1, limit=5000, max_degree=5000).relations
    own = [e for e in edges if e.subject == concept_id]
    modes = [e.object for e in own if e.predicate == "has_mode_of_inheritance" and not e.negated]
    if modes:
        print(f"  modes of inheritance: {', '.join(_name(store, m) for m in modes)}")
    genes = sorted({e.subject for e in edges if e.predicate == "associated_with" and e.object == concept_id})
    if genes:
        print(f"  genes associated with it: {', '.join(_name(store, g) for g in genes[:30])}"
              f"{' ...' if len(genes) > 30 else ''}")
    diseases = sorted({e.object for e in own if e.predicate == "associated_with"})
    if diseases:
        print(f"  diseases it is associated with: {', '.join(_name(store, d) for d in diseases[:30])}"
              f"{' ...' if len(diseases) > 30 else ''}")
    phenotypes = [e for e in own if e.predicate == "has_phenotype"]
    negated = [e for e in phenotypes if e.negated]
    print(f"  has_phenotype edges: {len(phenotypes) - len(negated)} (NOT: {len(negated)})")
    same = [e.object for e in own if e.predicate == "same_as"]
    if same:
        print(f"  same_as: {', '.join(same[:10])}")


def recorded_genes(store: GraphStore, disease_ids: Iterable[str]) -> set[str]:
    """The genes the graph records for a disease (any of its ids or their `same_as` twins)."""
    diseases = {twin for disease in disease_ids for twin in store.equivalents(disease)}
    found = store.neighbors(sorted(diseases), hops=1, predicates=["associated_with", "causes"], limit=500).relations
    return {e.subject for e in found if e.object in diseases and e.subject.startswith("NCBIGene:") and not e.negated}


def _ancestors(store: GraphStore, node: str, depth: int = 12) -> set[str]:
    seen: set[str] = set()
    frontier = [node]
    for _ in range(depth):
        parents = [e.object for n in frontier
                   for e in store.neighbors([n], hops=1, predicates=["is_a"], limit=500).relations if e.subject == n]
        frontier = [p for p in parents if p not in seen]
        if not frontier:
            break
        seen.update(frontier)
    return seen


def edges(store: GraphStore, a: str, b: str) -> None:
    found = store.relations_between(a, b)
    for e in found:
        print(f"  {_name(store, e.subject)} -{'NOT ' if e.negated else ''}{e.predicate}-> {_name(store, e.object)}"
              f" ({e.source})")
    if not found:
        print("  no edge between them")
    below = [e for e in store.neighbors([a], hops=1, predicates=["has_phenotype"], limit=5000,
                                        max_degree=5000).relations
             if e.subject == a and not e.negated and b in _ancestors(store, e.object)]
    for e in below[:5]:
        print(f"  more specific: {_name(store, a)} has_phenotype {_name(store, e.object)} (below {b})")


def parents(store: GraphStore, concept_id: str) -> None:
    for e in store.neighbors([concept_id], hops=1, predicates=["is_a"], limit=500).relations:
        if e.subject == concept_id:
            print(f"  is_a {_name(store, e.object)}")


def run(store: GraphStore, line: str) -> None:
    words = shlex.split(line)
    if not words:
        return
    print(f"> {line}")
    command, rest = words[0], words[1:]
    if command == "search":
        search(store, " ".join(rest))
    elif command == "show" and len(rest) == 1:
        show(store, rest[0])
    elif command == "edges" and len(rest) == 2:
        edges(store, rest[0], rest[1])
    elif command == "parents" and len(rest) == 1:
        parents(store, rest[0])
    else:
        print("  commands: search TEXT | show ID | edges A B | parents ID")


def main() -> None:
    store = open_graph_store(load_settings())
    try:
        for line in sys.argv[1:] or sys.stdin:
            run(store, line.strip())
    finally:
        store.close()


if __name__ == "__main__":
    main()
