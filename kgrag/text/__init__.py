"""Literature side of kgrag: chunking, embeddings, the FAISS and BM25 indexes, fusion, and the passage store."""

from kgrag.text.passage_index import SEARCH_MODES, PassageIndex

__all__ = ["SEARCH_MODES", "PassageIndex"]
