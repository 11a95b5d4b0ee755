"""Answer MIRAGE questions with kgrag's evidence and any model, one logged record per question.

Modes: `cot` (no retrieval: the model alone, MIRAGE's chain-of-thought baseline), `rag` (passages),
`kg` (graph facts), `kg+rag` (both), and `graph`: no model, the graph-only scorer
(`kgrag.answering.graph_choice`) picks the option the graph evidence favours or abstains; it must see the
options to score them, so retrieval in this mode is always option-aware (recorded in the header).
Otherwise retrieval sees the question only, as MIRAGE prescribes, unless `option_aware` is set (kgrag's
planner can link option concepts and find paths to them; that is a deviation from the protocol and is
recorded in the log header). Evidence is the planner's, ranked and fitted to the
model's prompt budget exactly as `kgrag ask` does; only the wording of the prompt differs: it asks for
MIRAGE's JSON answer.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from kgrag.answering.graph_choice import graph_choice
from kgrag.answering.prompting import build_prompt, load_template
from kgrag.answering.question import QuestionError
from kgrag.api import KGRAG
from kgrag.eval.mirage import MirageQuestion, Mode, parse_answer, uses_graph, uses_passages
from kgrag.limits import StageTimeoutError
from kgrag.llm.base import GenerationSettings
from kgrag.records import evidence_by_id

CHAT_TEMPLATE_TOKENS = 16  # what a chat template adds around the two messages
WARM_UP_QUESTION = "Which findings are typical of Marfan syndrome?"


@dataclass(frozen=True, slots=True)
class RunOptions:
    mode: Mode
    option_aware: bool = False
    max_new_tokens: int | None = None  # None: KGRAG_MAX_NEW_TOKENS
    check_claims: bool = True  # verify each reply's claims against the graph (about a millisecond a claim)


class MirageRunner:
    """Turns one question into one log record; the facade supplies retrieval, the model and the verifier."""

    def __init__(self, kg: KGRAG, options: RunOptions) -> None:
        self.kg = kg
        self.options = options
        self.template = load_template("mirage_cot" if options.mode == "cot" else "mirage_rag")
        self.generation = GenerationSettings(max_new_tokens=options.max_new_tokens or kg.settings.max_new_tokens,
                                             timeout_s=kg.settings.generate_timeout_s)

    def header(self, benchmark: str, benchmark_sha256: str) -> dict[str, Any]:
        """What produced the answers; the first six keys decide whether a log may be resumed."""
        graph_only = self.options.mode == "graph"
        return {"kind": "header", "benchmark_sha256": benchmark_sha256, "mode": self.options.mode,
                "model": "(graph only)" if graph_only else self.kg.llm.name,
                "prompt_version": "graph-choice" if graph_only else self.template.version,
                "option_aware": self.options.option_aware or graph_only,
                "max_new_tokens": self.generation.max_new_tokens,
                "benchmark": benchmark, "kgrag_version": version("kgrag"),
                "kg_releases": [r.to_dict() for r in self.kg.store.releases()]}

    def warm_up(self) -> float:
        """Load the local model, the linker's vectors and the embedder before the first question, so that no
        question's time includes loading; the seconds taken."""
        clock = time.perf_counter()
        self.kg.warm(passages=uses_passages(self.options.mode), llm=self.options.mode != "graph")
        if self.options.mode != "cot":
            self.kg.retrieve(WARM_UP_QUESTION, use_kg=uses_graph(self.options.mode),
                             use_passages=uses_passages(self.options.mode))
        return time.perf_counter() - clock

    def answer(self, question: MirageQuestion) -> dict[str, Any]:
        mode = self.options.mode
        started = time.perf_counter()
        timings: dict[str, float] = {}
        record: dict[str, Any] = {"kind": "answer", "subset": question.subset, "qid": question.qid,
                                  "gold": question.answer, "n_options": len(question.options)}
        facts: tuple[Any, ...] = ()
        passages: tuple[Any, ...] = ()
        if mode == "graph":
            return record | self._graph_only(question, started)
        if mode != "cot":
            clock = time.perf_counter()
            try:
                retrieval = self.kg.retrieve(question.question, question.options if self.options.option_aware
                                             else None, use_kg=uses_graph(mode), use_passages=uses_passages(mode))
            except (QuestionError, StageTimeoutError) as exc:  # this question's problem: logged, the run goes on
                return record | {"choice": None, "correct": False, "error": str(exc),
                                 "timings": {"total": _ms(started)}}
            timings.update(retrieval.timings)
            timings["retrieve"] = _ms(clock)
            facts, passages = retrieval.facts, retrieval.passages
        clock = time.perf_counter()
        prompt = build_prompt(question.parsed(), facts, passages,
                              self.kg.settings.prompt_tokens - CHAT_TEMPLATE_TOKENS, self.kg.llm.count_tokens,
                              self.template)
        timings["prompt"] = _ms(clock)
        clock = time.perf_counter()
        reply = self.kg.llm.complete(prompt.messages, self.generation).text.strip()
        timings["generate"] = _ms(clock)
        choice = parse_answer(reply, question)
        verdicts: Mapping[str, int] = {}
        if self.options.check_claims:
            clock = time.perf_counter()
            checked = self.kg.verify(reply, evidence_by_id(prompt.facts, prompt.passages))
            verdicts = Counter(claim.verdict for claim in checked.claims)
            timings["verify"] = _ms(clock)
        timings["total"] = _ms(started)
        return record | {"choice": choice, "correct": choice == question.answer, "error": None, "reply": reply,
                         "facts": len(prompt.facts), "passages": len(prompt.passages),
                         "prompt_tokens": prompt.tokens, "verdicts": dict(verdicts), "timings": timings}


    def _graph_only(self, question: MirageQuestion, started: float) -> dict[str, Any]:
        try:
            retrieval = self.kg.retrieve(question.question, question.options, use_passages=False)
        except (QuestionError, StageTimeoutError) as exc:
            return {"choice": None, "correct": False, "error": str(exc), "timings": {"total": _ms(started)}}
        picked = graph_choice(retrieval)
        return {"choice": picked.choice, "correct": picked.choice == question.answer, "error": None,
                "reply": f"graph-only: {picked.how}", "facts": len(retrieval.facts), "passages": 0,
                "prompt_tokens": 0, "verdicts": {}, "timings": {**retrieval.timings, "total": _ms(started)}}


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)
