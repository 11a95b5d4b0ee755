"""The GraphStore conformance suite, grouped by role (writer, reader, auditor): every backend in
conftest.STORE_BACKENDS must pass all of it."""

from __future__ import annotations

import pytest

from graph_schema import NodeKind
from kgrag.graph import GraphAuditor, GraphReader, GraphStore, GraphWriter
from kgrag.graph.rows import edge_row, relation_of
from kgrag.records import Concept, Release

from .support.sample_graph import CONCEPTS, RELATIONS, D, P, rel


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    store.write_batch(CONCEPTS, RELATIONS)
    return store


def counts(store: GraphStore) -> tuple[int, int]:
    stats = store.stats()
    return stats.nodes, stats.edges


def test_every_backend_plays_every_role(store: GraphStore) -> None:
    """Callers see only the role they need (the planner a reader, loaders a writer, checks an auditor); a backend
    implements all three."""
    assert isinstance(store, GraphReader) and isinstance(store, GraphWriter) and isinstance(store, GraphAuditor)


# -- GraphWriter: keyed, idempotent, atomic batches (and the point reads that check them) --------


def test_get_round_trips_every_field(graph: GraphStore) -> None:
    assert graph.get("HP:0001250") == CONCEPTS[1]
    assert graph.get("HP:9999999") is None


def test_get_many_keeps_request_order_and_skips_missing(graph: GraphStore) -> None:
    found = graph.get_many(["OMIM:154700", "HP:9999999", "HP:0001250"])
    assert list(found) == ["OMIM:154700", "HP:0001250"]


def test_writing_the_same_batch_twice_changes_no_counts(graph: GraphStore) -> None:
    before = counts(graph)
    graph.write_batch(CONCEPTS, RELATIONS)
    assert counts(graph) == before == (len(CONCEPTS), len(RELATIONS))


def test_concept_upsert_merges_instead_of_replacing(graph: GraphStore) -> None:
    graph.upsert_concepts([Concept("HP:0001250", "", NodeKind.CONCEPT, synonyms=("Seizures", "Convulsion"),
                                   sources=("OTHER",))])
    merged = graph.get("HP:0001250")
    assert merged is not None
    assert merged.name == "Seizure"  # an empty name never overwrites
    assert merged.kind == NodeKind.PHENOTYPE  # the generic kind never overwrites a specific one
    assert merged.synonyms == ("Epileptic seizure", "Seizures", "Convulsion")
    assert merged.sources == ("TEST", "OTHER")
    assert merged.definition.startswith("An intermittent")
    assert [m.concept.id for m in graph.find_by_name("convulsion", mode="normalized")] == ["HP:0001250"]


def test_relation_upsert_unions_list_evidence(graph: GraphStore) -> None:
    graph.upsert_relations([rel("OMIM:154700", "has_phenotype", "HP:0001166",
                                evidence={"references": ("PMID:2", "PMID:1"), "frequency": "6/6"})])
    (edge,) = [r for r in graph.relations_between("OMIM:154700", "HP:0001166") if not r.negated]
    assert edge.evidence == {"references": ("PMID:1", "PMID:2"), "frequency": "6/6"}
    assert counts(graph)[1] == len(RELATIONS)


def test_negated_edge_is_distinct_from_positive(graph: GraphStore) -> None:
    edges = graph.relations_between("OMIM:100000", "HP:0001166")
    assert [(e.predicate, e.negated) for e in edges] == [("has_phenotype", True)]


def test_failed_batch_commits_nothing(graph: GraphStore) -> None:
    before = counts(graph)
    with pytest.raises(ValueError, match="non-canonical"):
        graph.write_batch([Concept("HP:0000707", "Abnormality of the nervous system", P)],
                          [rel("HP:0000707", "is_a", "HP:0000118"), rel("HP:0000707", "not_a_predicate", "HP:1")])
    assert counts(graph) == before
    assert graph.get("HP:0000707") is None


