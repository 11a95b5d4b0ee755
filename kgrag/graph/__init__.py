"""Graph stores: one protocol split by role (`GraphReader`, `GraphWriter`, `GraphAuditor`; `GraphStore` is all
three), an embedded SQLite backend and a Neo4j server backend."""

from __future__ import annotations

from kgrag.config import Settings
from kgrag.errors import ConfigError, MissingStoreError
from kgrag.graph.base import GraphAuditor, GraphReader, GraphStore, GraphWriter
from kgrag.graph.neo4j import Neo4jGraphStore
from kgrag.graph.sqlite import SQLiteGraphStore


def missing_graph(settings: Settings) -> str | None:
    """Why there is no embedded graph to read (no data dir, or none in it); None when there is one (or the
    backend is a server, which always exists once reachable)."""
    if settings.graph_backend != "sqlite" or settings.graph_path.is_file():
        return None
    if not settings.data_dir.is_dir():
        return f"the data directory {settings.data_dir} does not exist"
    return f"there is no knowledge graph in {settings.data_dir} ({settings.graph_path.name} does not exist)"


def open_graph_store(settings: Settings, *, create: bool = False) -> GraphStore:
    """Open the configured backend. Opening never loads data; it connects, or opens the embedded file, which it
    creates (with the data dir) only when `create` (loads do; commands that only read never create anything)."""
    if settings.graph_backend == "sqlite":
        missing = None if create else missing_graph(settings)
        if missing is not None:
            raise MissingStoreError(f"{missing}: load a source first (`kgrag ingest hpo`), or point KGRAG_DATA_DIR "
                                    "at the data directory you loaded")
        return SQLiteGraphStore(settings.graph_path)
    if settings.graph_backend == "neo4j":
        return Neo4jGraphStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
                               settings.neo4j_database)
    raise ConfigError(f"unknown graph backend {settings.graph_backend!r}; use sqlite or neo4j")


__all__ = ["GraphAuditor", "GraphReader", "GraphStore", "GraphWriter", "Neo4jGraphStore", "SQLiteGraphStore",
           "missing_graph", "open_graph_store"]
