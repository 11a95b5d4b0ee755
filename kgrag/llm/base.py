"""The one interface every answering model implements, and its errors.

Backends take chat messages (`{"role": ..., "content": ...}`) and return a `Completion`: the text and why the
model stopped, so an answer cut at the token limit can say so instead of ending mid-sentence unannounced.
The protocol declares everything kgrag asks of a model, so callers never probe with `getattr`:

- `load()` makes the model ready (weights into memory; nothing for an endpoint). It is idempotent and safe to
  call from many threads, and callers call it before any stage clock starts, so loading never counts against
  a time limit.
- `count_tokens(text)` counts under the model's own tokenizer where the backend has it, and estimates
  (`approximate_tokens`) where it does not (remote endpoints).
- `complete(messages, settings, on_token)` returns the reply; with `on_token`, each piece is handed over as it
  is produced (streaming), and the pieces joined equal the text.

Building a backend never touches disk or network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from kgrag.errors import UserError
from kgrag.records.serialize import Record

Role = Literal["system", "user", "assistant"]
StopReason = Literal["end", "max_tokens", "time_limit", "unknown"]
"""Why a reply ended: the model finished, it hit KGRAG_MAX_NEW_TOKENS, it hit the time limit, or the backend
does not say."""
TokenCallback = Callable[[str], None]
# OpenAI's `finish_reason` values (also what vLLM, TGI, Ollama and most llama-index providers report).
FINISH_REASONS: dict[str, StopReason] = {"stop": "end", "eos": "end", "length": "max_tokens"}


@dataclass(frozen=True, slots=True)
class Message(Record):
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class GenerationSettings(Record):
    max_new_tokens: int = 256
    temperature: float = 0.0  # greedy: the same evidence gives the same answer
    # Greedy decoding makes small models loop ("..., broad-based skeletal deformities, broad-based ..."); a mild
    # penalty on repeated tokens stops that without changing what larger models write.
    repetition_penalty: float = 1.15
    timeout_s: float | None = None  # a local model stops writing here (transformers' max_time); None: no limit


@dataclass(frozen=True, slots=True)
class Completion(Record):
    """A model's reply and why it ended."""

    text: str
    stop: StopReason = "unknown"

    @property
    def cut_short(self) -> bool:
        """The model was stopped by a limit, not by finishing: the text may end mid-sentence."""
        return self.stop in ("max_tokens", "time_limit")


class LLMError(UserError):
    """The model cannot be used: missing files, an unreachable endpoint, a refused request. The message names
    the path or endpoint, so the CLI can print it as one line and exit 1."""


def approximate_tokens(text: str) -> int:
    """~3.5 characters per token for English biomedical text under BPE tokenizers: errs on the long side, so
    a prompt sized with it fits when the real tokenizer is unknown (remote endpoints)."""
    return int(len(text) / 3.5) + 1


@runtime_checkable
class LLM(Protocol):
    @property
    def name(self) -> str:
        """What answered: recorded in every Answer."""
        ...

    def load(self) -> None:
        """Make the model ready to answer; idempotent and thread-safe."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` for this model: exact where the backend has the tokenizer, else an estimate."""
        ...

    def complete(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings(),
                 on_token: TokenCallback | None = None) -> Completion:
        """The reply to `messages`; `on_token` receives each piece as it is produced."""
        ...
