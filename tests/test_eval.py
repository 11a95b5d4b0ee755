"""The evaluation harness: MIRAGE-format benchmarks, answer parsing, scores with intervals, resumable run logs,
and the report with its plots. A tiny benchmark is written here; the models are scripted."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.eval.mirage import (
    BenchmarkFormatError,
    MirageQuestion,
    load_benchmark,
    parse_answer,
    score,
    select,
    wilson_interval,
)
from kgrag.eval.mirage_run import MirageRunner, RunOptions
from kgrag.eval.runlog import RunLog, RunLogMismatchError
from kgrag.llm import Message

from .support.cli import CliResult
from .support.endpoint import ChatCompletions, serving
from .support.llm import ReplyLLM

Cli = Callable[..., CliResult]

BENCHMARK = {
    "mmlu": {
        "anatomy-000": {"question": "Which finding is typical of Marfan syndrome?",
                        "options": {"A": "Ectopia lentis", "B": "Short stature", "C": "Deafness", "D": "Anosmia"},
                        "answer": "A"},
        "anatomy-001": {"question": "Which gene is associated with Marfan syndrome?",
                        "options": {"A": "CBS", "B": "FBN1", "C": "CFTR", "D": "HBB"}, "answer": "B"},
        "genetics-000": {"question": "What is the inheritance of homocystinuria?",
                         "options": {"A": "Autosomal recessive", "B": "X-linked", "C": "Mitochondrial",
                                     "D": "Y-linked"}, "answer": "A"},
    },
    "pubmedqa": {
        "100": {"question": "Is ectopia lentis common in Marfan syndrome?",
                "options": {"A": "yes", "B": "no", "C": "maybe"}, "answer": "A"},
        "200": {"question": "Do statins cause lens dislocation?",
                "options": {"A": "yes", "B": "no", "C": "maybe"}, "answer": "B"},
    },
}


def write_benchmark(path: Path, data: Any = BENCHMARK) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


# -- the benchmark file ------------------------------------------------------------------------------------------


def test_benchmark_is_read_in_mirage_shape(tmp_path: Path) -> None:
    benchmark = load_benchmark(write_benchmark(tmp_path / "b.json"))
    assert [len(v) for v in benchmark.values()] == [3, 2]
    first = benchmark["mmlu"][0]
    assert (first.subset, first.qid, first.answer, first.options["A"]) == ("mmlu", "anatomy-000", "A",
                                                                          "Ectopia lentis")
    assert list(load_benchmark(tmp_path / "b.json", ["pubmedqa"])) == ["pubmedqa"]
    with pytest.raises(UserError, match="no subset 'medqa'; the file has mmlu, pubmedqa"):
        load_benchmark(tmp_path / "b.json", ["medqa"])


@pytest.mark.parametrize("data, message", [
    ([1, 2], "expected a JSON object"),
    ({"mmlu": []}, r"\['mmlu'\] must be a non-empty object"),
    ({"mmlu": {"q1": {"question": "Q?", "answer": "A"}}}, r"\['mmlu'\]\['q1'\]\['options'\] must be a object"),
    ({"mmlu": {"q1": {"question": "Q?", "options": {"A": "x", "B": "y"}, "answer": "E"}}},
     r"\['mmlu'\]\['q1'\]\['answer'\] is 'E', not one of the option letters A, B"),
    ({"mmlu": {"q1": {"question": "Q?", "options": {"A": "x"}, "answer": "A"}}},
     r"\['options'\] must map at least two letters"),
    ({"mmlu": {"q1": {"question": " ", "options": {"A": "x", "B": "y"}, "answer": "A"}}}, r"\['question'\] is empty"),
    ({"mmlu": {"q1": "just text"}}, r"\['mmlu'\]\['q1'\] must be an object"),
])
def test_a_benchmark_in_the_wrong_shape_names_the_first_bad_key(tmp_path: Path, data: Any, message: str) -> None:
    path = write_benchmark(tmp_path / "bad.json", data)
    with pytest.raises(BenchmarkFormatError, match=message) as error:
        load_benchmark(path)
    assert str(error.value).startswith(str(path))


def test_a_benchmark_that_is_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"mmlu": {\n  "q1": {"question": "x",,}\n}}', encoding="utf-8")
    with pytest.raises(BenchmarkFormatError, match=rf"^{path}:2: not JSON"):
        load_benchmark(path)


def test_samples_are_seeded_nested_and_independent_of_file_order() -> None:
    questions = [MirageQuestion("mmlu", f"q{i}", "Q?", {"A": "x", "B": "y"}, "A") for i in range(50)]
    five = select(questions, 5, seed=0)
    assert five == select(list(reversed(questions)), 5, seed=0)
    assert {q.qid for q in five} < {q.qid for q in select(questions, 10, seed=0)}
    assert five != select(questions, 5, seed=1)
    assert select(questions, None, seed=0) == questions


# -- reading the model's choice -----------------------------------------------------------------------------------

MC = MirageQuestion("mmlu", "q", "Which?", {"A": "Ectopia lentis", "B": "Short stature", "C": "Deafness"}, "A")


@pytest.mark.parametrize("reply, choice", [
    ('{"step_by_step_thinking": "Lens.", "answer_choice": "A"}', "A"),
    ('```json\n{"step_by_step_thinking": "x", "answer_choice": "C"}\n```', "C"),
    ('{"step_by_step_thinking": "it says "lens"", "answer_choice": "B"}', "B"),  # broken JSON, readable key
    ('{"answer_choice": "(c)"}', "C"),
    ('{"answer_choice": "Short stature"}', "B"),
    ("Answer: B. Short stature is typical.", "B"),
    ("The answer is (C)", "C"),
    ("Deafness, because the cochlea is affected.", "C"),
    ("I cannot tell from the evidence.", None),
    ('{"answer_choice": "E"}', None),
])
def test_choices_are_read_from_json_or_text(reply: str, choice: str | None) -> None:
    assert parse_answer(reply, MC) == choice


def test_wilson_interval() -> None:
    assert wilson_interval(0, 0) == (0.0, 0.0)
    low, high = wilson_interval(5, 10)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)
    low, high = wilson_interval(10, 10)
    assert round(low, 4) == 0.7225 and high == pytest.approx(1.0)


def test_scores_count_unparsed_and_errors_apart() -> None:
    records = [
        {"subset": "mmlu", "choice": "A", "correct": True, "n_options": 4, "timings": {"retrieve": 10, "total": 100}},
        {"subset": "mmlu", "choice": None, "correct": False, "n_options": 4, "timings": {"retrieve": 10, "total": 100}},
        {"subset": "mmlu", "choice": None, "correct": False, "n_options": 4, "error": "too long",
         "timings": {"total": 1}},
        {"subset": "pubmedqa", "choice": "C", "correct": False, "n_options": 3, "timings": {"total": 500}},
    ]
    scores = score(records)
    mmlu = scores["mmlu"].to_dict()
    assert (mmlu["n"], mmlu["accuracy"], mmlu["unparsed"], mmlu["errors"], mmlu["chance"]) == (3, 0.3333, 1, 1, 0.25)
    assert mmlu["retrieval_questions_per_s"] == 150.0 and mmlu["questions_per_s"] == round(3 / 0.201, 3)
    assert scores["pubmedqa"].to_dict()["retrieval_questions_per_s"] is None  # cot: nothing retrieved


# -- answering ----------------------------------------------------------------------------------------------------


class ChoosingLLM(ReplyLLM):
    """Picks the option whose text appears in the evidence, else A; records every prompt."""

    name = "chooser"

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def reply(self, messages: Sequence[Message]) -> str:
        user = messages[-1].content
        self.prompts.append(user)
        evidence = user.split("Question:")[0].lower()
        options = [line for line in user.splitlines() if line[:2] in ("A.", "B.", "C.", "D.")]
        chosen = next((o[0] for o in options if o[3:].lower() in evidence), "A")
        return json.dumps({"step_by_step_thinking": "Marfan syndrome has phenotype ectopia lentis.",
                           "answer_choice": chosen})


def test_modes_decide_the_evidence_and_retrieval_never_sees_the_options(graph_only: Path,  # noqa: F811
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    question = load_benchmark(write_benchmark(graph_only / "b.json"))["mmlu"][0]
    llm = ChoosingLLM()
    with KGRAG(load_settings(), llm=llm) as kg:
        seen: list[Any] = []
        real = kg.retrieve
        monkeypatch.setattr(kg, "retrieve", lambda q, options=None, **kw: seen.append(options) or real(q, options,
                                                                                                        **kw))
        cot = MirageRunner(kg, RunOptions("cot")).answer(question)
        assert seen == [] and "Evidence:" not in llm.prompts[-1] and "A. Ectopia lentis" in llm.prompts[-1]
        assert (cot["facts"], cot["passages"], cot["choice"]) == (0, 0, "A")
        graph = MirageRunner(kg, RunOptions("kg")).answer(question)
        assert seen == [None]  # MIRAGE's question-only retrieval
        assert "[K1]" in llm.prompts[-1] and "Ectopia lentis" in llm.prompts[-1].split("Question:")[0]
        assert graph["facts"] > 0 and graph["correct"] and graph["error"] is None
        assert {"link", "retrieve", "prompt", "generate", "verify", "total"} <= set(graph["timings"])
        assert graph["verdicts"] == {"supported": 1}  # the reply's claim, checked against the graph
        MirageRunner(kg, RunOptions("kg", option_aware=True)).answer(question)
        assert seen[-1] == question.options


def test_a_question_over_a_limit_is_an_error_record_not_a_crash(graph_only: Path,  # noqa: F811
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_MAX_QUESTION_CHARS", "20")
    question = MirageQuestion("mmlu", "long", "Which finding is typical of Marfan syndrome?",
                              {"A": "Ectopia lentis", "B": "Short stature"}, "A")
    with KGRAG(load_settings(), llm=ChoosingLLM()) as kg:
        record = MirageRunner(kg, RunOptions("kg+rag")).answer(question)
    assert record["error"] and "limit is 20" in record["error"] and record["correct"] is False
    monkeypatch.setenv("KGRAG_MAX_QUESTION_CHARS", "2000")
    monkeypatch.setenv("KGRAG_RETRIEVAL_TIMEOUT_S", "0.000001")
    with KGRAG(load_settings(), llm=ChoosingLLM()) as kg:
        record = MirageRunner(kg, RunOptions("kg+rag")).answer(question)
    assert "KGRAG_RETRIEVAL_TIMEOUT_S" in record["error"] and record["choice"] is None


# -- the run log --------------------------------------------------------------------------------------------------


def test_run_log_resumes_drops_a_torn_line_and_refuses_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "mirage-kg.jsonl"
    header = {"kind": "header", "benchmark_sha256": "x", "mode": "kg", "model": "m", "prompt_version": "v1",
              "option_aware": False, "max_new_tokens": 64}
    with RunLog(path, header) as log:
        log.append({"kind": "answer", "subset": "mmlu", "qid": "1", "correct": True})
        log.append({"kind": "answer", "subset": "mmlu", "qid": "2", "correct": False})
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"kind": "answer", "subset": "mmlu", "qid": "3", "corr')  # killed mid-write
    with RunLog(path, header) as log:
        assert log.answered == {("mmlu", "1"), ("mmlu", "2")}
        log.append({"kind": "answer", "subset": "mmlu", "qid": "3", "correct": True})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(json.loads(line) for line in lines)
    with pytest.raises(RunLogMismatchError, match="model='m', this run has 'other'; pass --restart"):
        RunLog(path, header | {"model": "other"})
    with RunLog(path, header | {"model": "other"}, restart=True) as log:
        assert log.answered == set()


# -- the command line and the report -------------------------------------------------------------------------------


class JsonAnswers(ChatCompletions):
    """test_llm's loopback endpoint, always choosing A in MIRAGE's JSON format."""

    words = ['{"step_by_step_thinking": "Marfan syndrome has phenotype ectopia lentis.", "answer_choice": "A"}']


@pytest.fixture
def json_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    with serving(JsonAnswers) as url:
        monkeypatch.setenv("KGRAG_LLM_BACKEND", "openai")
        monkeypatch.setenv("KGRAG_LLM_BASE_URL", url)
        monkeypatch.setenv("KGRAG_LLM_MODEL", "served-model")
        yield JsonAnswers.requests


def test_cli_mirage_resumes_and_the_report_renders_with_plots(cli: Cli, graph_only: Path,  # noqa: F811
                                                             json_endpoint: list[dict[str, Any]],
                                                             tmp_path: Path) -> None:
    benchmark = write_benchmark(tmp_path / "benchmark.json")
    out = tmp_path / "results"
    first = cli("eval", "mirage", "--benchmark", str(benchmark), "--mode", "kg", "--limit", "1", "--out", str(out),
                "--json")
    assert first.code == 0, first.err
    data = json.loads(first.out)
    assert set(data) == {"mmlu", "pubmedqa"}
    for result in data.values():
        assert {"accuracy", "ci95", "n", "unparsed"} <= set(result) and result["n"] == 1
        assert 0 <= result["ci95"][0] <= result["accuracy"] <= result["ci95"][1] <= 1
    assert len(json_endpoint) == 2
    log = out / "mirage-kg.jsonl"
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"kind": "answer", "subset": "mmlu", "qid": "anat')  # a kill mid-write
    full = cli("eval", "mirage", "--benchmark", str(benchmark), "--mode", "kg", "--out", str(out), "--json")
    assert full.code == 0, full.err
    assert len(json_endpoint) == 5  # only the three questions not answered before
    results = json.loads(full.out)
    assert results["mmlu"]["n"] == 3 and results["mmlu"]["accuracy"] == round(2 / 3, 4)  # gold A, A, B
    assert results["pubmedqa"]["n"] == 2 and results["pubmedqa"]["accuracy"] == 0.5
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1 + 5
    refused = cli("eval", "mirage", "--benchmark", str(benchmark), "--mode", "kg", "--out", str(out),
                  "--max-new-tokens", "7")
    assert refused.code == 1 and "max_new_tokens" in refused.err and "--restart" in refused.err
    cot = cli("eval", "mirage", "--benchmark", str(benchmark), "--mode", "cot", "--out", str(out))
    assert cot.code == 0 and "MMLU-Med" in cot.out and "PubMedQA*" in cot.out
    assert cli("eval", "verify", "--n", "20", "--out", str(out)).code == 0

    report = cli("eval", "report", str(out))
    assert report.code == 0, report.err
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "| kg | served-model @ " in text and "| 66.7 [" in text and "| cot | served-model @ " in text
    assert "other systems with other models" in text and "GPT-4 + MedRAG" in text and "79.97" in text
    assert "| chance |" in text and "## Verification" in text and "co-occurrence (baseline)" in text
    assert "No `retrieval.json`" in text
    for plot in ("accuracy.png", "latency.png", "verdicts.png"):
        assert f"]({plot})" in text
        image = (out / plot).read_bytes()
        assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 5_000


def test_cli_mirage_bad_input(cli: Cli, graph_only: Path, tmp_path: Path) -> None:  # noqa: F811
    bad = write_benchmark(tmp_path / "bad.json", {"mmlu": {"q1": {"question": "Q?", "options": {"A": "x", "B": "y"},
                                                                   "answer": "Z"}}})
    result = cli("eval", "mirage", "--benchmark", str(bad), "--out", str(tmp_path / "o"))
    assert result.code == 1 and "['mmlu']['q1']['answer'] is 'Z'" in result.err
    unknown = cli("eval", "mirage", "--benchmark", str(bad), "--mode", "oracle")
    assert unknown.code == 1 and "unknown mode 'oracle'" in unknown.err
    empty = cli("eval", "report", str(tmp_path / "nothing-here"))
    assert empty.code == 1 and "no such directory" in empty.err
