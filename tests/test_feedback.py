"""Feedback: thumbs and comments on answers and claims, stored with what was judged, exported as JSONL or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.feedback import FeedbackStore

from .support.cli import CliResult
from .support.llm import ScriptedLLM

Cli = Callable[..., CliResult]


def test_feedback_is_stored_with_what_was_judged_and_exported(cli: Cli, graph_only: Path) -> None:  # noqa: F811
    settings = load_settings()
    assert cli("feedback", "export").err.startswith("no feedback yet")
    text = "Marfan syndrome is characterized by ectopia lentis [K1]. It is characterized by deafness."
    with KGRAG(settings, llm=ScriptedLLM(text)) as kg:
        answer = kg.ask("What are the features of Marfan syndrome?", use_passages=False)
    store = FeedbackStore(settings.feedback_path)
    try:
        first = store.record(answer, "up", "  clear and cited  ")
        second = store.record(answer, "down", "deafness is not in HPO for this", claim_index=0)
        assert second == first + 1
        with pytest.raises(UserError, match="there is no claim 9"):
            store.record(answer, "down", claim_index=9)
        with pytest.raises(UserError, match="rating must be"):
            store.record(answer, "meh")  # type: ignore[arg-type]
    finally:
        store.close()
    exported = cli("feedback", "export", "--format", "jsonl")
    assert exported.code == 0, exported.err
    rows = [json.loads(line) for line in exported.out.splitlines()]
    assert [(r["rating"], r["claim_index"]) for r in rows] == [("up", None), ("down", 0)]
    assert rows[0]["comment"] == "clear and cited" and rows[0]["question"] == answer.question
    assert rows[0]["model"] == "scripted" and rows[0]["prompt_version"] == "answer-v2"
    assert "K1=HPO 2025-01-16" in rows[0]["evidence_ids"]
    assert rows[1]["claim"] == answer.claims[0].sentence and rows[1]["verdict"] == answer.claims[0].verdict
    out = Path(load_settings().data_dir) / "feedback.csv"
    written = cli("feedback", "export", "--format", "csv", "-o", str(out))
    assert written.code == 0 and out.exists()
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(table) == 2 and table[1]["rating"] == "down"
    bad = cli("feedback", "export", "--format", "xml")
    assert bad.code == 1 and "unknown export format" in bad.err
