"""`kgrag eval kgqa`: the KG_RAG multiple-choice set scored by the graph-only scorer, with a baseline.

The set (BaranziniLab KG_RAG, `kg_rag_mcq_questions.csv`) asks "Out of the given list, which Gene is
associated with <disease 1> and <disease 2>. Given list is: G1, G2, ..." with one correct gene
(`correct_node`). Each question goes through `retrieve` with its options (graph facts only, no passages, no
model) and `kgrag.answering.graph_choice` picks an option or abstains. The baseline, measured in the same run,
picks the option gene the graph associates with the most diseases (a popularity guess that needs no reading of
the question); it abstains on ties and on genes the graph lacks. Accuracy counts an abstention as wrong.
Read with the csv module: the file is small and quoted like any spreadsheet export.
"""

from __future__ import annotations

import csv
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgrag.answering.graph_choice import graph_choice
from kgrag.api import KGRAG
from kgrag.errors import InputFileError, NotFoundError
from kgrag.eval.mirage import wilson_interval

REQUIRED_COLUMNS = ("text", "correct_node", "options_combined")


@dataclass(frozen=True, slots=True)
class KgqaQuestion:
    line: int
    question: str
    options: dict[str, str]
    answer: str  # the correct option's letter


def load_kgqa(path: Path) -> list[KgqaQuestion]:
    """Questions from the KG_RAG CSV; a malformed row is reported as `path:line: reason`."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    questions: list[KgqaQuestion] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputFileError(path, 1, f"missing columns {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            options = [o.strip() for o in row["options_combined"].split(",") if o.strip()]
            correct = row["correct_node"].strip()
            if correct not in options:
                raise InputFileError(path, line, f"correct_node {correct!r} is not among the options")
            if len(options) > len(string.ascii_uppercase):
                raise InputFileError(path, line, f"{len(options)} options; at most 26 are supported")
            letters = dict(zip(string.ascii_uppercase, options, strict=False))
            text = row["text"].split("Given list is:")[0].strip().rstrip(".") + "?"
            answer = next(letter for letter, option in letters.items() if option == correct)
            questions.append(KgqaQuestion(line, text, letters, answer))
    return questions


@dataclass
class KgqaScore:
    n: int = 0
    correct: int = 0
    abstained: int = 0

    def add(self, choice: str | None, answer: str) -> None:
        self.n += 1
        self.correct += choice == answer
        self.abstained += choice is None

    def to_dict(self) -> dict[str, Any]:
        low, high = wilson_interval(self.correct, self.n)
        return {"n": self.n, "accuracy": round(self.correct / self.n, 4) if self.n else 0.0,
                "ci95": [round(low, 4), round(high, 4)], "abstained": self.abstained,
                "answered_accuracy": round(self.correct / (self.n - self.abstained), 4)
                if self.n > self.abstained else 0.0}


@dataclass
class KgqaReport:
    graph: KgqaScore = field(default_factory=KgqaScore)
    baseline: KgqaScore = field(default_factory=KgqaScore)
    by_how: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.graph.to_dict(), "scorer": "graph-only", "by_how": dict(self.by_how),
                "baseline": {**self.baseline.to_dict(), "scorer": "most-associated gene"}}


def popularity_choice(kg: KGRAG, options: dict[str, str]) -> str | None:
    """The option gene the graph associates with the most diseases; None on a tie or when none is known."""
    counts: dict[str, int] = {}
    for letter, name in options.items():
        found = kg.store.find_by_name(name, mode="exact", kinds=["Gene"], limit=1)
        if found:
            subgraph = kg.store.neighbors([found[0].concept.id], predicates=["associated_with", "causes"],
                                          max_degree=10_000, limit=10_000)
            counts[letter] = len(subgraph.relations)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def evaluate_kgqa(kg: KGRAG, questions: Iterable[KgqaQuestion], *, limit: int | None = None,
                  on_question: Callable[[], None] | None = None) -> KgqaReport:
    report = KgqaReport()
    for number, question in enumerate(questions):
        if limit is not None and number >= limit:
            break
        retrieval = kg.retrieve(question.question, question.options, use_passages=False)
        picked = graph_choice(retrieval)
        report.graph.add(picked.choice, question.answer)
        report.by_how[picked.how] = report.by_how.get(picked.how, 0) + 1
        report.baseline.add(popularity_choice(kg, question.options), question.answer)
        if on_question is not None:
            on_question()
    return report
