"""Neo4j constraints and indexes as data, so the Neo4j store and `kgrag export` share one source.

Every identifier is a `:Node` keyed by `id` (edges may name ids no source has loaded yet); loaded
concepts carry `concept: true` and their kind as a property. Relationship types are the canonical
predicates in upper case.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_schema.predicates import get_predicate

NODE_LABEL = "Node"


@dataclass(frozen=True, slots=True)
class Neo4jSchemaStatement:
    name: str
    cypher: str
    # Full-text indexes are Neo4j-specific DDL; servers without them use the documented fallback.
    optional: bool = False


NEO4J_SCHEMA: tuple[Neo4jSchemaStatement, ...] = (
    Neo4jSchemaStatement(
        "node_id", f"CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:{NODE_LABEL}) REQUIRE n.id IS UNIQUE",
    ),
    Neo4jSchemaStatement(
        "node_name", f"CREATE INDEX node_name IF NOT EXISTS FOR (n:{NODE_LABEL}) ON (n.name)"
    ),
    Neo4jSchemaStatement(
        "node_kind", f"CREATE INDEX node_kind IF NOT EXISTS FOR (n:{NODE_LABEL}) ON (n.kind)"
    ),
    Neo4jSchemaStatement(
        "concept_names",
        f"CREATE FULLTEXT INDEX concept_names IF NOT EXISTS FOR (n:{NODE_LABEL}) ON EACH [n.names_text]",
        optional=True,
    ),
)


def relationship_type(predicate: str) -> str:
    """The Neo4j relationship type of a canonical predicate (validated, so safe to splice)."""
    return get_predicate(predicate).name.upper()
