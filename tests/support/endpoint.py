"""A loopback OpenAI-compatible chat endpoint (`/v1/chat/completions`, JSON or server-sent events) for tests and
benchmarks: a fixed reply, a failure budget, optional delay, and a log of every request it received."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ChatCompletions(BaseHTTPRequestHandler):
    """Just enough of /v1/chat/completions: JSON or SSE answers, a configurable failure budget."""

    requests: list[dict[str, Any]] = []
    failures_left = 0
    words = ["FBN1 ", "variants ", "cause ", "it [K1]."]  # the reply, in streamed pieces
    finish_reason = "stop"
    delay = 0.0  # seconds before answering (a model that takes its time)
    gate: threading.Event | None = None  # when set on the class: hold every reply until the test opens it (60 s)
    in_flight = 0  # requests being answered right now, and the most there ever were at once
    most_in_flight = 0
    _count_lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        cls = type(self)
        with cls._count_lock:
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
        try:
            self._answer()
        finally:
            with cls._count_lock:
                cls.in_flight -= 1

    def _answer(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if type(self).delay:
            time.sleep(type(self).delay)
        if type(self).gate is not None:
            type(self).gate.wait(60)
        if type(self).failures_left:
            type(self).failures_left -= 1
            self.send_error(503, "warming up")
            return
        if body["model"] == "missing":  # vLLM and OpenAI answer errors as JSON
            self._json(404, {"error": {"message": "The model `missing` does not exist.", "code": 404}})
            return
        words = type(self).words
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in words:
                event = {"choices": [{"delta": {"content": word}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            last = {"choices": [{"delta": {}, "finish_reason": type(self).finish_reason}]}
            self.wfile.write(f"data: {json.dumps(last)}\n\n: keep-alive\n\ndata: [DONE]\n\n".encode())
            return
        self._json(200, {"choices": [{"message": {"role": "assistant", "content": "".join(words)},
                                      "finish_reason": type(self).finish_reason}]})

    def _json(self, status: int, data: dict[str, Any]) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        """A client that gave up (the limits tests time out on purpose) closes the socket before the reply: that is
        the test working, not a server error to print."""
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """`handler` (ChatCompletions or a subclass with its own reply) on a free loopback port, with an empty request
    log and no failures armed; yields the base URL (`.../v1`) and stops the server afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if issubclass(handler, ChatCompletions):
        handler.requests, handler.failures_left, handler.in_flight, handler.most_in_flight = [], 0, 0, 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
