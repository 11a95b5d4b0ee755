"""Graph stores: one protocol (`GraphStore`), an embedded SQLite backend, a Neo4j backend (planned)."""

from __future__ import annotations

from kgrag.config import Settings
from kgrag.errors import ConfigError
from kgrag.graph.base import GraphStore
from kgrag.graph.sqlite import SQLiteGraphStore


def open_graph_store(settings: Settings) -> GraphStore:
    """Open the configured backend. Opening never loads data; it only connects or creates the file."""
    if settings.graph_backend == "sqlite":
        return SQLiteGraphStore(settings.graph_path)
    raise ConfigError(
        f"graph backend {settings.graph_backend!r} is not available in this version of kgrag yet; "
        "use KGRAG_GRAPH_BACKEND=sqlite"
    )


__all__ = ["GraphStore", "SQLiteGraphStore", "open_graph_store"]
