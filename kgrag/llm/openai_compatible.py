"""An OpenAI-compatible chat endpoint: vLLM, TGI, Ollama, llama.cpp server, or a hosted API.

Standard library HTTP (no SDK: one POST to `{base_url}/chat/completions`, JSON or server-sent events, is all
kgrag needs, and urllib lets the request be locked down precisely). Timeouts on every request; connection
failures and 429/5xx answers are retried with exponential backoff; anything else fails at once.

What leaves the process is kept to what the operator configured:
- the API key is sent only to this endpoint's URL: redirects are never followed (a redirect would carry the
  request, and with urllib's default handler the Authorization header, to another host), so a 3xx answer is
  an error like any other;
- an error from the endpoint is one line with the status code and the endpoint (its URL without any
  credentials in it); the body the server sent, which may be an internal page or echo the request, goes to
  the `kgrag` log at DEBUG only, never into an error message, the page or the CLI.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from http import HTTPStatus
from http.client import HTTPResponse
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

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
log = logging.getLogger("kgrag")


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect becomes an HTTPError (3xx) instead of a second request to wherever the server points."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def display_url(url: str) -> str:
    """The URL as shown in names and errors: no user:password@ part, no query string."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class OpenAICompatibleLLM:
    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 120.0, retries: int = 2,
                 backoff: float = 1.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise LLMError(f"LLM endpoint must be an http(s) URL, got {display_url(base_url)!r}")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.endpoint = display_url(self.url)
        self.model = model
        self._api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._opener = urllib.request.build_opener(_RefuseRedirects())

    @property
    def name(self) -> str:
        return f"{self.model} @ {self.endpoint}"

    def load(self) -> None:
        """Nothing to load: the server holds the model (and connecting early would only hide a later failure)."""

    def count_tokens(self, text: str) -> int:
        return approximate_tokens(text)  # the server's tokenizer is not available here

    def _open(self, body: dict[str, Any]) -> HTTPResponse:
        request = urllib.request.Request(self.url, json.dumps(body).encode("utf-8"),
                                         {"Content-Type": "application/json"}, method="POST")
        if self._api_key:  # never copied onto a redirected request (and redirects are refused anyway)
            request.add_unredirected_header("Authorization", f"Bearer {self._api_key}")
        for attempt in range(self.retries + 1):
            try:
                response: HTTPResponse = self._opener.open(request, timeout=self.timeout)
                return response
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS or attempt == self.retries:
                    raise self._status_error(exc, attempt + 1) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
                    # A slow model stays slow: retrying would only multiply the wait.
                    raise LLMError(f"the LLM endpoint {self.endpoint} did not answer within {self.timeout:g} s "
                                   "(KGRAG_GENERATE_TIMEOUT_S)") from None
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise LLMError(f"cannot reach the LLM endpoint {self.endpoint}: {_os_reason(reason)}") from None
            time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _status_error(self, exc: urllib.error.HTTPError, attempts: int) -> LLMError:
        """One line with the status and the endpoint; what the server said goes to the DEBUG log only."""
        try:
            body = exc.read(4000).decode("utf-8", "replace")
        except (OSError, ValueError):
            body = ""
        log.debug("LLM endpoint %s answered %s: %s", self.endpoint, exc.code, body)
        try:
            phrase = HTTPStatus(exc.code).phrase
        except ValueError:
            phrase = "unknown status"
        if 300 <= exc.code < 400:
            phrase += "; kgrag does not follow redirects from a model endpoint, configure the final URL"
        elif exc.code in (401, 403):
            phrase += "; check KGRAG_LLM_API_KEY"
        elif exc.code == 404:
            phrase += f"; check the model name ({self.model!r}) and the base URL"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return LLMError(f"LLM endpoint {self.endpoint} answered {exc.code} ({phrase}){tries}; the server's reply "
                        "is in the kgrag log at DEBUG level")

    def _body(self, messages: Sequence[Message], settings: GenerationSettings, stream: bool) -> dict[str, Any]:
        return {"model": self.model, "messages": [m.to_dict() for m in messages], "stream": stream,
                "max_tokens": settings.max_new_tokens, "temperature": settings.temperature}

    def complete(self, messages: Sequence[Message], settings: GenerationSettings = GenerationSettings(),
                 on_token: TokenCallback | None = None) -> Completion:
        if on_token is None:
            return self._whole(messages, settings)
        return self._streamed(messages, settings, on_token)

    def _whole(self, messages: Sequence[Message], settings: GenerationSettings) -> Completion:
        with self._open(self._body(messages, settings, stream=False)) as response:
            raw = response.read()
        try:
            choice = json.loads(raw)["choices"][0]
            text = str(choice["message"]["content"] or "")
        except (ValueError, KeyError, IndexError, TypeError):
            log.debug("LLM endpoint %s sent: %r", self.endpoint, raw[:4000])
            raise LLMError(f"LLM endpoint {self.endpoint} sent a reply that is not a chat completion") from None
        return Completion(text, FINISH_REASONS.get(str(choice.get("finish_reason")), "unknown"))

    def _streamed(self, messages: Sequence[Message], settings: GenerationSettings,
                  on_token: TokenCallback) -> Completion:
        pieces: list[str] = []
        stop: StopReason = "unknown"
        with self._open(self._body(messages, settings, stream=True)) as response:
            for raw in response:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue  # blank keep-alive lines and SSE comments
                payload = line[5:].strip()
                if payload == "[DONE]":
                    break
                try:
                    choice = json.loads(payload)["choices"][0]
                    delta = choice.get("delta") or {}
                except (ValueError, KeyError, IndexError, AttributeError, TypeError):
                    log.debug("LLM endpoint %s sent a malformed stream event: %r", self.endpoint, payload[:4000])
                    raise LLMError(f"LLM endpoint {self.endpoint} sent a malformed stream event") from None
                if delta.get("content"):
                    piece = str(delta["content"])
                    pieces.append(piece)
                    on_token(piece)
                if choice.get("finish_reason"):
                    stop = FINISH_REASONS.get(str(choice["finish_reason"]), "unknown")
        return Completion("".join(pieces), stop)


def _os_reason(reason: object) -> str:
    """The local reason a connection failed (refused, unknown host), never text the server sent."""
    if isinstance(reason, OSError):
        return reason.strerror or type(reason).__name__
    return str(reason)
