"""MIRAGE-format medical QA: read the benchmark, pick questions, parse the model's choice, score with error bars.

The format is MIRAGE's `benchmark.json`: `{dataset: {question id: {"question", "options": {letter: text},
"answer": letter}}}`. The protocol is MIRAGE's: zero-shot (no examples in the prompt), multiple choice, and
retrieval from the question alone (options are never shown to the retriever). A reply counts as correct only
when a choice can be read from it; one that cannot is wrong and counted as `unparsed`, never guessed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kgrag.answering.citing import parse_choice
from kgrag.errors import UserError
from kgrag.records import ParsedQuestion

Mode = Literal["cot", "rag", "kg", "kg+rag", "graph"]
MODES: tuple[Mode, ...] = ("cot", "rag", "kg", "kg+rag", "graph")
"""`graph`: no model at all; the graph-only scorer (`kgrag.answering.graph_choice`) picks from graph evidence."""
# MIRAGE's five datasets, under the keys its benchmark.json uses, and the names papers print.
SUBSET_NAMES = {"mmlu": "MMLU-Med", "medqa": "MedQA-US", "medmcqa": "MedMCQA", "pubmedqa": "PubMedQA*",
                "bioasq": "BioASQ-Y/N"}
Z95 = 1.959963984540054


class BenchmarkFormatError(UserError):
    """A benchmark file that is not in MIRAGE's shape; the message names the first offending key."""


@dataclass(frozen=True, slots=True)
class MirageQuestion:
    subset: str
    qid: str
    question: str
    options: dict[str, str]
    answer: str

    def parsed(self) -> ParsedQuestion:
        return ParsedQuestion(self.question, "multiple_choice", dict(self.options))


def uses_graph(mode: Mode) -> bool:
    return mode in ("kg", "kg+rag", "graph")


def uses_passages(mode: Mode) -> bool:
    return mode in ("rag", "kg+rag")


