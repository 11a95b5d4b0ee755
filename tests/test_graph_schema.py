"""The vocabulary is consistent and CURIE rules accept real ids and reject malformed ones."""

from __future__ import annotations

import pytest

from graph_schema import (
    NEO4J_SCHEMA,
    PREDICATES,
    InvalidCurieError,
    contradicting,
    get_predicate,
    is_valid_curie,
    normalize_curie,
    relationship_type,
)


def test_inverse_and_contradiction_metadata_is_mutual() -> None:
    for predicate in PREDICATES.values():
        if predicate.inverse:
            assert PREDICATES[predicate.inverse].inverse == predicate.name
        for other in predicate.contradicts:
            assert predicate.name in PREDICATES[other].contradicts, (predicate.name, other)
        assert not (predicate.symmetric and predicate.inverse)


def test_treats_is_contradicted_by_harm_predicates() -> None:
    assert contradicting("treats") == {"contraindicated_for", "causes_adverse_effect"}
    assert not get_predicate("same_as").clinical
    with pytest.raises(KeyError, match="unknown predicate 'cures'"):
        get_predicate("cures")


@pytest.mark.parametrize("raw, canonical", [
    ("HP:0001250", "HP:0001250"),
    ("OMIM:154700", "OMIM:154700"),
    ("OMIM:PS154700", "OMIM:PS154700"),
    ("UMLS:C0011849", "UMLS:C0011849"),
    ("DRUGBANK:DB00331", "DRUGBANK:DB00331"),
    ("ORPHA:558", "ORPHA:558"),
    ("ORPHANET:558", "ORPHA:558"),
    ("NCBIGene:3630", "NCBIGene:3630"),
    ("MESH:D003920", "MESH:D003920"),
    ("MSH:D003920", "MESH:D003920"),
    ("SNOMEDCT_US:204962002", "SNOMEDCT:204962002"),
    ("hp:0001250", "HP:0001250"),
    ("Fyler:4017", "Fyler:4017"),
])
def test_normalize_curie_accepts_real_ids(raw: str, canonical: str) -> None:
    assert normalize_curie(raw) == canonical


@pytest.mark.parametrize("raw", ["HP:12", "HP:00012500", "UMLS:0011849", "DRUGBANK:331", "OMIM:1547",
                                 "seizure", "HP:", ":0001250", "HP 0001250", "has space:1 2"])
def test_normalize_curie_rejects_malformed_ids(raw: str) -> None:
    with pytest.raises(InvalidCurieError):
        normalize_curie(raw)
    assert not is_valid_curie(raw)


def test_neo4j_ddl_is_idempotent_and_relationship_types_are_validated() -> None:
    assert all("IF NOT EXISTS" in statement.cypher for statement in NEO4J_SCHEMA)
    assert relationship_type("has_phenotype") == "HAS_PHENOTYPE"
    with pytest.raises(KeyError):
        relationship_type("x]->() DETACH DELETE (n")
