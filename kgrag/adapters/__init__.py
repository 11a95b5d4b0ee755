"""Adapters that expose kgrag to other frameworks (above the API: they wrap a `KGRAG`): a llama-index retriever."""
