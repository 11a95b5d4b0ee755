"""A sentence-transformers model whose transformer runs on OpenVINO: the fastest CPU embedding path measured here.

Why OpenVINO, and why this way. On 2 cores of an avx512_bf16 CPU (`benchmarks/bench_embedding.py`, 1,000
PubMedQA abstracts), OpenVINO with its bf16 inference hint embeds 2.0-2.8x faster than torch fp32 across runs
(2.06x in the README's) and 1.2-1.3x faster than torch bf16, with vectors at a cosine of 1.0000 to fp32 and the
same recall@1/@5; ONNX Runtime int8
was as fast only by moving vectors to a cosine of 0.88. sentence-transformers' own `backend="openvino"` needs
optimum-intel, whose pins pull another torch and GBs of CUDA packages; `openvino.convert_model` alone converts
the transformer from the torch module already loaded, so only the transformer moves: tokenization
(`SentenceTransformer.tokenize`, with the model's truncation) and the modules after it (pooling, normalization,
dense layers) stay the sentence-transformers code, in fp32, for any model kgrag can load.

The converted model is cached as OpenVINO IR under the data directory, keyed by the source model's files
(names, sizes, modification times) and the OpenVINO version, so a changed model or runtime is converted again
and an unchanged one loads in a fraction of a second. The cache is written whole or not at all; beside the IR,
`inputs.json` names the tokenizer outputs the IR takes, in order.

Once a model is cached, a plain one (`kgrag.text.plain_pipeline`: Transformer -> mean/CLS pooling [-> Normalize])
is run without sentence-transformers at all (`PlainOpenVINOEncoder`): its tokenizer and pooling read from the
model's files, the IR from the cache. That takes a cold query embedding from 6-9 s (importing
sentence-transformers, torch, transformers) to under a second; the vectors are the same (tests compare them).

Fork: a compiled model's destructor waits for OpenVINO's worker threads, which `fork` does not copy, so a forked
child that frees one it inherited (at a garbage collection, or at a normal exit) hangs for ever; inference in the
child works. So in a forked child each inherited compiled model is given one reference nobody releases: it lives
until the child's process ends, which frees its memory without running the destructor. That needs the one piece
of process-wide state here, the set of live runners, because fork handlers are process-wide too.
"""

from __future__ import annotations

import ctypes
import json
import os
import warnings
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import openvino

from kgrag.errors import ConfigError
from kgrag.storage import atomic_directory, atomic_write_text, files_fingerprint
from kgrag.text.plain_pipeline import PlainPipeline

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer


class _HoldsCompiledModel(Protocol):
    compiled: openvino.CompiledModel


_LIVE_RUNNERS: weakref.WeakSet[_HoldsCompiledModel] = weakref.WeakSet()
SAMPLE_TEXTS = ["a short text", "a somewhat longer text to trace"]  # two lengths: padding is traced too
IR_FILE = "transformer.xml"
INPUTS_FILE = "inputs.json"


def model_fingerprint(model_dir: Path) -> str:
    """A short key that changes whenever the model directory's files (or the OpenVINO version) change."""
    return files_fingerprint(model_dir, openvino.get_version())


def cache_target(model_dir: Path, cache_dir: Path) -> Path:
    """Where the converted model of `model_dir` is (or will be) cached."""
    return cache_dir / f"{model_dir.name}-{model_fingerprint(model_dir)}"


def _compile(model: openvino.Model | str, precision: str, threads: int) -> openvino.CompiledModel:
    if precision not in ("fp32", "bf16"):
        raise ConfigError(f"OpenVINO embeds in fp32 or bf16, not {precision!r}")
    config = {"INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32",
              "PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": threads}
    return openvino.Core().compile_model(model, "CPU", config)


