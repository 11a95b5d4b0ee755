"""Any llama-index LLM as kgrag's answering model (`pip install kgrag[llamaindex]`).

    from llama_index.llms.openai_like import OpenAILike
    kg = KGRAG(settings, llm=LlamaIndexLLM(OpenAILike(model="...", api_base="...")))

llama-index already wraps dozens of providers and local runtimes; this adapter lets kgrag use every one of them
without a backend of its own per provider. llama-index is imported only when an adapter is made. The wrapped
LLM keeps its own generation options (max tokens, temperature): providers disagree on their names, so kgrag's
`GenerationSettings` are not forwarded.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from kgrag.llm.base import (
    FINISH_REASONS,
    Completion,
    GenerationSettings,
    LLMError,
    Message,
    StopReason,
    TokenCallback,
    approximate_tokens,
)

log = logging.getLogger("kgrag")


class LlamaIndexLLM:
    def __init__(self, llm: Any) -> None:
        """`llm`: an instance of `llama_index.core.llms.LLM` (any provider)."""
        try:
            from llama_index.core.llms import LLM as LlamaLLM
        except ImportError:
            raise LLMError("the llama-index adapter needs llama-index-core: pip install 'kgrag[llamaindex]'") from None
        if not isinstance(llm, LlamaLLM):
            raise LLMError(f"expected a llama-index LLM, got {type(llm).__name__}")
        self._llm = llm

    @property
    def name(self) -> str:
        model = getattr(self._llm.metadata, "model_name", "") or type(self._llm).__name__
        return f"llama-index:{model}"

    def load(self) -> None:
        """Nothing to load here: the wrapped LLM manages its own model or connection."""

    def count_tokens(self, text: str) -> int:
        return approximate_tokens(text)  # providers disagree on how (or whether) they expose a tokenizer

    def _chat(self, messages: Sequence[Message]) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role=m.role, content=m.content) for m in messages]

    def complete(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings(),
                 on_token: TokenCallback | None = None) -> Completion:
        try:
            if on_token is None:
                response = self._llm.chat(self._chat(messages))
                return Completion(str(response.message.content or ""), _stop(response))
            pieces: list[str] = []
            last = None
            for chunk in self._llm.stream_chat(self._chat(messages)):
                last = chunk
                if chunk.delta:
                    pieces.append(chunk.delta)
                    on_token(chunk.delta)
            return Completion("".join(pieces), _stop(last))
        except Exception as exc:  # noqa: BLE001 - any provider error becomes one line naming the model
            log.debug("the llama-index LLM %s failed", self.name, exc_info=True)  # its text may echo a server reply
            raise LLMError(f"the llama-index LLM {self.name} failed ({type(exc).__name__}); the details are in the "
                           "kgrag log at DEBUG level") from None


def _stop(response: Any) -> StopReason:
    """The OpenAI-style `finish_reason` many providers leave in `response.raw`; "unknown" when there is none."""
    raw = getattr(response, "raw", None)
    choices = raw.get("choices") if isinstance(raw, dict) else getattr(raw, "choices", None)
    if not choices:
        return "unknown"
    first = choices[0]
    reason = first.get("finish_reason") if isinstance(first, dict) else getattr(first, "finish_reason", None)
    return FINISH_REASONS.get(str(reason), "unknown")
