"""Scripted answering models: the whole `LLM` protocol around one `reply(messages)`, so each test says only what
its model answers."""

from __future__ import annotations

from collections.abc import Sequence

from kgrag.llm import Completion, GenerationSettings, Message, StopReason, approximate_tokens
from kgrag.llm.base import TokenCallback


class ReplyLLM:
    """A model whose reply is `reply(messages)`, streamed word by word, ending for `stop`."""

    name = "scripted"
    stop: StopReason = "end"

    def load(self) -> None:
        pass

    def count_tokens(self, text: str) -> int:
        return approximate_tokens(text)

    def reply(self, messages: Sequence[Message]) -> str:
        raise NotImplementedError

    def complete(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings(),
                 on_token: TokenCallback | None = None) -> Completion:
        text = self.reply(messages)
        if on_token is not None:
            words = text.split(" ")
            for number, word in enumerate(words):
                on_token(word if number == 0 else " " + word)
        return Completion(text, self.stop)


class ScriptedLLM(ReplyLLM):
    """Answers with fixed text and records what it was asked."""

    def __init__(self, text: str, stop: StopReason = "end") -> None:
        self.text = text
        self.stop = stop
        self.calls: list[Sequence[Message]] = []

    def reply(self, messages: Sequence[Message]) -> str:
        self.calls.append(messages)
        return self.text


QUESTION = [Message("system", "Answer from the evidence."), Message("user", "Does FBN1 cause Marfan syndrome?")]
