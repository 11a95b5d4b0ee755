"""The tokenizer and pooling of a plain sentence-transformers model, read from its directory without importing it.

Why: importing sentence-transformers (with torch, transformers and scikit-learn behind it) takes 5-8 s on 2 cores,
the largest part of a cold `kgrag ask`, and a question needs only its query embedded. Once the transformer has
been converted to OpenVINO IR (`openvino_runner`), everything else a plain model does is small and fixed: the
fast tokenizer (`tokenizers`, the Rust library transformers itself wraps, which loads `tokenizer.json` in
milliseconds) with the model's truncation length, then mean or CLS pooling and optional normalization. So a
model whose `modules.json` is exactly Transformer -> Pooling (mean or CLS) [-> Normalize] is run from its files;
any other model (a Dense layer, max or weighted pooling, prompts, a model without `tokenizer.json`) is `None`
here and keeps sentence-transformers' own code. `tests/test_plain_pipeline.py` checks the token ids and
vectors against sentence-transformers on real text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from tokenizers import Tokenizer

Pooling = Literal["mean", "cls"]
_POOLING_FLAGS = ("pooling_mode_cls_token", "pooling_mode_mean_tokens", "pooling_mode_max_tokens",
                  "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken")


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def module_kind(module: dict[str, Any]) -> str:
    """A module's class name ("Transformer", "Pooling", "Normalize") from its `modules.json` entry."""
    return str(module.get("type", "")).rsplit(".", 1)[-1]


def read_modules(model_dir: Path) -> list[dict[str, Any]]:
    """The modules of the sentence-transformers model in `model_dir`, in order (`modules.json`)."""
    return sorted(_json(model_dir / "modules.json"), key=lambda module: int(module.get("idx", 0)))


@dataclass(frozen=True)
class PlainPipeline:
    """Tokenize -> (transformer, run elsewhere) -> pool -> normalize, for a plain model (module docstring)."""

    tokenizer: Tokenizer
    pooling: Pooling
    normalize: bool
    dimension: int
    lower_case: bool

    @classmethod
    def read(cls, model_dir: Path) -> PlainPipeline | None:
        """The pipeline of the sentence-transformers model in `model_dir`, or None when it is not a plain one."""
        try:
            modules = read_modules(model_dir)
            kinds = [module_kind(module) for module in modules]
            if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
                return None
            if modules[0].get("path", "") not in ("", "."):
                return None  # a transformer in a subfolder: not the layout read below
            pooling_config = _json(model_dir / str(modules[1]["path"]) / "config.json")
            chosen = [flag for flag in _POOLING_FLAGS if pooling_config.get(flag)]
            if chosen not in (["pooling_mode_mean_tokens"], ["pooling_mode_cls_token"]):
                return None
            if pooling_config.get("include_prompt") is False:
                return None
            model_config = _json(model_dir / "sentence_bert_config.json")
            if set(model_config) - {"max_seq_length", "do_lower_case"}:
                return None  # prompts, processor or model arguments: sentence-transformers' business
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            pad_token = _pad_token(model_dir)
        except Exception:  # tokenizers raises a bare Exception on a file it cannot parse
            return None  # any unreadable piece means "not a plain model": sentence-transformers reads it
        pad_id = tokenizer.token_to_id(pad_token) if pad_token else None
        max_length = model_config.get("max_seq_length")
        if pad_id is None or not isinstance(max_length, int) or max_length <= 0:
            return None
        tokenizer.enable_truncation(max_length=max_length)
        tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)
        return cls(tokenizer, "mean" if chosen == ["pooling_mode_mean_tokens"] else "cls",
                   kinds[-1] == "Normalize", int(pooling_config["word_embedding_dimension"]),
                   bool(model_config.get("do_lower_case", False)))

    def tokenize(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """`input_ids`, `token_type_ids` and `attention_mask` (int64), padded to the batch's longest text."""
        prepared = [text.strip() for text in texts]
        if self.lower_case:
            prepared = [text.lower() for text in prepared]
        encodings = self.tokenizer.encode_batch(prepared)
        return {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64)}

    def pool(self, token_vectors: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """One vector per text from the transformer's token vectors, as sentence-transformers pools them."""
        hidden = token_vectors.astype(np.float32, copy=False)
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = attention_mask[..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        if self.normalize:
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            pooled = pooled / np.clip(norms, 1e-12, None)
        return pooled


def _pad_token(model_dir: Path) -> str | None:
    """The padding token as the model's tokenizer config names it (a string, or an AddedToken dict)."""
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        path = model_dir / name
        if path.is_file():
            token = _json(path).get("pad_token")
            if isinstance(token, dict):
                token = token.get("content")
            if isinstance(token, str) and token:
                return token
    return None


__all__ = ["PlainPipeline", "module_kind", "read_modules"]