def _encode_sorted(texts: Sequence[str], batch_size: int,
                   embed_batch: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """`embed_batch` over length-sorted batches (each pads little), rows returned in input order."""
    order = np.argsort([-len(text) for text in texts], kind="stable")
    rows: list[np.ndarray] = [np.empty(0)] * len(texts)
    for begin in range(0, len(texts), batch_size):
        chosen = order[begin:begin + batch_size]
        for i, vector in zip(chosen, embed_batch([texts[i] for i in chosen]), strict=True):
            rows[i] = vector
    return np.stack(rows)


class OpenVINORunner:
    """Encodes texts with `model`'s tokenizer and pooling around an OpenVINO-compiled copy of its transformer.

    `precision` is `fp32` or `bf16` (OpenVINO's inference precision hint); `cache_dir` keeps converted models
    (None converts in memory on every load). Thread-safe: each call makes its own inference request."""

    def __init__(self, model: SentenceTransformer, source: str, precision: str, cache_dir: Path | None,
                 threads: int) -> None:
        import torch

        self.model = model
        self.after_transformer = list(model)[1:]  # pooling, normalization, dense layers: run as they are
        self.input_names = tuple(name for name, value in self._tokenize(SAMPLE_TEXTS).items()
                                 if isinstance(value, torch.Tensor))
        self.compiled = _compile(self._converted(source, cache_dir), precision, threads)
        _LIVE_RUNNERS.add(self)

    def _converted(self, source: str, cache_dir: Path | None) -> openvino.Model:
        model_dir = Path(source)
        if cache_dir is None or not model_dir.is_dir():
            return self._convert()
        target = cache_target(model_dir, cache_dir)
        inputs = json.dumps(list(self.input_names))
        if not (target / IR_FILE).is_file():
            converted = self._convert()
            with atomic_directory(target) as staging:
                openvino.save_model(converted, str(staging / IR_FILE), compress_to_fp16=False)
                (staging / INPUTS_FILE).write_text(inputs, encoding="utf-8")
            return converted
        if not (target / INPUTS_FILE).is_file():  # converted before the input names were recorded
            atomic_write_text(target / INPUTS_FILE, inputs)
        return openvino.Core().read_model(str(target / IR_FILE))

    def _convert(self) -> openvino.Model:
        import torch

        transformer = self.model[0]
        auto_model = getattr(transformer, "auto_model", None)
        if auto_model is None:
            raise ConfigError("the OpenVINO embedding backend needs a sentence-transformers model whose first "
                              "module is a Hugging Face transformer; set KGRAG_EMBEDDING_BACKEND=torch")
        features = self._tokenize(SAMPLE_TEXTS)
        wrapper = _last_hidden_state(auto_model, self.input_names).eval()
        # Tracing warns about every data-dependent branch of the model's Python; none applies to inference.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            converted = openvino.convert_model(wrapper, example_input=tuple(features[n] for n in self.input_names))
        converted.reshape({port: openvino.PartialShape([-1, -1]) for port in converted.inputs})
        return converted

    def _tokenize(self, texts: list[str]) -> dict[str, torch.Tensor]:
        """The model's own preprocessing (`preprocess` since sentence-transformers 6, `tokenize` before)."""
        preprocess = getattr(self.model, "preprocess", None) or self.model.tokenize
        return dict(preprocess(texts))

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Embeddings of `texts` in input order, through the model's own pooling."""
        import torch

        request = self.compiled.create_infer_request()

        def embed_batch(batch: list[str]) -> np.ndarray:
            features = self._tokenize(batch)
            hidden = request.infer([features[name].numpy() for name in self.input_names])[0]
            features["token_embeddings"] = torch.from_numpy(np.array(hidden, dtype=np.float32))
            with torch.no_grad():
                for module in self.after_transformer:
                    features = module(features)
            return np.asarray(features["sentence_embedding"].numpy())

        return _encode_sorted(texts, batch_size, embed_batch)


class PlainOpenVINOEncoder:
    """A plain model's cached IR run with its tokenizer and pooling read from its files: no torch, no
    sentence-transformers (module docstring). `PlainOpenVINOEncoder.cached(...)` is None unless the model is plain
    and already converted; the first load of a model therefore goes through `OpenVINORunner`, which converts."""

    def __init__(self, pipeline: PlainPipeline, ir_dir: Path, precision: str, threads: int) -> None:
        self.pipeline = pipeline
        self.input_names = tuple(json.loads((ir_dir / INPUTS_FILE).read_text(encoding="utf-8")))
        self.compiled = _compile(str(ir_dir / IR_FILE), precision, threads)
        _LIVE_RUNNERS.add(self)

    @classmethod
    def cached(cls, model_dir: Path, cache_dir: Path | None, precision: str,
               threads: int) -> PlainOpenVINOEncoder | None:
        if cache_dir is None or not model_dir.is_dir():
            return None
        pipeline = PlainPipeline.read(model_dir)
        if pipeline is None:
            return None
        target = cache_target(model_dir, cache_dir)
        if not (target / IR_FILE).is_file() or not (target / INPUTS_FILE).is_file():
            return None
        return cls(pipeline, target, precision, threads)

    @property
    def dimension(self) -> int:
        return self.pipeline.dimension

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        request = self.compiled.create_infer_request()

        def embed_batch(batch: list[str]) -> np.ndarray:
            features = self.pipeline.tokenize(batch)
            hidden = request.infer([features[name] for name in self.input_names])[0]
            return self.pipeline.pool(np.asarray(hidden), features["attention_mask"])

        return _encode_sorted(texts, batch_size, embed_batch)


def _never_free_inherited_models() -> None:
    """In a forked child: keep every compiled model inherited from the parent alive (module docstring)."""
    for runner in list(_LIVE_RUNNERS):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(runner.compiled))


os.register_at_fork(after_in_child=_never_free_inherited_models)


def _last_hidden_state(auto_model: torch.nn.Module, input_names: tuple[str, ...]) -> torch.nn.Module:
    """The transformer's forward as a function of the tokenizer's tensors, in order, returning token vectors (a
    module built here so that importing this file does not import torch)."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.auto_model = auto_model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.auto_model(**dict(zip(input_names, tensors, strict=True))).last_hidden_state

    return LastHiddenState()


__all__ = ["OpenVINORunner", "PlainOpenVINOEncoder", "cache_target", "model_fingerprint"]