def test_edge_rows_write_the_same_edges_as_relations(graph: GraphStore) -> None:
    # The bulk form (kgrag.graph.rows) merges like relations, after the batch's relations and in row order.
    rows = [edge_row(rel("OMIM:154700", "has_phenotype", "HP:0001166", source_release="r2",
                         evidence={"references": ("PMID:3",)})),
            edge_row(rel("HP:0001166", "is_a", "HP:0000118")),  # already stored: counts stay
            edge_row(rel("OMIM:154700", "has_phenotype", "HP:0001250", negated=True, source_relation="NOT"))]
    graph.write_batch([], [rel("OMIM:154700", "has_phenotype", "HP:0001166", evidence={"references": ("PMID:2",)})],
                      rows)
    (edge,) = [r for r in graph.relations_between("OMIM:154700", "HP:0001166") if not r.negated]
    assert edge.evidence == {"references": ("PMID:1", "PMID:2", "PMID:3"), "frequency": "5/6"}
    assert edge.source_release == "r2"  # the row came last
    (negated,) = graph.relations_between("OMIM:154700", "HP:0001250")
    assert negated.negated and negated.source_relation == "NOT" and dict(negated.evidence) == {}
    assert counts(graph)[1] == len(RELATIONS) + 1


def test_edge_rows_round_trip_relations() -> None:
    relation = rel("OMIM:154700", "has_phenotype", "HP:0001166", negated=True, source_release="r",
                   source_relation="NOT", evidence={"references": ("PMID:1",), "frequency": "5/6"})
    row = edge_row(relation)
    assert type(row[4]) is int  # sqlite3 binds an exact int without looking for an adapter
    assert relation_of(row) == relation
    assert relation_of(edge_row(rel("HP:0001250", "is_a", "HP:0000118"))).evidence == {}


def test_a_batch_with_a_bad_edge_row_commits_nothing(graph: GraphStore) -> None:
    before = counts(graph)
    with pytest.raises(ValueError, match="non-canonical"):
        graph.write_batch([Concept("HP:0000707", "Abnormality of the nervous system", P)],
                          [rel("HP:0000707", "is_a", "HP:0000118")],
                          [edge_row(rel("HP:0000707", "not_a_predicate", "HP:1"))])
    assert counts(graph) == before
    assert graph.get("HP:0000707") is None


# -- GraphReader: name search -------------------------------------------------------------------


def test_find_by_name_exact_and_normalized(graph: GraphStore) -> None:
    (exact,) = graph.find_by_name("Seizure", mode="exact")
    assert (exact.concept.id, exact.match_type) == ("HP:0001250", "exact")
    assert graph.find_by_name("seizure", mode="exact") == []
    (normalized,) = graph.find_by_name("  EPILEPTIC-seizure ", mode="normalized")
    assert (normalized.concept.id, normalized.matched) == ("HP:0001250", "Epileptic seizure")
    # accents and case fold away
    assert graph.find_by_name("creme brulee encephalopathy", mode="normalized")[0].concept.id == "OMIM:100000"


def test_find_by_name_prefix_and_fulltext(graph: GraphStore) -> None:
    assert [m.concept.id for m in graph.find_by_name("arachno", mode="prefix")] == ["HP:0001166"]
    fulltext = graph.find_by_name("kidney dysplasia", mode="fulltext")
    assert {m.concept.id for m in fulltext} == {"HP:0000003", "HP:0000113"}
    assert all(m.match_type == "fulltext" for m in fulltext)
    # word order does not matter in full-text mode, and the last word may be a prefix
    assert graph.find_by_name("fingers spid", mode="fulltext")[0].concept.id == "HP:0001166"


def test_find_by_name_auto_ranks_exact_first(graph: GraphStore) -> None:
    matches = graph.find_by_name("Seizure")
    assert matches[0].concept.id == "HP:0001250"
    assert matches[0].score >= max(m.score for m in matches)


def test_find_by_name_filters_kinds_skips_obsolete_and_limits(graph: GraphStore) -> None:
    assert graph.find_by_name("Marfan syndrome", kinds=["Phenotype"]) == []
    assert graph.find_by_name("Marfan syndrome", kinds=["Disease"])[0].concept.id == "OMIM:154700"
    assert all(not m.concept.obsolete for m in graph.find_by_name("seizure like episode"))
    assert len(graph.find_by_name("dysplasia", limit=1)) == 1
    assert graph.find_by_name("") == [] and graph.find_by_name(" ;; ") == []


