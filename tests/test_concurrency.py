"""Concurrent `ask` calls through one KGRAG facade: no errors and no cross-talk, on the embedded store (with
the passage index) and on the Bolt server. Each question is answered alone first; the same questions asked
from 16 threads at once must give exactly the same answers, evidence and verdicts."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.graph import GraphStore
from kgrag.llm import Message
from kgrag.records import Answer

from .support.graphs import load_fixture_graph
from .support.llm import ReplyLLM

QUESTIONS = [
    "What are the features of Marfan syndrome?",
    "Which findings are typical of homocystinuria?",
    "Is ectopia lentis a feature of Marfan syndrome?",
    "Which gene is associated with Marfan syndrome?",
    "Does arachnodactyly occur in homocystinuria?",
    "What causes lens dislocation?",
    "Which gene is associated with homocystinuria?",
    "Is disproportionate tall stature seen in Marfan syndrome?",
]
CLIENTS = 16


class EchoLLM(ReplyLLM):
    """Replies from its own prompt only: the question and the first fact it was offered, so any answer that
    reaches the wrong caller, or evidence from another question, shows up as a difference."""

    name = "echo"

    def __init__(self) -> None:
        self.inside = 0
        self.most_inside = 0
        self._lock = threading.Lock()
        self.barrier: threading.Barrier | None = None  # set while the concurrent phase runs

    def reply(self, messages: Sequence[Message]) -> str:
        with self._lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
        try:
            if self.barrier is not None:
                try:
                    self.barrier.wait()  # hold the first callers together so the test really overlaps them
                except threading.BrokenBarrierError:
                    pass
            user = messages[-1].content
            question = re.search(r"Question: (.*)", user)
            fact = re.search(r"\[K1\] (.*?) \(source", user)
            return (f"You asked: {question.group(1) if question else '?'} "
                    f"{fact.group(1) + ' [K1].' if fact else 'No graph fact.'}")
        finally:
            with self._lock:
                self.inside -= 1


def _summary(answer: Answer) -> dict[str, Any]:
    return {"question": answer.question, "text": answer.text,
            "facts": [f.text for f in answer.facts], "passages": [p.passage.doc_id for p in answer.passages],
            "claims": [(c.sentence, c.verdict) for c in answer.claims], "notices": answer.notices}


def _ask_concurrently(open_kgrag: Callable[[EchoLLM], KGRAG]) -> None:
    """Answers alone from one facade, then the same questions from 16 threads through a second, cold one (its
    linker, planner and indexes are built by whichever thread gets there first)."""
    asked = [QUESTIONS[i % len(QUESTIONS)] for i in range(CLIENTS)]
    with open_kgrag(EchoLLM()) as kg:
        alone = {q: _summary(kg.ask(q)) for q in QUESTIONS}
    llm = EchoLLM()
    llm.barrier = threading.Barrier(4, timeout=10)
    with open_kgrag(llm) as kg, ThreadPoolExecutor(CLIENTS) as pool:
        together = list(pool.map(kg.ask, asked))
    assert llm.most_inside >= 4  # the calls really overlapped
    for question, answer in zip(asked, together, strict=True):
        assert _summary(answer) == alone[question]
        assert answer.text.startswith(f"You asked: {question}")


def test_sixteen_concurrent_asks_on_every_backend(store: GraphStore, data_dir: Path) -> None:
    load_fixture_graph(store)
    _ask_concurrently(lambda llm: KGRAG(load_settings(), store=store, llm=llm))


def test_sixteen_concurrent_asks_with_passages(with_passages: Path) -> None:  # noqa: F811
    _ask_concurrently(lambda llm: KGRAG(load_settings(), llm=llm))
