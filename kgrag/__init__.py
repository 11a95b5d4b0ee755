"""kgrag: medical question answering grounded in a knowledge graph and the literature."""

__version__ = "0.1.0"

__all__ = ["KGRAG", "__version__"]


def __getattr__(name: str) -> object:
    """`from kgrag import KGRAG` without importing the retrieval stack for every `import kgrag`."""
    if name == "KGRAG":
        from kgrag.api import KGRAG

        return KGRAG
    raise AttributeError(f"module 'kgrag' has no attribute {name!r}")
