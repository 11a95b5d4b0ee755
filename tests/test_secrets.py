"""Secrets and privacy: the Neo4j password and the LLM API key never appear in logs, errors, `config show` or
the app, on success or on failure; questions are not logged unless asked for."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.llm import LLMError, OpenAICompatibleLLM

from .support.bolt_server import BoltServer
from .support.cli import CliResult
from .support.endpoint import ChatCompletions
from .support.graphs import load_fixture_graph
from .support.llm import QUESTION, ScriptedLLM

Cli = Callable[..., CliResult]
API_KEY = "sk-test-do-not-print-7d1f"


def _use_bolt(monkeypatch: pytest.MonkeyPatch, server: BoltServer, password: str | None = None,
              uri: str | None = None) -> None:
    monkeypatch.setenv("KGRAG_GRAPH_BACKEND", "neo4j")
    monkeypatch.setenv("KGRAG_NEO4J_URI", uri or server.uri)
    monkeypatch.setenv("KGRAG_NEO4J_USER", server.user)
    monkeypatch.setenv("KGRAG_NEO4J_PASSWORD", password or server.password)
    monkeypatch.setenv("KGRAG_NEO4J_DATABASE", server.database)


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)


def test_the_neo4j_password_stays_out_of_output_errors_and_logs(bolt_server: BoltServer, data_dir: Path, cli: Cli,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, the neo4j driver's included
    secret = bolt_server.password
    _use_bolt(monkeypatch, bolt_server)
    monkeypatch.setenv("KGRAG_LLM_API_KEY", API_KEY)
    shown = [cli("config", "show", "--json"), cli("graph", "stats"), cli("graph", "search", "marfan")]
    settings = load_settings()
    shown_text = [repr(settings), str(settings.model_dump()), json.dumps(settings.model_dump(mode="json"))]
    _use_bolt(monkeypatch, bolt_server, password="wrong-" + secret)  # a failed login
    shown.append(cli("graph", "stats"))
    _use_bolt(monkeypatch, bolt_server, uri="bolt://127.0.0.1:9")  # nothing listens on the discard port
    shown.append(cli("graph", "stats"))
    assert [r.code for r in shown] == [0, 0, 0, 1, 1]
    assert "wrong credentials" in shown[3].err
    assert "127.0.0.1:9" in shown[4].err
    logged = _everything_logged(caplog)
    assert "neo4j" in logged  # the driver did log at DEBUG, and still ...
    for text in [*(r.out + r.err for r in shown), *shown_text, logged]:
        assert secret not in text and API_KEY not in text


def test_the_api_key_stays_out_of_errors_and_answers(endpoint: str, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    caplog.set_level(logging.DEBUG)
    llm = OpenAICompatibleLLM(endpoint, "missing", api_key=API_KEY, backoff=0.01)  # the server answers 404
    with pytest.raises(LLMError) as error:
        llm.complete(QUESTION)
    assert ChatCompletions.requests[-1]["auth"] == f"Bearer {API_KEY}"  # sent where it belongs, and only there
    unreachable = OpenAICompatibleLLM("http://127.0.0.1:9/v1", "m", api_key=API_KEY, retries=0)
    with pytest.raises(LLMError) as down:
        unreachable.complete(QUESTION)
    for text in (str(error.value), str(down.value), llm.name, repr(llm.__dict__.keys()), _everything_logged(caplog)):
        assert API_KEY not in text


def test_the_app_never_shows_the_password(bolt_server: BoltServer, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                          app_page: Callable[[], Any]) -> None:
    monkeypatch.setattr("kgrag.api.open_llm", lambda settings: ScriptedLLM("Ectopia lentis [K1]."))
    _use_bolt(monkeypatch, bolt_server)
    with KGRAG(load_settings()) as kg:
        kg.store._run("MATCH (n) DETACH DELETE n")  # type: ignore[attr-defined]
        load_fixture_graph(kg.store)
    pages = []
    for password in (bolt_server.password, "wrong-" + bolt_server.password):
        _use_bolt(monkeypatch, bolt_server, password=password)
        app = app_page()  # a new engine: the settings changed
        app.run()
        if password == bolt_server.password:
            app.chat_input[0].set_value("What are the features of Marfan syndrome?").run()
        pages.append(" ".join(str(getattr(e, "value", "")) + " " + str(getattr(e, "label", ""))
                              for kind in ("markdown", "caption", "warning", "error", "info", "exception", "text")
                              for e in getattr(app, kind)))
    assert "Ectopia lentis" in pages[0]  # the page really answered from the Bolt graph
    assert "rejected user 'root': wrong credentials" in pages[1]  # and really failed to log in
    for page in pages:
        assert bolt_server.password not in page
