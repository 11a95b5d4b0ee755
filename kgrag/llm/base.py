"""The one interface every answering model implements, and its errors.

Backends take chat messages (`{"role": ..., "content": ...}`) and return text, whole or streamed. They
load or connect lazily, on the first call, so building one never touches disk or network.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from kgrag.errors import UserError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class Message:
    role: Role
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True, slots=True)
class GenerationSettings:
    max_new_tokens: int = 256
    temperature: float = 0.0  # greedy: the same evidence gives the same answer
    # Greedy decoding makes small models loop ("..., broad-based skeletal deformities, broad-based ..."); a mild
    # penalty on repeated tokens stops that without changing what larger models write.
    repetition_penalty: float = 1.15
    timeout_s: float | None = None  # a local model stops writing here (transformers' max_time); None: no limit


class LLMError(UserError):
    """The model cannot be used: missing files, an unreachable endpoint, a refused request. The message names
    the path or endpoint, so the CLI can print it as one line and exit 1."""


@runtime_checkable
class LLM(Protocol):
    @property
    def name(self) -> str:
        """What answered: recorded in every Answer."""
        ...

    def generate(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()) -> str:
        ...

    def stream(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()
               ) -> Iterator[str]:
        """Text pieces as they are produced; joined, they equal `generate`'s result."""
        ...
