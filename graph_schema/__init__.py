"""The graph's vocabulary: node kinds, canonical predicates, CURIE rules and Neo4j DDL.

Everything here is plain data with no I/O, so every layer (stores, ingestors, retrieval,
verification) can agree on one vocabulary without importing each other.
"""

from graph_schema.curie import CURIE_PREFIXES, InvalidCurieError, is_valid_curie, normalize_curie
from graph_schema.kinds import NodeKind
from graph_schema.neo4j_ddl import NEO4J_SCHEMA, Neo4jSchemaStatement, relationship_type
from graph_schema.predicates import PREDICATES, Predicate, contradicting, get_predicate, is_canonical

__all__ = [
    "CURIE_PREFIXES",
    "InvalidCurieError",
    "NEO4J_SCHEMA",
    "Neo4jSchemaStatement",
    "NodeKind",
    "PREDICATES",
    "Predicate",
    "contradicting",
    "get_predicate",
    "is_canonical",
    "is_valid_curie",
    "normalize_curie",
    "relationship_type",
]