def parse_mode(text: str) -> Mode:
    for mode in MODES:
        if text == mode:
            return mode
    raise UserError(f"unknown mode {text!r}; use one of {', '.join(MODES)}")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_benchmark(path: Path, subsets: Sequence[str] | None = None) -> dict[str, list[MirageQuestion]]:
    """The chosen subsets (all when None), every record checked; the first bad key is the error.

    The file is read whole: MIRAGE's complete benchmark is about 10 MB, and a JSON object cannot be checked
    for shape before its end anyway."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such benchmark file") from None
    except UnicodeDecodeError as exc:
        raise BenchmarkFormatError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BenchmarkFormatError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not data:
        raise BenchmarkFormatError(f"{path}: expected a JSON object {{dataset: {{question id: {{question, options, "
                                   "answer}}}}}} with at least one dataset")
    wanted = list(subsets) if subsets else list(data)
    missing = [name for name in wanted if name not in data]
    if missing:
        raise UserError(f"{path}: no subset {missing[0]!r}; the file has {', '.join(sorted(data))}")
    return {name: [_question(path, name, qid, record) for qid, record in _records(path, name, data[name])]
            for name in wanted}


def _records(path: Path, subset: str, value: object) -> Iterable[tuple[str, object]]:
    if not isinstance(value, dict) or not value:
        raise BenchmarkFormatError(f"{path}: [{subset!r}] must be a non-empty object of question id -> record, "
                                   f"not {type(value).__name__}")
    return value.items()


def _question(path: Path, subset: str, qid: str, record: object) -> MirageQuestion:
    where = f"{path}: [{subset!r}][{qid!r}]"
    if not isinstance(record, dict):
        raise BenchmarkFormatError(f"{where} must be an object with question, options and answer")
    for key, kind in (("question", str), ("options", dict), ("answer", str)):
        if not isinstance(record.get(key), kind):
            raise BenchmarkFormatError(f"{where}[{key!r}] must be a {'string' if kind is str else 'object'}, "
                                       f"not {type(record.get(key)).__name__}")
    question, options, answer = record["question"].strip(), record["options"], record["answer"].strip().upper()
    if not question:
        raise BenchmarkFormatError(f"{where}['question'] is empty")
    if len(options) < 2 or not all(isinstance(k, str) and re.fullmatch(r"[A-Z]", k.strip().upper())
                                   and isinstance(v, str) and v.strip() for k, v in options.items()):
        raise BenchmarkFormatError(f"{where}['options'] must map at least two letters to non-empty texts")
    cleaned = {k.strip().upper(): v.strip() for k, v in options.items()}
    if answer not in cleaned:
        raise BenchmarkFormatError(f"{where}['answer'] is {record['answer']!r}, not one of the option letters "
                                   f"{', '.join(cleaned)}")
    return MirageQuestion(subset, qid, question, cleaned, answer)


def select(questions: Sequence[MirageQuestion], limit: int | None, seed: int) -> list[MirageQuestion]:
    """Up to `limit` questions, a seeded sample that does not depend on file order (MMLU-Med is sorted by
    topic, so the first N would all be anatomy). The same seed and limit always pick the same questions, and
    a larger limit picks a superset."""
    if limit is None or limit >= len(questions):
        return list(questions)
    return sorted(questions, key=lambda q: hashlib.sha256(f"{seed}:{q.subset}:{q.qid}".encode()).digest())[:limit]


# -- reading the model's choice ----------------------------------------------------------------------------

# The key of MIRAGE's JSON answer in a reply that is not valid JSON; quotes required, so prose such as
# "answer: a good option is B" is left to the product's reading of "Answer: B".
_ANSWER_KEY = re.compile(r'"answer(?:_choice)?"\s*:\s*"\s*\(?([A-Za-z])\b', re.IGNORECASE)


def parse_answer(text: str, question: MirageQuestion) -> str | None:
    """The option letter the reply commits to, or None.

    In order: a JSON object with `answer_choice` (MIRAGE's requested format, also inside code fences), a
    broken JSON object's `"answer_choice": "B"` fragment, then the product's own reading of "Answer: B",
    a leading letter, or the one option whose text the reply quotes."""
    letters = set(question.options)
    for value in _json_answers(text):
        letter = _letter(value, question)
        if letter is not None:
            return letter
    for match in _ANSWER_KEY.finditer(text):
        if match.group(1).upper() in letters:
            return match.group(1).upper()
    return parse_choice(text, question.parsed())


def _json_answers(text: str) -> Iterable[object]:
    decoder = json.JSONDecoder()
    for start in (m.start() for m in re.finditer(r"\{", text)):
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                if str(key).lower() in ("answer_choice", "answer", "choice"):
                    yield item


def _letter(value: object, question: MirageQuestion) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().strip("().").strip()
    if len(text) == 1 and text.upper() in question.options:
        return text.upper()
    match = re.match(r"([A-Za-z])[).:\s]", text)
    if match and match.group(1).upper() in question.options:
        return match.group(1).upper()
    named = [letter for letter, option in question.options.items() if option.lower() == text.lower()]
    return named[0] if named else None


# -- scores ------------------------------------------------------------------------------------------------

def wilson_interval(correct: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval: unlike the normal approximation it stays inside [0, 1] and is honest for
    the small samples a `--limit` run gives."""
    if n == 0:
        return 0.0, 0.0
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class SubsetScore:
    n: int
    correct: int
    unparsed: int
    errors: int
    chance: float  # expected accuracy of a uniform random choice over these questions' options
    retrieval_s: float
    total_s: float

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        low, high = wilson_interval(self.correct, self.n)
        return {"accuracy": round(self.accuracy, 4), "ci95": [round(low, 4), round(high, 4)], "n": self.n,
                "unparsed": self.unparsed, "errors": self.errors, "chance": round(self.chance, 4),
                "retrieval_questions_per_s": _rate(self.n, self.retrieval_s),
                "questions_per_s": _rate(self.n, self.total_s)}


def _rate(n: int, seconds: float) -> float | None:
    return round(n / seconds, 3) if seconds > 0 else None


def score(records: Iterable[Mapping[str, Any]]) -> dict[str, SubsetScore]:
    """Per subset, from the run log's answer records (so a resumed run scores everything it has answered)."""
    sums: dict[str, dict[str, float]] = {}
    for record in records:
        tally = sums.setdefault(record["subset"], dict.fromkeys(
            ("n", "correct", "unparsed", "errors", "chance", "retrieval_s", "total_s"), 0.0))
        timings = record.get("timings", {})
        tally["n"] += 1
        tally["correct"] += bool(record["correct"])
        tally["unparsed"] += record["choice"] is None and not record.get("error")
        tally["errors"] += bool(record.get("error"))
        tally["chance"] += 1.0 / record["n_options"]
        tally["retrieval_s"] += timings.get("retrieve", 0.0) / 1000
        tally["total_s"] += timings.get("total", 0.0) / 1000
    return {subset: SubsetScore(int(t["n"]), int(t["correct"]), int(t["unparsed"]), int(t["errors"]),
                                t["chance"] / t["n"], t["retrieval_s"], t["total_s"])
            for subset, t in sums.items()}
