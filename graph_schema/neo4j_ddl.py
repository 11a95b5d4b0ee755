"""Neo4j constraints and indexes as data, so the Neo4j store and `kgrag export` share one source.

Every node carries the label `Concept` plus its kind as a second label; relationship types are the
canonical predicates in upper case.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_schema.predicates import get_predicate

CONCEPT_LABEL = "Concept"
FULLTEXT_INDEX = "concept_names"


@dataclass(frozen=True, slots=True)
class Neo4jSchemaStatement:
    name: str
    cypher: str
    # Full-text indexes are Neo4j-specific DDL; servers without them use the documented fallback.
    optional: bool = False


NEO4J_SCHEMA: tuple[Neo4jSchemaStatement, ...] = (
    Neo4jSchemaStatement(
        "concept_id",
        f"CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:{CONCEPT_LABEL}) REQUIRE c.id IS UNIQUE",
    ),
    Neo4jSchemaStatement(
        "concept_name", f"CREATE INDEX concept_name IF NOT EXISTS FOR (c:{CONCEPT_LABEL}) ON (c.name)"
    ),
    Neo4jSchemaStatement(
        "concept_norm_names",
        f"CREATE INDEX concept_norm_names IF NOT EXISTS FOR (c:{CONCEPT_LABEL}) ON (c.norm_names)",
    ),
    Neo4jSchemaStatement(
        "concept_kind", f"CREATE INDEX concept_kind IF NOT EXISTS FOR (c:{CONCEPT_LABEL}) ON (c.kind)"
    ),
    Neo4jSchemaStatement(
        FULLTEXT_INDEX,
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (c:{CONCEPT_LABEL}) "
        "ON EACH [c.name, c.synonyms_text]",
        optional=True,
    ),
)


def relationship_type(predicate: str) -> str:
    """The Neo4j relationship type of a canonical predicate (validated, so safe to splice)."""
    return get_predicate(predicate).name.upper()