@pytest.mark.parametrize("hostile", [
    'Robert"); DROP TABLE concepts; --',
    "O'Brien `syndrome` MATCH (n) DETACH DELETE n",
    'seizure" OR "x" NEAR(a b) * ^ -',
])
def test_names_with_query_syntax_are_plain_data(store: GraphStore, hostile: str) -> None:
    store.upsert_concepts([Concept("OMIM:123456", hostile, D)])
    assert store.find_by_name(hostile, mode="exact")[0].concept.name == hostile
    store.find_by_name(hostile, mode="fulltext")  # must not raise a syntax error
    assert store.get("OMIM:123456") is not None and store.stats().nodes == 1


# -- GraphReader: traversal ---------------------------------------------------------------------


def test_neighbors_one_hop_both_directions(graph: GraphStore) -> None:
    sub = graph.neighbors(["HP:0001166"])
    pairs = {(r.subject, r.predicate, r.object) for r in sub.relations}
    assert pairs == {
        ("HP:0001166", "is_a", "HP:0000118"),
        ("OMIM:154700", "has_phenotype", "HP:0001166"),
        ("OMIM:100000", "has_phenotype", "HP:0001166"),
    }
    assert {"OMIM:154700", "HP:0000118"} <= set(sub.concepts)
    assert sub.seeds == ("HP:0001166",) and not sub.truncated


def test_neighbors_two_hops_and_predicate_filter(graph: GraphStore) -> None:
    two = graph.neighbors(["NCBIGene:2200"], hops=2)
    assert {"HP:0001166", "HP:0000098"} <= set(two.concepts)
    only = graph.neighbors(["OMIM:154700"], hops=2, predicates=["has_phenotype"])
    assert {r.predicate for r in only.relations} == {"has_phenotype"}
    assert "OMIM:100000" in only.concepts  # reached through HP:0001166 on the second hop


def test_neighbors_degree_cap_and_limit_truncate(graph: GraphStore) -> None:
    capped = graph.neighbors(["HP:0000118"], max_degree=2)
    assert len(capped.relations) == 2 and capped.truncated
    limited = graph.neighbors(["OMIM:154700"], hops=2, limit=3)
    assert len(limited.relations) == 3 and limited.truncated


def test_neighbors_expand_same_as_and_skip_bookkeeping_edges(graph: GraphStore) -> None:
    via_umls = graph.neighbors(["UMLS:C0036572"])
    assert ("OMIM:100000", "has_phenotype", "HP:0001250") in {(r.subject, r.predicate, r.object)
                                                             for r in via_umls.relations}
    assert all(r.predicate not in ("same_as", "replaced_by") for r in via_umls.relations)


def test_paths_shortest_first_with_hop_limit(graph: GraphStore) -> None:
    (direct,) = graph.paths("OMIM:154700", "HP:0001166")
    assert direct.nodes == ("OMIM:154700", "HP:0001166") and direct.hops == 1
    two = graph.paths("NCBIGene:2200", "HP:0000098")
    assert [p.nodes for p in two] == [("NCBIGene:2200", "OMIM:154700", "HP:0000098")]
    three = graph.paths("NCBIGene:2200", "OMIM:100000")
    assert three and all(p.hops == 3 for p in three)
    assert three[0].nodes[0] == "NCBIGene:2200" and three[0].nodes[-1] == "OMIM:100000"
    for p in three:  # every relation joins consecutive nodes
        for (x, y), r in zip(zip(p.nodes, p.nodes[1:], strict=False), p.relations, strict=True):
            assert {x, y} == {r.subject, r.object}
    assert graph.paths("NCBIGene:2200", "OMIM:100000", max_hops=2) == []
    assert graph.paths("HP:0001250", "HP:0001250")[0].hops == 0


def test_paths_do_not_walk_through_hubs(graph: GraphStore) -> None:
    # HP:0000118 has three edges; with a cap of 2 it is a hub and may not be an intermediate node...
    assert graph.paths("HP:0001250", "HP:0000098", max_degree=2) == []
    assert graph.paths("HP:0001250", "HP:0000098")[0].nodes[1] == "HP:0000118"
    # ...but as an endpoint it is always expanded.
    assert graph.paths("HP:0000118", "OMIM:154700", max_degree=2)


def test_paths_reject_bad_hop_counts(graph: GraphStore) -> None:
    with pytest.raises(ValueError):
        graph.paths("HP:0001250", "HP:0000118", max_hops=4)


