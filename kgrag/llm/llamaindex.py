"""Any llama-index LLM as kgrag's answering model (`pip install kgrag[llamaindex]`).

    from llama_index.llms.openai_like import OpenAILike
    kg = KGRAG(settings, llm=LlamaIndexLLM(OpenAILike(model="...", api_base="...")))

llama-index already wraps dozens of providers and local runtimes; this adapter lets kgrag use every one of them
without a backend of its own per provider. llama-index is imported only when an adapter is made. The wrapped
LLM keeps its own generation options (max tokens, temperature): providers disagree on their names, so kgrag's
`GenerationSettings` are not forwarded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from kgrag.llm.base import GenerationSettings, LLMError, Message


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

    def _chat(self, messages: Sequence[Message]) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role=m.role, content=m.content) for m in messages]

    def generate(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()) -> str:
        try:
            response = self._llm.chat(self._chat(messages))
        except Exception as exc:  # noqa: BLE001 - any provider error becomes one line naming the model
            raise LLMError(f"the llama-index LLM {self.name} failed: {type(exc).__name__}: {exc}") from exc
        return str(response.message.content or "")

    def stream(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()
               ) -> Iterator[str]:
        try:
            for chunk in self._llm.stream_chat(self._chat(messages)):
                if chunk.delta:
                    yield chunk.delta
        except Exception as exc:  # noqa: BLE001
            raise LLMError(f"the llama-index LLM {self.name} failed: {type(exc).__name__}: {exc}") from exc
