"""Configured limits: question length, hop depth, evidence counts and per-stage time limits, each with a message
that names the setting when it is hit."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.limits import Deadline, StageTimeoutError
from kgrag.llm import GenerationSettings, LLMError, OpenAICompatibleLLM, TransformersLLM

from .support.cli import CliResult
from .support.endpoint import ChatCompletions, serving
from .support.llm import QUESTION, ScriptedLLM

Cli = Callable[..., CliResult]
ASK = "What are the features of Marfan syndrome?"


def test_question_length_and_hop_depth_limits_name_their_settings(graph_only: Path, cli: Cli,  # noqa: F811
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    long = cli("ask", "x" * 2001)
    assert long.code == 1 and "KGRAG_MAX_QUESTION_CHARS" in long.err
    monkeypatch.setenv("KGRAG_MAX_QUESTION_CHARS", "5000")
    assert "KGRAG_MAX_QUESTION_CHARS" not in cli("ask", "x" * 2001, "--no-passages").err
    with KGRAG(load_settings(), llm=ScriptedLLM("ok")) as kg, pytest.raises(UserError, match="hops must be 1, 2 or 3"):
        kg.ask(ASK, hops=4)
    monkeypatch.setenv("KGRAG_RETRIEVAL_HOPS", "4")
    deep = cli("ask", ASK)
    assert deep.code == 1 and "KGRAG_RETRIEVAL_HOPS" in deep.err and "less than or equal to 3" in deep.err


def test_evidence_counts_are_capped_and_the_plan_says_so(graph_only: Path,  # noqa: F811
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with KGRAG(load_settings(), llm=ScriptedLLM("ok")) as kg:
        full = kg.retrieve(ASK, use_passages=False)
    assert len(full.facts) > 1 and "KGRAG_MAX_FACTS" not in full.plan.reason
    monkeypatch.setenv("KGRAG_MAX_FACTS", "1")
    with KGRAG(load_settings(), llm=ScriptedLLM("ok")) as kg:
        capped = kg.retrieve(ASK, use_passages=False)
    assert len(capped.facts) == 1 and capped.facts[0] == full.facts[0]
    assert f"the best 1 of {len(full.facts)} ranked graph facts (KGRAG_MAX_FACTS)" in capped.plan.reason


def test_retrieval_time_limit_stops_with_the_stage_and_setting(graph_only: Path, cli: Cli,  # noqa: F811
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_RETRIEVAL_TIMEOUT_S", "0.000001")
    with KGRAG(load_settings(), llm=ScriptedLLM("ok")) as kg, pytest.raises(StageTimeoutError) as error:
        kg.ask(ASK)
    assert "retrieval stopped after the link stage" in str(error.value)
    assert "over KGRAG_RETRIEVAL_TIMEOUT_S=1e-06 s" in str(error.value)
    assert "Time by stage: link 0.0 s. Linking the question took longest" in str(error.value)
    result = cli("ask", ASK)
    assert result.code == 1 and "KGRAG_RETRIEVAL_TIMEOUT_S" in result.err and "Traceback" not in result.err


def test_verification_time_limit_reports_what_was_not_checked(graph_only: Path,  # noqa: F811
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Marfan syndrome has ectopia lentis [K1]. Marfan syndrome has arachnodactyly [K2]."
    with KGRAG(load_settings(), llm=ScriptedLLM(text)) as kg:
        assert len(kg.ask(ASK).claims) == 2
    monkeypatch.setenv("KGRAG_VERIFY_TIMEOUT_S", "0.000001")
    with KGRAG(load_settings(), llm=ScriptedLLM(text)) as kg:
        answer = kg.ask(ASK)
    assert answer.claims == () and answer.groundedness is None
    assert any("claim checking stopped at KGRAG_VERIFY_TIMEOUT_S=1e-06 s: 2 of 2 sentences were not checked" in n
               for n in answer.notices)


def test_deadline() -> None:
    assert not Deadline(None, "X", "work").expired()
    late = Deadline(0.001, "KGRAG_X", "work", started=time.perf_counter() - 1)
    with pytest.raises(StageTimeoutError, match=r"work stopped after the b stage: 1\.0 s is over KGRAG_X=0.001 s"):
        late.check("b")


class SlowReply(ChatCompletions):
    delay = 2.0


@pytest.fixture
def slow_endpoint() -> Iterator[str]:
    with serving(SlowReply) as url:
        yield url


def test_a_slow_endpoint_is_one_clear_error_without_retries(slow_endpoint: str, graph_only: Path,  # noqa: F811
                                                            cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.perf_counter()
    with pytest.raises(LLMError, match=r"did not answer within 0.3 s \(KGRAG_GENERATE_TIMEOUT_S\)"):
        OpenAICompatibleLLM(slow_endpoint, "m", timeout=0.3, backoff=0.01).complete(QUESTION)
    assert time.perf_counter() - started < 1.5  # not retried: a slow model stays slow
    monkeypatch.setenv("KGRAG_LLM_BACKEND", "openai")
    monkeypatch.setenv("KGRAG_LLM_BASE_URL", slow_endpoint)
    monkeypatch.setenv("KGRAG_GENERATE_TIMEOUT_S", "0.3")
    result = cli("ask", ASK, "--no-passages")
    assert result.code == 1 and "KGRAG_GENERATE_TIMEOUT_S" in result.err


def test_a_local_model_stops_at_the_time_limit(tiny_causal_lm: Path) -> None:  # noqa: F811
    llm = TransformersLLM(str(tiny_causal_lm), device="cpu")
    unlimited = llm.complete(QUESTION, GenerationSettings(max_new_tokens=64, repetition_penalty=1.0))
    started = time.perf_counter()
    stopped = llm.complete(QUESTION, GenerationSettings(max_new_tokens=64, repetition_penalty=1.0, timeout_s=1e-6))
    assert time.perf_counter() - started < 5
    assert len(stopped.text) < len(unlimited.text)  # transformers' max_time ended it after the first token
    assert (unlimited.stop, stopped.stop) == ("max_tokens", "time_limit")


def test_loading_the_models_never_counts_against_the_retrieval_limit(graph_only: Path,  # noqa: F811
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight processes loading the embedding model at once on two cores spent 30 s in "passages" and failed the
    limit; loading now happens before the clock starts and is timed on its own."""
    from kgrag.api import KGRAG as Facade

    real_warm = Facade.warm

    def slow_warm(self: Facade, *, passages: bool = True, llm: bool = True) -> float:
        time.sleep(1.0)  # a model that takes a second to load
        return real_warm(self, passages=passages, llm=llm) + 1.0

    monkeypatch.setattr(Facade, "warm", slow_warm)
    monkeypatch.setenv("KGRAG_RETRIEVAL_TIMEOUT_S", "0.5")
    with KGRAG(load_settings(), llm=ScriptedLLM("Marfan syndrome has ectopia lentis [K1].")) as kg:
        answer = kg.ask(ASK)
    assert answer.timings["load_models"] >= 1000 and answer.claims  # answered: loading was not retrieval
