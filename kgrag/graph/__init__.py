"""Graph stores: one protocol (`GraphStore`), an embedded SQLite backend and a Neo4j server backend."""

from __future__ import annotations

from kgrag.config import Settings
from kgrag.errors import ConfigError
from kgrag.graph.base import GraphStore
from kgrag.graph.neo4j import Neo4jGraphStore
from kgrag.graph.sqlite import SQLiteGraphStore


def open_graph_store(settings: Settings) -> GraphStore:
    """Open the configured backend. Opening never loads data; it only connects or creates the file."""
    if settings.graph_backend == "sqlite":
        return SQLiteGraphStore(settings.graph_path)
    if settings.graph_backend == "neo4j":
        return Neo4jGraphStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
                               settings.neo4j_database)
    raise ConfigError(f"unknown graph backend {settings.graph_backend!r}; use sqlite or neo4j")


__all__ = ["GraphStore", "Neo4jGraphStore", "SQLiteGraphStore", "open_graph_store"]
