"""An OpenAI-compatible chat endpoint: vLLM, TGI, Ollama, llama.cpp server, or a hosted API.

Standard library HTTP (no SDK): one POST to `{base_url}/chat/completions`, JSON or server-sent events for
streaming. Timeouts on every request; connection failures and 429/5xx answers are retried with
exponential backoff; anything else fails at once with the endpoint and the server's message.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from typing import Any

from kgrag.llm.base import GenerationSettings, LLMError, Message

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class OpenAICompatibleLLM:
    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 120.0, retries: int = 2,
                 backoff: float = 1.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise LLMError(f"LLM endpoint must be an http(s) URL, got {base_url!r}")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self._api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    @property
    def name(self) -> str:
        return f"{self.model} @ {self.url}"

    def _open(self, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self.url, json.dumps(body).encode("utf-8"), headers, method="POST")
        for attempt in range(self.retries + 1):
            try:
                return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 - URL checked above
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS or attempt == self.retries:
                    raise LLMError(f"LLM endpoint {self.url} answered {exc.code}: "
                                   f"{_error_detail(exc.read(4000)) or exc.reason}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
                    # A slow model stays slow: retrying would only multiply the wait.
                    raise LLMError(f"the LLM endpoint {self.url} did not answer within {self.timeout:g} s "
                                   "(KGRAG_GENERATE_TIMEOUT_S)") from None
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise LLMError(f"cannot reach the LLM endpoint {self.url}: {reason}") from None
            time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _body(self, messages: Sequence[Message], settings: GenerationSettings, stream: bool) -> dict[str, Any]:
        return {"model": self.model, "messages": [m.to_dict() for m in messages], "stream": stream,
                "max_tokens": settings.max_new_tokens, "temperature": settings.temperature}

    def generate(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()) -> str:
        with self._open(self._body(messages, settings, stream=False)) as response:
            try:
                data = json.load(response)
                return str(data["choices"][0]["message"]["content"] or "")
            except (ValueError, KeyError, IndexError, TypeError):
                raise LLMError(f"LLM endpoint {self.url} sent a reply that is not a chat completion") from None

    def stream(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings()
               ) -> Iterator[str]:
        with self._open(self._body(messages, settings, stream=True)) as response:
            for raw in response:
                line = raw.decode("utf-8").strip()
                if not line.startswith("data:"):
                    continue  # blank keep-alive lines and SSE comments
                payload = line[5:].strip()
                if payload == "[DONE]":
                    return
                try:
                    delta = json.loads(payload)["choices"][0].get("delta", {})
                except (ValueError, KeyError, IndexError, AttributeError):
                    raise LLMError(f"LLM endpoint {self.url} sent a malformed stream event: {payload[:80]}") from None
                if delta.get("content"):
                    yield str(delta["content"])


def _error_detail(body: bytes) -> str:
    """The server's reason on one line: OpenAI-style `{"error": {"message": ...}}`, `{"detail": ...}`
    (vLLM, TGI), or the body's text with markup and newlines collapsed."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error")
        message = error.get("message") if isinstance(error, dict) else error or data.get("detail")
        if message:
            return str(message)[:300]
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())[:300]