def test_relations_between_both_directions_and_across_same_as(graph: GraphStore) -> None:
    forward = graph.relations_between("OMIM:154700", "NCBIGene:2200")
    assert [(r.subject, r.object) for r in forward] == [("NCBIGene:2200", "OMIM:154700")]
    across = graph.relations_between("OMIM:100000", "UMLS:C0036572")
    assert [(r.subject, r.predicate, r.object) for r in across] == [("OMIM:100000", "has_phenotype", "HP:0001250")]
    assert graph.relations_between("OMIM:154700", "HP:0001250") == []


def test_equivalents_keep_one_id_per_prefix(graph: GraphStore) -> None:
    assert graph.equivalents("HP:0001250") == {"HP:0001250", "UMLS:C0036572", "HP:0002279"}
    assert graph.equivalents("HP:0002279") == {"HP:0001250", "UMLS:C0036572", "HP:0002279"}
    # Two HPO terms sharing a UMLS xref stay two concepts.
    assert graph.equivalents("HP:0000003") == {"HP:0000003", "UMLS:C3714581"}
    assert len(graph.equivalents("UMLS:C3714581") & {"HP:0000003", "HP:0000113"}) == 1
    assert graph.equivalents("MESH:D000001") == {"MESH:D000001"}


# -- GraphReader: bulk reads --------------------------------------------------------------------


def test_stats_and_releases(graph: GraphStore) -> None:
    release = Release("TEST", "2099-01-01", "test.obo", "sha256:abc", "2099-01-01T00:00:00+00:00", {"rows": 3})
    graph.record_release(release)
    graph.record_release(release)
    stats = graph.stats()
    assert (stats.nodes, stats.edges) == (len(CONCEPTS), len(RELATIONS))
    assert stats.by_kind == {"Disease": 2, "Gene": 1, "Phenotype": 7}
    assert stats.by_predicate["has_phenotype"] == 4 and stats.by_predicate["same_as"] == 4
    assert list(stats.releases) == graph.releases() == [release]
    assert set(stats.to_dict()) >= {"nodes", "edges", "by_kind", "by_predicate", "releases"}


def test_iterators_return_everything(graph: GraphStore) -> None:
    assert sorted(c.id for c in graph.iter_concepts()) == sorted(c.id for c in CONCEPTS)
    assert sorted(r.key for r in graph.iter_relations()) == sorted(r.key for r in RELATIONS)


def test_relation_iterator_filters_by_predicate(graph: GraphStore) -> None:
    wanted = ("is_a", "has_phenotype")
    assert sorted(r.key for r in graph.iter_relations(wanted)) == \
        sorted(r.key for r in RELATIONS if r.predicate in wanted)
    assert list(graph.iter_relations(())) == []


# -- GraphAuditor: integrity queries (`kgrag graph check`) ----------------------------------------


def test_integrity_queries_find_nothing_in_a_healthy_graph(graph: GraphStore) -> None:
    assert graph.dangling_edges() == (0, [])  # same_as objects outside the graph (UMLS:C...) are by design
    assert graph.dangling_identities() == (0, [])
    assert graph.duplicate_edges() == (0, [])
    assert graph.edge_releases() == {("TEST", ""): len(RELATIONS)}


def test_integrity_queries_find_edges_to_missing_concepts(graph: GraphStore) -> None:
    graph.write_batch([], [rel("OMIM:154700", "has_phenotype", "HP:9999999", source_release="r1"),
                           rel("HP:0000666", "same_as", "UMLS:C0000001", source="OTHER"),
                           rel("HP:0000667", "is_a", "HP:0000118")])
    count, sample = graph.dangling_edges(limit=1)
    assert count == 2 and len(sample) == 1 and (sample[0].subject, sample[0].object) in {
        ("OMIM:154700", "HP:9999999"), ("HP:0000667", "HP:0000118")}
    count, sample = graph.dangling_identities()
    assert count == 1 and [(r.subject, r.object, r.source) for r in sample] == [
        ("HP:0000666", "UMLS:C0000001", "OTHER")]
    assert graph.edge_releases() == {("TEST", ""): len(RELATIONS) + 1, ("TEST", "r1"): 1, ("OTHER", ""): 1}
