"""kgrag: medical question answering grounded in a knowledge graph and the literature."""

__version__ = "0.1.0"
